"""Removing restrictions, warnings and read-and-file items under the retention schedule.
The schedule (reporting/governance) removes their letters first, then calls these."""

from home.stored_files import delete_files_on_commit

from ..models import (
    ContactAttachment,
    ContactItem,
    CustomerWarning,
    PolicyChangeCheck,
    Reconsideration,
    Restriction,
    RestrictionReview,
)


def remove_contact_items_for_retention(*, items) -> tuple[int, int]:
    """Delete read-and-file items with their attachments' files; returns (items, files)."""
    ids = list(items.values_list("pk", flat=True))
    attachments = ContactAttachment.objects.filter(item_id__in=ids)
    files = delete_files_on_commit([attachment.file for attachment in attachments])
    attachments.delete()
    ContactItem.objects.filter(pk__in=ids).delete()
    return len(ids), files


def remove_restrictions_for_retention(*, restrictions) -> tuple[int, int]:
    """Delete restrictions with their reviews, reconsiderations, policy checks and
    read-and-file items (and those items' files); returns (restrictions, files). Their
    letters must already be gone. The incidents they relied on and the warning they
    followed stay: each has its own rule."""
    ids = list(restrictions.values_list("pk", flat=True))
    _, files = remove_contact_items_for_retention(
        items=ContactItem.objects.filter(restriction_id__in=ids)
    )
    PolicyChangeCheck.objects.filter(restriction_id__in=ids).delete()
    Reconsideration.objects.filter(restriction_id__in=ids).delete()
    RestrictionReview.objects.filter(restriction_id__in=ids).delete()
    Restriction.objects.filter(pk__in=ids).delete()
    return len(ids), files


def remove_warnings_for_retention(*, warnings) -> int:
    """Delete warnings no restriction still follows; returns how many. Their letters must
    already be gone; the incidents they rested on stay, under their own rule."""
    ids = list(warnings.values_list("pk", flat=True))
    CustomerWarning.objects.filter(pk__in=ids).delete()
    return len(ids)
