"""Forms for letters: editing a letter template in the admin, issuing a letter, and the
public letter check."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from home.forms import date_field, form_helper

from .check_codes import normalise
from .placeholders import template_problems


class LetterTemplateForm(WagtailAdminModelForm):
    """Saves any draft, so that nothing typed is lost, but publishes only a template that
    says everything its letter type must say and uses only placeholders that exist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Each type, format and language has one template; changing any of them
            # would change what letters already pinned to it say.
            for name in ("letter_type", "format", "language"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        if self.is_deferred_validation:
            return cleaned  # saving a draft
        letter_type = cleaned.get("letter_type") or self.instance.letter_type
        problems = template_problems(
            letter_type, cleaned.get("subject", ""), cleaned.get("body", "")
        )
        for name, message in problems.items():
            self.add_error(name, f"This template cannot be published. {message}.")
        return cleaned


class RecordPostingForm(forms.Form):
    """The day staff posted a letter themselves."""

    posted_on = date_field(
        "The day it was posted",
        required=True,
        missing="Enter the day the letter was posted",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("posted_on")


class IssueLetterForm(forms.Form):
    """The "Issue this letter" button; a corrected letter names the one it replaces."""

    supersedes = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)


# The public letter check -----------------------------------------------------------------

# Far above any letter (about 20 KB), low enough that nobody can make the server hash a
# large file; the upload is read in chunks and never stored.
CHECK_PDF_MAX_BYTES = 10 * 1024 * 1024


class LetterCheckForm(forms.Form):
    """A letter's reference and check code, as printed on it, and optionally its PDF."""

    reference = forms.CharField(
        label="Reference",
        max_length=30,
        help_text="Printed at the top of the letter, for example FDC-2026-00042",
        error_messages={"required": "Enter the reference printed on the letter"},
    )
    code = forms.CharField(
        label="Check code",
        max_length=30,
        help_text="Printed at the end of the letter: ten letters and numbers, for example "
        "7KQ2M-X9D4T",
        error_messages={"required": "Enter the check code printed on the letter"},
    )
    pdf = forms.FileField(
        label="The letter's PDF file (optional)",
        required=False,
        help_text="If you were sent the letter by e-mail, you can also check the file is "
        "exactly the one we sent. PDF only, up to 10 MB. We do not keep it.",
    )

    def clean_code(self):
        code = normalise(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                "Enter the check code as printed: ten letters and numbers, such as 7KQ2M-X9D4T"
            )
        return code

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if not upload:
            return None
        if upload.size > CHECK_PDF_MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 10 MB")
        upload.seek(0)
        start = upload.read(5)
        upload.seek(0)
        if start != b"%PDF-":
            raise forms.ValidationError("The selected file must be a PDF")
        return upload
