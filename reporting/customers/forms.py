"""Forms for merging two records of one person. They check the shape of what was typed;
the rules live in ``services``."""

from crispy_forms_gds.layout import (
    Field,
    Size,
    Submit,
)
from django import forms

from home.forms import form_helper

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
