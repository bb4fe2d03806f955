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


def remove_contact_items_for_retention(*, item_ids) -> tuple[int, int]:
    """Delete the read-and-file items with these ids, with their attachments' files;
    returns (items, files)."""
    ids = list(ContactItem.objects.filter(pk__in=item_ids).values_list("pk", flat=True))
    attachments = ContactAttachment.objects.filter(item_id__in=ids)
    files = delete_files_on_commit([attachment.file for attachment in attachments])
    attachments.delete()
    ContactItem.objects.filter(pk__in=ids).delete()
    return len(ids), files


def remove_restrictions_for_retention(*, restriction_ids) -> tuple[int, int]:
    """Delete the restrictions with these ids, with their reviews, reconsiderations,
    policy checks and read-and-file items (and those items' files); returns
    (restrictions, files). Their letters must already be gone. The incidents they relied
    on and the warning they followed stay: each has its own rule."""
    ids = list(Restriction.objects.filter(pk__in=restriction_ids).values_list("pk", flat=True))
    _, files = remove_contact_items_for_retention(
        item_ids=ContactItem.objects.filter(restriction_id__in=ids).values("pk")
    )
    PolicyChangeCheck.objects.filter(restriction_id__in=ids).delete()
    Reconsideration.objects.filter(restriction_id__in=ids).delete()
    RestrictionReview.objects.filter(restriction_id__in=ids).delete()
    Restriction.objects.filter(pk__in=ids).delete()
    return len(ids), files


def remove_warnings_for_retention(*, warning_ids) -> int:
    """Delete the warnings with these ids, which no restriction still follows; returns how
    many. Their letters must already be gone; the incidents they rested on stay, under
    their own rule."""
    ids = list(CustomerWarning.objects.filter(pk__in=warning_ids).values_list("pk", flat=True))
    CustomerWarning.objects.filter(pk__in=ids).delete()
    return len(ids)
