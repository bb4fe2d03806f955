"""The admin form for versioned pages: asks for a change note on every publishing action."""

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
