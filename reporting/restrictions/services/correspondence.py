"""Read and file: logging what a customer sends under a restriction that routes their
contact to a named reader, and recording what the reader found.

Each change is atomic, checks its rules, writes the audit trail and, when a rule is
broken, raises ``RuleError`` (field name to message) and changes nothing. Attachments are
checked as incident evidence is (``reporting.incidents.evidence``) and stored beside it,
privately, under random names; a failed save leaves no file behind.
"""

import logging
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.rules import RuleError
from reporting.access import audit, notify
from reporting.access.enums import AuditAction
from reporting.access.permissions import StaffAccess
from reporting.customers.services import lock_customer
from reporting.incidents.evidence import CheckedFile

from ..enums import ContactAction, ContactChannel
from ..models import ContactAttachment, ContactItem, Restriction
from ..selectors import logging_refusal, service_managers
from .decisions import clean

logger = logging.getLogger(__name__)


def _item_problems(restriction, *, received_on, channel, summary, attachments, today):
    errors = {}
    if received_on is None:
        errors["received_on"] = "Enter the date the item was received"
    elif received_on > today:
        errors["received_on"] = "The date the item was received cannot be in the future"
    elif received_on < restriction.starts_on:
        errors["received_on"] = (
            "The item arrived before the restriction came into force, so it is not read and "
            "filed under it"
        )
    if channel not in ContactChannel.values:
        errors["channel"] = "Choose how the item arrived"
    if not summary:
        errors["summary"] = "Summarise what the item is about"
    if any(not isinstance(checked, CheckedFile) for checked in attachments):
        errors["attachments"] = "Attach only files that have passed the evidence checks"
    return errors


def log_contact_item(*, restriction, by, received_on, channel, summary, attachments=()):
    """Log one item the person sent; it waits in the named reader's tasks until read.
    ``attachments`` are ``CheckedFile``s from ``reporting.incidents.evidence``."""
    stored = []
    try:
        with transaction.atomic():
            item = _log(
                restriction=restriction,
                by=by,
                received_on=received_on,
                channel=channel,
                summary=summary,
                attachments=list(attachments or []),
                stored=stored,
            )
    except BaseException:
        _remove_files(stored)
        raise
    return item


def _log(*, restriction, by, received_on, channel, summary, attachments, stored):
    lock_customer(restriction.customer_id)
    restriction = Restriction.objects.select_for_update().get(pk=restriction.pk)
    if not StaffAccess(by).can_log_contact(restriction):
        raise RuleError(
            "Only the named reader, a manager of the restriction's services or a decision "
            "maker can log what the person sends"
        )
    refusal = logging_refusal(restriction)
    if refusal:
        raise RuleError(refusal)
    summary = clean(summary)
    errors = _item_problems(
        restriction,
        received_on=received_on,
        channel=channel,
        summary=summary,
        attachments=attachments,
        today=timezone.localdate(),
    )
    if errors:
        raise RuleError(errors=errors)
    item = ContactItem.objects.create(
        restriction=restriction,
        received_on=received_on,
        channel=channel,
        summary=summary,
        logged_by=by,
    )
    for checked in attachments:
        attachment = ContactAttachment(
            item=item,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
        )
        # The stored name is random: the sender's own file name never reaches the disk.
        attachment.file.save(
            f"{uuid.uuid4().hex}.{checked.kind.stored_ending}", checked.upload, save=False
        )
        stored.append(attachment.file.name)
        attachment.save()
    count = len(attachments)
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        obj=item,
        note=f"Logged under {restriction.reference} with {count} "
        f"attachment{'' if count == 1 else 's'}",
    )
    reader = restriction.reader
    if reader is not None and reader.pk != by.pk:
        notify.tell(
            notify.addresses(get_user_model().objects.filter(pk=reader.pk)),
            subject=f"{item.reference} waits for you to read it",
            what="Something the person sent under a read-and-file restriction has been "
            "logged. Please read it, check it for anything new, a complaint, a safeguarding "
            "concern or anything urgent, and record what was done.",
            reference=item.reference,
            path=reverse("staff:contact_item", args=[item.reference]),
        )
    return item


def _remove_files(names):
    storage = ContactAttachment._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove the attachment file %s", name)


@transaction.atomic
def record_reading(
    *,
    item,
    by,
    action,
    action_detail="",
    raises_new_issue=False,
    complaint=False,
    safeguarding=False,
    urgent=False,
):
    """Record that ``item`` was read, what it raised and what was done with it. Something
    that raises a new issue, a complaint, a safeguarding concern or anything urgent is
    never simply filed."""
    lock_customer(item.restriction.customer_id)
    item = ContactItem.objects.select_for_update().get(pk=item.pk)
    if not StaffAccess(by).can_record_reading(item):
        raise RuleError(
            "Only the named reader records the reading (a manager of the restriction's "
            "services does when there is none)"
        )
    if item.is_read:
        raise RuleError(f"{item.reference} has already been read")
    action_detail = clean(action_detail)
    flags = {
        "raises_new_issue": bool(raises_new_issue),
        "complaint": bool(complaint),
        "safeguarding": bool(safeguarding),
        "urgent": bool(urgent),
    }
    errors = {}
    if action not in ContactAction.values:
        errors["action"] = "Choose what was done with the item"
    elif any(flags.values()) and action == ContactAction.FILED:
        errors["action"] = (
            "The item raises something that needs acting on: pass it to a service or answer "
            "it, rather than filing it"
        )
    if action == ContactAction.PASSED and not action_detail:
        errors["action_detail"] = "Say which service it was passed to"
    elif any(flags.values()) and not action_detail and "action" not in errors:
        errors["action_detail"] = "Say what was done about what the item raises"
    if errors:
        raise RuleError(errors=errors)
    for name, value in flags.items():
        setattr(item, name, value)
    item.action = action
    item.action_detail = action_detail
    item.read_by = by
    item.read_at = timezone.now()
    item.save()
    found = ", ".join(label.lower() for label in item.findings()) or "nothing new"
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=item,
        note=f"Read: {found}; {ContactAction(action).label.lower()}",
    )
    if item.safeguarding or item.urgent:
        restriction = item.restriction
        notify.tell(
            notify.addresses(service_managers(restriction).exclude(pk=by.pk)),
            subject=f"{item.reference} raises a safeguarding concern or something urgent",
            what="An item logged under a read-and-file restriction in your service raises a "
            "safeguarding concern or something urgent. Please check what was done.",
            reference=item.reference,
            path=reverse("staff:contact_item", args=[item.reference]),
        )
    return item
