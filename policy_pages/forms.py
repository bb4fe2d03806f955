"""The admin form for versioned pages, which asks for a change note on every publishing
action, and the public form for choosing two versions to compare."""

from django import forms
from django.template.defaultfilters import date
from django.utils.timezone import localtime
from wagtail.admin.forms import WagtailAdminPageForm

CHANGE_NOTE_MISSING = (
    "Write a change note saying what changed in this version. Every published version "
    "shows its note to the public."
)


class VersionedPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self._note_already_published():
            # A note that already describes a version would mislabel the next one.
            self.initial["change_note"] = ""

    def _note_already_published(self) -> bool:
        from .models import PublishedVersion

        note = (self.instance.change_note or "").strip()
        if not (self.instance.pk and note):
            return False
        return PublishedVersion.objects.filter(page_id=self.instance.pk, change_note=note).exists()

    def _is_publishing(self) -> bool:
        data = self.data
        if data.get("action-publish") or data.get("action-submit"):
            return True
        if data.get("action-restart-workflow"):
            return True
        return bool(data.get("action-workflow-action")) and (
            data.get("workflow-action-name") == "approve"
        )

    def clean(self):
        cleaned_data = super().clean()
        note = (cleaned_data.get("change_note") or "").strip()
        cleaned_data["change_note"] = note
        if self._is_publishing() and not note:
            self.add_error("change_note", CHANGE_NOTE_MISSING)
        return cleaned_data


class CompareVersionsForm(forms.Form):
    """The reader's choice of two published versions of a page to compare."""

    CHOOSE_FIRST = "Choose the version to compare from"
    CHOOSE_SECOND = "Choose the version to compare it with"
    NOT_A_VERSION = "Choose one of the versions in the list"
    SAME_VERSION = "Choose two different versions: a version is the same as itself"

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(version.number),
                f"Version {version.number} ({date(localtime(version.published_at), 'j F Y')})",
            )
            for version in versions
        ]
        self.fields["from"] = forms.TypedChoiceField(
            label="Compare version",
            choices=choices,
            coerce=int,
            error_messages={"required": self.CHOOSE_FIRST, "invalid_choice": self.NOT_A_VERSION},
        )
        self.fields["to"] = forms.TypedChoiceField(
            label="with version",
            choices=choices,
            coerce=int,
            error_messages={"required": self.CHOOSE_SECOND, "invalid_choice": self.NOT_A_VERSION},
        )

    def clean(self):
        cleaned_data = super().clean()
        first, second = cleaned_data.get("from"), cleaned_data.get("to")
        if first is not None and first == second:
            self.add_error("to", self.SAME_VERSION)
        return cleaned_data

    def older_and_newer(self) -> tuple[int, int]:
        first, second = self.cleaned_data["from"], self.cleaned_data["to"]
        return min(first, second), max(first, second)
