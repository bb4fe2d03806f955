from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your manager.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        # The form sets the username's length limit after the field is made, so its
        # validator is missing: add it, so that a username too long to exist is refused
        # before anyone tries to sign in with it.
        limit = self.fields["username"].max_length or 150
        self.fields["username"].validators.append(MaxLengthValidator(limit))
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> holds it
        self.helper.layout = Layout("username", "password", Submit("submit", "Sign in"))


class CodeForm(forms.Form):
    """A code from the authenticator app, or one backup code."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, label="Code", hint="", button="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = label
        field.help_text = hint
        field.widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        )
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> holds it
        self.helper.layout = Layout(Field.text("code", field_width=10), Submit("submit", button))

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class ResetSecondFactorForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={"required": "Enter the username of the person to reset"},
    )
    confirm = forms.BooleanField(
        label="Yes, remove this person's authenticator app and backup codes",
        error_messages={
            "required": "Confirm that you have checked it is this person who needs a reset"
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> holds it
        self.helper.layout = Layout(
            "username",
            Field.checkbox("confirm"),
            Submit("submit", "Reset second factor", css_class="govuk-button--warning"),
        )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError("There is no account with that username")
        self.user = user
        return username
