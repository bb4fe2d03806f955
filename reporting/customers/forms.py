"""Forms for correcting a person's details and for merging two records of one person.
They check the shape of what was typed; the rules live in ``services``."""

from crispy_forms_gds.layout import (
    ConditionalQuestion,
    Field,
    Fieldset,
    Fluid,
    Size,
    Submit,
)
from django import forms
from django.core.validators import validate_email

from home.forms import (
    DayMonthYearField,
    LabelledConditionalRadios,
    form_helper,
    line_answer,
    text_answer,
    text_area,
)

from .enums import (
    EqualitySource,
    PreferredChannel,
    PreferredFormat,
    PreferredLanguage,
    ProtectedCharacteristic,
)
from .selectors import normalise_reference


class CustomerReferenceField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_reference(super().to_python(value))


class MergeFindForm(forms.Form):
    reference = CustomerReferenceField(
        label="Customer reference of the duplicate record",
        help_text="For example, C-000123. It is shown at the top of every customer record.",
        error_messages={"required": "Enter the customer reference of the duplicate record"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs.update({"spellcheck": "false"})
        self.helper = form_helper(
            Field.text("reference", label_size=Size.SMALL, field_width=10),
            Submit("find", "Continue"),
        )


class MergeConfirmForm(forms.Form):
    reference = CustomerReferenceField(widget=forms.HiddenInput)
    same_person = forms.BooleanField(
        label="I have checked that both records are the same person",
        error_messages={"required": "Confirm that both records are the same person"},
    )
    reason = forms.CharField(
        label="How do you know they are the same person?",
        help_text="For example, the same date of birth and address. "
        "Do not repeat the person's details here.",
        max_length=300,
        widget=forms.Textarea,
        error_messages={
            "required": "Say how you know the records are the same person",
            "max_length": "Keep the reason to 300 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            "reference",
            Field.checkbox("same_person"),
            Field.textarea("reason", label_size=Size.SMALL, rows=3, max_characters=300),
            Submit("confirm", "Merge the records"),
        )


class CustomerDetailsForm(forms.Form):
    """The details staff may correct, and why. The service records before and after."""

    first_name = line_answer("First name", max_length=80)
    last_name = line_answer("Last name", max_length=80)
    address = text_answer(
        "Postal address",
        max_length=400,
        required=False,
        help_text="One line per row, without the postcode.",
    )
    postcode = line_answer("Postcode", max_length=10)
    email = line_answer("E-mail address", max_length=254)
    telephone = line_answer("Telephone", max_length=30)
    preferred_channel = forms.ChoiceField(
        label="How does the person prefer to hear from us?",
        choices=PreferredChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the person prefers to hear from us"},
    )
    preferred_format = forms.ChoiceField(
        label="Which format do letters need to be in?",
        choices=PreferredFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the format the person needs"},
    )
    format_details = line_answer("Which language?", max_length=120)
    preferred_language = forms.ChoiceField(
        label="Which language are letters written in?",
        choices=PreferredLanguage.choices,
        widget=forms.RadioSelect,
        # A form sent without the question keeps the language the record holds.
        required=False,
        help_text="For another language, translated for the person, choose “Another "
        "language” as the format.",
    )
    support_needs = text_answer(
        "Needs and reasonable adjustments",
        max_length=1000,
        required=False,
        help_text="What helps the person deal with us, such as an interpreter or calls at a "
        "set time.",
    )
    representative_name = line_answer(
        "Representative (optional)",
        max_length=200,
        help_text="Someone who deals with us for the person, such as an advocate.",
    )
    representative_contact = text_answer(
        "How to reach the representative", max_length=400, required=False
    )
    representative_consent_on = DayMonthYearField(
        label="Date the person's consent to the representative was checked",
        name_in_errors="the date consent was checked",
        required=False,
    )
    reason = forms.CharField(
        label="Why are you changing these details?",
        help_text="For example, “The person told us they have moved”. This is kept with the "
        "change.",
        max_length=300,
        widget=forms.Textarea,
        # The service asks for it, so every missing answer is listed at once.
        required=False,
        error_messages={"max_length": "Keep the reason to 300 characters or fewer"},
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        if not self.is_bound:
            for name in self.fields:
                if name != "reason":
                    self.initial.setdefault(name, getattr(customer, name))
        self.fields["email"].widget.input_type = "email"
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.fields["telephone"].widget.input_type = "tel"
        self.helper = form_helper(
            Fieldset(
                Field.text("first_name", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL),
                Field.text("last_name", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL),
                text_area("address", 3),
                Field.text("postcode", field_width=10, label_size=Size.SMALL),
                Field.text("email", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL),
                Field.text("telephone", field_width=20, label_size=Size.SMALL),
                legend="Name and contact details",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("preferred_channel", legend_size=Size.SMALL, inline=True),
                LabelledConditionalRadios(
                    "preferred_format",
                    *[
                        label
                        if value != PreferredFormat.OTHER_LANGUAGE
                        else _reveals(label, "format_details")
                        for value, label in PreferredFormat.choices
                    ],
                ),
                Field.radios("preferred_language", legend_size=Size.SMALL, inline=True),
                text_area("support_needs", 3, 1000),
                legend="How we contact them",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text(
                    "representative_name", field_width=Fluid.TWO_THIRDS, label_size=Size.SMALL
                ),
                text_area("representative_contact", 2),
                Field(
                    "representative_consent_on",
                    context={"legend_size": Size.for_legend(Size.SMALL)},
                ),
                legend="A representative",
                legend_size=Size.MEDIUM,
            ),
            text_area("reason", 2, 300),
            Submit("save", "Save the changes"),
        )

    def clean_email(self):
        email = self.cleaned_data.get("email", "").strip()
        if email:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    "Enter an e-mail address in the right format, like name@example.com"
                ) from None
        return email

    def clean_preferred_language(self):
        return self.cleaned_data.get("preferred_language") or self.customer.preferred_language

    def detail_values(self):
        data = self.cleaned_data
        return {name: data.get(name) for name in self.fields if name != "reason"}


def _reveals(value, *fields):
    return ConditionalQuestion(value, *(Field.text(name) for name in fields))


class EqualityDetailsForm(forms.Form):
    """For each protected characteristic: the person's answer, or “prefer not to say”."""

    source = forms.ChoiceField(
        label="Where did these answers come from?",
        choices=EqualitySource.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = []
        for value, label in ProtectedCharacteristic.choices:
            self.fields[f"{value}_answer"] = forms.CharField(
                label=label, max_length=120, required=False
            )
            self.fields[f"{value}_prefer_not"] = forms.BooleanField(
                label=f"{label}: prefer not to say", required=False
            )
            rows.append(
                Fieldset(
                    Field.text(f"{value}_answer", field_width=Fluid.TWO_THIRDS),
                    Field.checkbox(f"{value}_prefer_not", small=True),
                    legend=label,
                    legend_size=Size.SMALL,
                )
            )
        self.helper = form_helper(
            *rows,
            Field.radios("source", legend_size=Size.SMALL),
            Submit("save", "Save the equality details"),
        )

    def answers(self):
        data = self.cleaned_data
        return {
            value: (data.get(f"{value}_answer", ""), data.get(f"{value}_prefer_not", False))
            for value in ProtectedCharacteristic.values
        }


class DetailGrantForm(forms.Form):
    """A manager's reason to read every service's records about one person."""

    reason = forms.CharField(
        label="Why do you need to read the other services' records?",
        help_text="For example, a safeguarding concern or a decision you must make today. "
        "Information governance reads every reason. Do not name other people.",
        max_length=1000,
        widget=forms.Textarea,
        error_messages={
            "required": "Say why you need to read the other services' records",
            "max_length": "Keep the reason to 1,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.MEDIUM, rows=4, max_characters=1000),
            Submit("give", "Give the reason and read the records"),
        )
