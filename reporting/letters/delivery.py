"""How an issued letter reaches the person, and what became of it.

With GOV.UK Notify configured (``notify.is_configured``), issuing a letter queues its
delivery: by e-mail, as a link to the PDF, when the letter went to someone who asked for
e-mail and has an address; otherwise by post, as a precompiled letter whose address Notify
reads from the PDF. The sending runs as a background task once the issue has committed,
so issuing stays quick and a letter is never sent for an issue that rolled back; nothing
Notify says or fails to say ever undoes an issue. Notify's callbacks then move the
delivery on (received, delivered, returned, failed). Without Notify, staff download and
post the letter and record the day it went.

Each step writes to the audit trail against the letter. A failed or returned delivery
waits in the issuing manager's task list until someone posts the letter by hand.
"""

import datetime
import hashlib
import logging
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks import task
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend

from home.models import CouncilSettings
from home.rules import RuleError
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.permissions import StaffAccess
from reporting.customers.enums import PreferredChannel
from reporting.customers.selectors import current_record

from . import notify
from .enums import DeliveryChannel, DeliveryStatus
from .models import Letter, LetterDelivery
from .selectors import integrity_failed
from .wording import address_lines

logger = logging.getLogger(__name__)

# A later callback never takes a delivery back to an earlier stage: Notify may retry an
# old callback after a newer one has arrived.
STAGE = {
    DeliveryStatus.QUEUED: 0,
    DeliveryStatus.SENDING: 1,
    DeliveryStatus.RECEIVED: 2,
    DeliveryStatus.DELIVERED: 3,
    DeliveryStatus.FAILED: 3,
    DeliveryStatus.POSTED: 3,
    DeliveryStatus.RETURNED: 4,
}
# Where staff may still record posting by hand: nothing on the way, or it failed.
POSTING_WANTED = {None, DeliveryStatus.FAILED, DeliveryStatus.RETURNED}
NO_ADDRESS = (
    "The person's record has no postal address, nor an e-mail address to which they asked "
    "for letters, so GOV.UK Notify could not send it."
)


# Sending --------------------------------------------------------------------------------


def channel_for(letter, customer):
    """How Notify sends ``letter`` to ``customer`` (their current record), or None when
    their record gives it nowhere to go."""
    wants_email = letter.channel == PreferredChannel.EMAIL
    if wants_email and customer.email and notify.sends_email():
        return DeliveryChannel.NOTIFY_EMAIL
    if address_lines(customer):
        return DeliveryChannel.NOTIFY_POST
    return None


def queue_delivery(letter):
    """Inside the issue's transaction: record that ``letter`` will go through Notify and
    queue the sending, to run once the issue commits. Does nothing without Notify."""
    if not notify.is_configured():
        return None
    channel = channel_for(letter, current_record(letter.customer))
    if channel is None:
        delivery = LetterDelivery.objects.create(
            letter=letter,
            channel=DeliveryChannel.NOTIFY_POST,
            status=DeliveryStatus.FAILED,
            failure=NO_ADDRESS,
        )
        audit.record(
            actor=None,
            action=AuditAction.CHANGE,
            obj=letter,
            note="Not sent through GOV.UK Notify: no address to send it to",
        )
        return delivery
    delivery = LetterDelivery.objects.create(
        letter=letter, channel=channel, status=DeliveryStatus.QUEUED
    )
    _enqueue(delivery.pk)
    return delivery


def _enqueue(delivery_id):
    """A backend that keeps tasks in this database takes the task in the issue's own
    transaction (under a savepoint, so a failure there leaves the issue standing); one that
    runs tasks at once runs it after the commit, never inside the issue."""
    writes_rows = not isinstance(send_letter.get_backend(), (ImmediateBackend, DummyBackend))
    if not writes_rows:
        transaction.on_commit(lambda: send_letter.enqueue(delivery_id), robust=True)
        return
    try:
        with transaction.atomic():
            send_letter.enqueue(delivery_id)
    except Exception:
        logger.exception("Could not queue delivery %s for GOV.UK Notify", delivery_id)


@task()
def send_letter(delivery_id):
    """Send one queued delivery through Notify. Never raises: whatever goes wrong is kept
    on the delivery as a failure, for staff to see and act on."""
    try:
        return send_delivery(delivery_id)
    except Exception as error:
        logger.exception("Delivery %s failed while sending to GOV.UK Notify", delivery_id)
        _fail(delivery_id, notify.error_words(error))
        return None


def send_delivery(delivery_id):
    """Send the letter of a queued delivery and record what Notify answered."""
    delivery = LetterDelivery.objects.select_related("letter__customer").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.QUEUED:
        return delivery.status  # sent already: a task run twice sends once
    letter = delivery.letter
    with letter.pdf.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        with transaction.atomic():
            integrity_failed(letter, by=None)
        _fail(delivery_id, "The stored PDF no longer matches the letter issued; not sent.")
        return DeliveryStatus.FAILED
    customer = current_record(letter.customer)
    try:
        if delivery.channel == DeliveryChannel.NOTIFY_EMAIL:
            answer = notify.send_by_email(
                reference=letter.reference,
                pdf=data,
                email_address=customer.email,
                subject=letter.subject,
                council_name=CouncilSettings.load().name,
            )
        else:
            answer = notify.send_by_post(reference=letter.reference, pdf=data)
    except Exception as error:  # refused by Notify, unreachable, or too large to upload
        _fail(delivery_id, notify.error_words(error))
        return DeliveryStatus.FAILED
    with transaction.atomic():
        delivery = LetterDelivery.objects.select_for_update().get(pk=delivery_id)
        delivery.notify_id = str(answer.get("id", ""))[:36]
        delivery.notify_reference = str(answer.get("reference") or letter.reference)[:50]
        delivery.notify_status = "created"
        delivery.status = DeliveryStatus.SENDING
        delivery.status_at = timezone.now()
        delivery.save()
        how = "e-mail" if delivery.channel == DeliveryChannel.NOTIFY_EMAIL else "post"
        audit.record(
            actor=None,
            action=AuditAction.CHANGE,
            obj=letter,
            note=f"Sent by {how} through GOV.UK Notify",
        )
    return delivery.status


def _fail(delivery_id, words):
    with transaction.atomic():
        delivery = (
            LetterDelivery.objects.select_for_update()
            .select_related("letter")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return
        delivery.status = DeliveryStatus.FAILED
        delivery.status_at = timezone.now()
        delivery.failure = words[:300]
        delivery.save()
        audit.record(
            actor=None,
            action=AuditAction.CHANGE,
            obj=delivery.letter,
            note="Not sent: GOV.UK Notify did not take it",
        )


# Notify's callbacks -------------------------------------------------------------------


class CallbackError(ValueError):
    """A callback body that is not what Notify sends."""


def read_callback(payload):
    """(notification id, Notify's status, when) from a callback body, or CallbackError.
    Delivery callbacks carry ``id`` and ``status``; the returned-letter callback carries
    ``notification_id`` and means the letter came back."""
    if not isinstance(payload, dict):
        raise CallbackError("The body is not a JSON object")
    if "status" in payload:
        raw_id, status = payload.get("id"), payload.get("status")
    else:
        raw_id, status = payload.get("notification_id"), "returned-letter"
    if not isinstance(raw_id, str) or not isinstance(status, str):
        raise CallbackError("id and status must be strings")
    try:
        notification_id = str(uuid.UUID(raw_id))
    except ValueError as error:
        raise CallbackError("id is not a notification id") from error
    if status not in notify.STATUSES:
        raise CallbackError("status is not one of Notify's")
    when = None
    for name in ("completed_at", "sent_at", "created_at"):
        value = payload.get(name)
        if isinstance(value, str):
            try:
                when = parse_datetime(value)
            except ValueError:
                when = None
        if when is not None:
            break
    if when is not None and timezone.is_naive(when):
        when = timezone.make_aware(when, datetime.UTC)
    return notification_id, status, when


@transaction.atomic
def record_callback(payload):
    """Move the delivery Notify names on to the status it reports, and audit it. Returns
    the delivery, or None when no delivery has that notification id (Notify is answered
    all the same, so that it stops retrying). Raises CallbackError for a malformed body."""
    notification_id, notify_status, when = read_callback(payload)
    delivery = (
        LetterDelivery.objects.select_for_update()
        .select_related("letter")
        .filter(notify_id=notification_id)
        .order_by("-pk")
        .first()
    )
    if delivery is None:
        return None
    _apply_status(delivery, notify_status, when)
    return delivery


def _apply_status(delivery, notify_status, when):
    """Record Notify's ``notify_status`` on ``delivery`` (locked), unless it is older than
    what is recorded or the same again; audit the change. Returns whether it changed."""
    status = notify.STATUSES[notify_status]
    if STAGE[status] < STAGE[delivery.status] or notify_status == delivery.notify_status:
        return False  # an older word arriving late, or the same word again
    delivery.status = status
    delivery.notify_status = notify_status
    delivery.status_at = when or timezone.now()
    failed = status in (DeliveryStatus.FAILED, DeliveryStatus.RETURNED)
    delivery.failure = notify.FAILURES.get(notify_status, "") if failed else ""
    delivery.save()
    audit.record(
        actor=None,
        action=AuditAction.CHANGE,
        obj=delivery.letter,
        note=f"GOV.UK Notify: {delivery.get_status_display().lower()} ({notify_status})",
    )
    return True


def check_with_notify(*, older_than=None):
    """Ask Notify for the status of each delivery still with it (for when a callback went
    astray): those sent more than ``older_than`` ago (a day by default). Returns (asked,
    changed); a delivery Notify cannot tell us about is left as it is."""
    older_than = older_than or datetime.timedelta(days=1)
    waiting = LetterDelivery.objects.filter(
        status__in=[DeliveryStatus.SENDING, DeliveryStatus.RECEIVED],
        status_at__lt=timezone.now() - older_than,
    ).exclude(notify_id="")
    asked = changed = 0
    for delivery_id, notification_id in waiting.values_list("pk", "notify_id"):
        asked += 1
        try:
            answer = notify.client().get_notification_by_id(notification_id)
        except Exception as error:
            logger.warning(
                "GOV.UK Notify did not answer about delivery %s: %s",
                delivery_id,
                type(error).__name__,
            )
            continue
        notify_status = answer.get("status") if isinstance(answer, dict) else None
        if notify_status not in notify.STATUSES:
            continue
        when = parse_datetime(answer.get("completed_at") or "") or None
        with transaction.atomic():
            delivery = (
                LetterDelivery.objects.select_for_update()
                .select_related("letter")
                .get(pk=delivery_id)
            )
            changed += _apply_status(delivery, notify_status, when)
    return asked, changed


# Posting by hand ----------------------------------------------------------------------


def can_record_posting(access, letter, latest=None) -> bool:
    """Managers who may issue the letter record that it was posted, while nothing else is
    on its way to the person."""
    status = latest.status if latest is not None else None
    return status in POSTING_WANTED and access.can_issue_letters(letter)


@transaction.atomic
def record_posting(*, letter, posted_on, by):
    """Record that staff posted ``letter`` on ``posted_on``: a delivery of its own, which
    ends any failed delivery's place in the task list. Raises RuleError otherwise."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    latest = letter.delivery
    if not StaffAccess(by).can_issue_letters(letter):
        raise RuleError("Only a manager who can issue this letter records its posting")
    if latest is not None and latest.status not in POSTING_WANTED:
        raise RuleError(
            f"This letter is already {latest.get_status_display().lower()}; "
            "there is nothing to record"
        )
    if posted_on < timezone.localdate(letter.issued_at):
        raise RuleError(errors={"posted_on": "The letter cannot have gone before it was issued"})
    if posted_on > timezone.localdate():
        raise RuleError(errors={"posted_on": "The day it was posted cannot be in the future"})
    delivery = LetterDelivery.objects.create(
        letter=letter,
        channel=DeliveryChannel.BY_HAND,
        status=DeliveryStatus.POSTED,
        posted_on=posted_on,
        recorded_by=by,
    )
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=letter,
        note=f"Recorded as posted on {posted_on:%-d %B %Y}",
    )
    return delivery
