"""Reading letters: an issued letter and its stored PDF (each reading audited, the PDF
checked against its SHA-256), and the letters waiting to be sent after a review or an
ending."""

import hashlib

from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse

from reporting.access import audit, notify
from reporting.access.enums import AuditAction, Role
from reporting.restrictions.enums import EndReason, RestrictionStatus, WarningChannel
from reporting.restrictions.models import (
    CustomerWarning,
    Reconsideration,
    Restriction,
    RestrictionReview,
)
from reporting.restrictions.selectors import review_queue_restrictions

from .enums import DeliveryStatus, LetterType
from .models import Letter, LetterDelivery
from .needs import LIFTED_BY_DECISION


class LetterIntegrityError(Exception):
    """A stored PDF no longer matches the SHA-256 recorded when it was issued."""


def read_letter(letter, *, by):
    """Record that ``by`` read the issued letter, and hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW, obj=letter)
    return letter


def integrity_failed(letter, *, by):
    """Record that ``letter``'s stored file no longer matches what was issued, and tell
    information governance (a reference and a link, no personal details)."""
    audit.record(
        actor=by,
        action=AuditAction.INTEGRITY_FAILURE,
        obj=letter,
        note="The stored PDF does not match the SHA-256 recorded at issue",
    )
    notify.tell(
        notify.role_addresses(Role.INFORMATION_GOVERNANCE),
        subject=f"Letter {letter.reference} failed its integrity check",
        what="The stored file of an issued letter no longer matches what was issued. It is "
        "not being served. Please investigate.",
        reference=letter.reference,
        path=reverse("staff:letter", args=[letter.reference]),
    )


def letter_pdf_bytes(letter, *, by):
    """The stored PDF, byte for byte as issued, its download recorded. Raises
    ``LetterIntegrityError`` if the bytes no longer match the recorded SHA-256."""
    with letter.pdf.open("rb") as stored:
        data = stored.read()
    if hashlib.sha256(data).hexdigest() != letter.sha256:
        integrity_failed(letter, by=by)
        raise LetterIntegrityError(f"The stored PDF of {letter.reference} has changed")
    audit.record(actor=by, action=AuditAction.DOWNLOAD, obj=letter)
    return data


def letters_waiting(access):
    """Restrictions whose latest outcome has no letter yet: decisions not yet told, those
    ended by their end date with no "restriction has ended" letter, and those whose
    latest review has none."""
    # One list of ids, built from the few ended restrictions and the reviews, so the
    # database never runs a subquery for each of the thousands of restrictions in force.
    later = RestrictionReview.objects.filter(restriction_id=OuterRef("restriction_id")).filter(
        Q(reviewed_at__gt=OuterRef("reviewed_at"))
        | Q(reviewed_at=OuterRef("reviewed_at"), pk__gt=OuterRef("pk"))
    )
    unanswered = RestrictionReview.objects.filter(
        ~Exists(later), ~Exists(Letter.objects.filter(review_id=OuterRef("pk")))
    ).values("restriction_id")
    ended_letters = Letter.objects.filter(
        letter_type=LetterType.ENDED, restriction_id__isnull=False
    ).values("restriction_id")
    # The same table as ``needs.letters_called_for``, in SQL: a restriction that ran to its
    # end date calls for the ending letter, and no longer for an answer to its review.
    ended_by_date = Q(status=RestrictionStatus.ENDED) & ~Q(ended_reason__in=LIFTED_BY_DECISION)
    ended_waiting = Restriction.objects.filter(ended_by_date).exclude(pk__in=ended_letters)
    # A decision binds nobody until its letter is issued, which brings it into force.
    decided = Restriction.objects.filter(status=RestrictionStatus.DECIDED)
    review_waiting = unanswered.exclude(
        Q(restriction__status=RestrictionStatus.ENDED)
        & ~Q(restriction__ended_reason=EndReason.LIFTED)
    )
    waiting = Q(
        pk__in=ended_waiting.order_by()
        .values("pk")
        .union(review_waiting.order_by(), decided.order_by().values("pk"))
    )
    latest = RestrictionReview.objects.filter(restriction=OuterRef("pk")).order_by(
        "-reviewed_at", "-pk"
    )
    return (
        review_queue_restrictions(access, Restriction.objects.filter(waiting))
        .annotate(
            latest_outcome=Subquery(latest.values("outcome")[:1]),
            waiting_since=Coalesce(
                "ended_on",
                TruncDate(Subquery(latest.values("reviewed_at")[:1])),
                TruncDate("decided_at"),
            ),
        )
        .select_related("customer")
        .order_by("waiting_since", "reference")
    )


def warnings_waiting(access):
    """Warnings to be given by letter whose letter has not been issued: they do not count
    until it is. Scoped like the review queue."""
    warnings = CustomerWarning.objects.filter(channel=WarningChannel.LETTER, given_on=None)
    return (
        access.of_my_services(warnings, "incidents__service_area_id")
        .select_related("customer")
        .order_by("recorded_at", "pk")
    )


def reconsideration_letters_waiting(access):
    """Decided reconsiderations whose outcome letter has not been issued, oldest decision
    first. Scoped like the review queue."""
    decided = Reconsideration.objects.filter(decided_at__isnull=False).exclude(
        Exists(Letter.objects.filter(reconsideration_id=OuterRef("pk")))
    )
    return (
        access.of_my_services(
            decided, "restriction__service_areas__id", "restriction__incidents__service_area_id"
        )
        .select_related("restriction__customer")
        .order_by("decided_at", "pk")
    )


def letters_of_restrictions(*, restriction_ids):
    """Every letter about these restrictions: of the restriction itself, of its reviews
    and of its reconsiderations (what must go before the restrictions can)."""
    return Letter.objects.filter(
        Q(restriction_id__in=restriction_ids)
        | Q(review__restriction_id__in=restriction_ids)
        | Q(reconsideration__restriction_id__in=restriction_ids)
    )


def letters_of_warnings(*, warning_ids):
    """Every letter giving one of these warnings (what must go before the warnings can)."""
    return Letter.objects.filter(warning_id__in=warning_ids)


def deliveries_failed(access):
    """Letters whose latest delivery failed or came back, still in use (not replaced),
    in this user's services, oldest failure first: each waits until someone posts it."""
    latest = LetterDelivery.objects.filter(letter=OuterRef("pk")).order_by("-created_at", "-pk")
    letters = (
        Letter.objects.annotate(
            delivery_status=Subquery(latest.values("status")[:1]),
            delivery_since=Subquery(latest.values("status_at")[:1]),
        )
        .filter(delivery_status__in=[DeliveryStatus.FAILED, DeliveryStatus.RETURNED])
        .exclude(Exists(Letter.objects.filter(supersedes=OuterRef("pk"))))
    )
    return access.of_my_services(
        letters,
        "warning__incidents__service_area_id",
        "restriction__service_areas__id",
        "restriction__incidents__service_area_id",
    ).order_by("delivery_since", "pk")
