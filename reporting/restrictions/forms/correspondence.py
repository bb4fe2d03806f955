"""Forms for read and file: logging an item the person sent, and recording its reading.
They check the shape of what was typed; the rules live in ``services.correspondence``."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.conf import settings

from home.forms import date_field, form_helper, text_answer, text_area
from reporting.incidents import evidence
from reporting.incidents.forms.fields import EvidenceField

from ..enums import ContactAction, ContactChannel
from ..models import ContactItem


class ContactItemForm(forms.Form):
    received_on = date_field("Date received", required=True, missing="Enter the date received")
    channel = forms.ChoiceField(
        label="How did it arrive?",
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the item arrived"},
    )
    summary = text_answer(
        "What is it about?",
        max_length=2000,
        help_text="A short summary, so the reader and the next review know what came in.",
        missing="Summarise what the item is about",
    )
    attachments = EvidenceField(label="Attach a copy (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = evidence.megabytes(settings.EVIDENCE_MAX_BYTES).replace(" ", "\u00a0")
        self.fields["attachments"].help_text = (
            "A scan, photo, PDF or saved e-mail of what was sent. Up to "
            f"{evidence.MAX_FILES} files, each {limit} or smaller."
        )
        self.helper = form_helper(
            Field("received_on", context={"legend_size": Size.for_legend(Size.SMALL)}),
            Field.radios("channel", legend_size=Size.SMALL),
            text_area("summary", 4, 2000),
            Field("attachments", label_size=Size.SMALL),
            Submit("save", "Log the item"),
        )

    def item_values(self):
        data = self.cleaned_data
        return {
            "received_on": data.get("received_on"),
            "channel": data.get("channel"),
            "summary": data.get("summary", ""),
            "attachments": data.get("attachments") or [],
        }


class ReadingForm(forms.Form):
    found = forms.MultipleChoiceField(
        label="What does it raise?",
        help_text="Select all that apply. Leave all unticked if it raises nothing new.",
        choices=ContactItem.FINDINGS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    action = forms.ChoiceField(
        label="What was done with it?",
        choices=ContactAction.choices,
        widget=forms.RadioSelect,
        help_text="Anything that raises a new issue, a complaint, a safeguarding concern or "
        "something urgent is passed to a service or answered, never just filed.",
        error_messages={"required": "Choose what was done with the item"},
    )
    action_detail = text_answer(
        "What was done",
        max_length=1000,
        required=False,
        help_text="Which service it went to, how it was answered, or the safeguarding "
        "referral made.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.checkboxes("found", legend_size=Size.SMALL),
            Field.radios("action", legend_size=Size.SMALL),
            text_area("action_detail", 3, 1000),
            Submit("save", "Record the reading"),
        )

    def reading_values(self):
        data = self.cleaned_data
        found = set(data.get("found") or [])
        return {
            **{name: name in found for name, _ in ContactItem.FINDINGS},
            "action": data.get("action"),
            "action_detail": data.get("action_detail", ""),
        }
