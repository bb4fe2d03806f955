"""Reviews of restrictions in force, the review queue, and the daily job.

A decision maker reviews each restriction at least every three months and continues,
varies or lifts it. Recording a review is atomic, checks its rules, writes the audit
trail and, when a rule is broken, raises ``ReviewError`` (field name to message) and
changes nothing. Once a day the job ends restrictions past their end date and tells
decision makers, by e-mail, which reviews are due — with references, never names.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from reporting import audit
from reporting.enums import AuditAction, Role
from reporting.models import CautionMarker, Letter, LetterType, Restriction, RestrictionReview
from reporting.models.customers import MarkerStatus
from reporting.models.letters import REVIEW_LETTER_TYPES
from reporting.models.restrictions import RestrictionStatus, ReviewOutcome
from reporting.permissions import StaffAccess

from .customers import add_months
from .restrictions import REVIEW_MONTHS, RestrictionError, terms_problems

logger = logging.getLogger(__name__)

# A review shows in the queue, and in the daily e-mail, this many days before it is due.
DUE_WITHIN_DAYS = 14
LIFTED_REASON = "Lifted at review"
END_DATE_REASON = "End date reached"
# The daily e-mail lists at most this many references in each group; the queue has all.
EMAIL_LIST_LIMIT = 100


class ReviewError(RestrictionError):
    """A rule about reviews was broken; nothing was changed."""


class _Unchanged:
    def __repr__(self):
        return "UNCHANGED"


# ``record_review(ends_on=...)`` default: keep the end date, as None means "no end date".
UNCHANGED = _Unchanged()


def _clean(text):
    return (text or "").strip()


def _long_date(day):
    return f"{day.day} {day:%B %Y}"


def latest_next_review(today):
    """The latest a next review may be set: three months on from today."""
    return add_months(today, REVIEW_MONTHS)


def default_next_review(restriction, *, today=None):
    """Three months after the review date being answered, kept within three months of
    today: an overdue review does not start the next cycle in the past, nor an early one
    stretch it past the limit."""
    today = today or timezone.localdate()
    latest = latest_next_review(today)
    proposed = add_months(restriction.review_on, REVIEW_MONTHS)
    if proposed <= today:
        return latest
    return min(proposed, latest)


# Recording a review --------------------------------------------------------------------


def _next_review_problem(next_review_on, today):
    if next_review_on is None:
        return "Enter the date of the next review"
    if next_review_on <= today:
        return "The next review must be after today"
    latest = latest_next_review(today)
    if next_review_on > latest:
        return (
            f"Restrictions are reviewed at least every {REVIEW_MONTHS} months: choose a date "
            f"no later than {_long_date(latest)}"
        )
    return ""


def _varied_terms(restriction, *, types, arrangements, named_contact, ends_on):
    return {
        "types": list(restriction.types.all()) if types is None else list(types),
        "arrangements": restriction.arrangements if arrangements is None else _clean(arrangements),
        "named_contact": restriction.named_contact
        if named_contact is None
        else _clean(named_contact),
        "ends_on": restriction.ends_on if ends_on is UNCHANGED else ends_on,
    }


def _vary_problems(restriction, terms, changes, today):
    errors = {}
    if not changes:
        errors["changes"] = "Say what changes, in words the letter can use"
    if not terms["arrangements"]:
        errors["arrangements"] = "Say exactly how the person may contact the council now"
    errors.update(
        terms_problems(
            types=terms["types"],
            named_contact=terms["named_contact"],
            starts_on=restriction.starts_on,
            ends_on=terms["ends_on"],
            review_on=None,
            today=today,
            check_start=False,
        )
    )
    if terms["ends_on"] is not None and terms["ends_on"] < today and "ends_on" not in errors:
        errors["ends_on"] = "The end date cannot be in the past"
    current = {t.pk for t in restriction.types.all()}
    unchanged = (
        {t.pk for t in terms["types"]} == current
        and terms["arrangements"] == restriction.arrangements
        and terms["named_contact"] == restriction.named_contact
        and terms["ends_on"] == restriction.ends_on
    )
    if unchanged and not errors:
        errors["outcome"] = (
            "You chose to vary the restriction but changed none of its terms: change the "
            "restrictions, the arrangements, the named contact or the end date, or choose "
            "to continue it unchanged"
        )
    return errors


def review_problems(
    restriction,
    *,
    today,
    since_last,
    outcome,
    reasons,
    changes="",
    next_review_on=None,
    types=None,
    arrangements=None,
    named_contact=None,
    ends_on=UNCHANGED,
):
    """Every broken rule in a review, as field name to message; empty when it may be saved."""
    errors = {}
    if not _clean(since_last):
        errors["since_last"] = "Say what has happened since the decision or the last review"
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = "Choose whether the restriction continues, is varied or is lifted"
    if not _clean(reasons):
        errors["reasons"] = "Give the reasons for the outcome"
    if outcome in (ReviewOutcome.CONTINUE, ReviewOutcome.VARY):
        problem = _next_review_problem(next_review_on, today)
        if problem:
            errors["next_review_on"] = problem
    if outcome == ReviewOutcome.VARY:
        terms = _varied_terms(
            restriction,
            types=types,
            arrangements=arrangements,
            named_contact=named_contact,
            ends_on=ends_on,
        )
        vary_errors = _vary_problems(restriction, terms, _clean(changes), today)
        if "outcome" in vary_errors and errors:
            # "Nothing was changed" only matters once everything else is right.
            del vary_errors["outcome"]
        errors.update({k: v for k, v in vary_errors.items() if k not in errors})
    return errors


@transaction.atomic
def record_review(
    restriction,
    *,
    by,
    since_last,
    outcome,
    reasons,
    changes="",
    next_review_on=None,
    types=None,
    arrangements=None,
    named_contact=None,
    ends_on=UNCHANGED,
):
    """Record a decision maker's review of a restriction in force, and apply its outcome.

    Continue sets the next review date; vary also changes the restrictions chosen, the
    arrangements, the named contact or the end date (``None`` for each keeps it, except
    ``ends_on``, where ``None`` means "until lifted at a review"); lift ends it today.
    """
    restriction = (
        Restriction.objects.select_for_update().select_related("customer").get(pk=restriction.pk)
    )
    if restriction.status != RestrictionStatus.ACTIVE:
        raise ReviewError("Only a restriction in force can be reviewed")
    if not StaffAccess(by).can_review(restriction):
        raise ReviewError("Only a decision maker can review a restriction")
    today = timezone.localdate()
    given = {
        "since_last": _clean(since_last),
        "outcome": outcome,
        "reasons": _clean(reasons),
        "changes": _clean(changes),
        "next_review_on": next_review_on,
        "types": types,
        "arrangements": arrangements,
        "named_contact": named_contact,
        "ends_on": ends_on,
    }
    errors = review_problems(restriction, today=today, **given)
    if errors:
        raise ReviewError(errors=errors)
    since_last, reasons, changes = given["since_last"], given["reasons"], given["changes"]
    terms = None
    if outcome == ReviewOutcome.VARY:
        terms = _varied_terms(
            restriction,
            types=types,
            arrangements=arrangements,
            named_contact=named_contact,
            ends_on=ends_on,
        )

    lifting = outcome == ReviewOutcome.LIFT
    review = RestrictionReview.objects.create(
        restriction=restriction,
        reviewed_by=by,
        due_on=restriction.review_on,
        since_last=since_last,
        outcome=outcome,
        reasons=reasons,
        changes=changes if outcome == ReviewOutcome.VARY else "",
        next_review_on=None if lifting else next_review_on,
    )
    if lifting:
        restriction.status = RestrictionStatus.ENDED
        restriction.ended_on = today
        restriction.ended_reason = LIFTED_REASON
        note = "Reviewed: lifted"
    else:
        restriction.review_on = next_review_on
        if terms is not None:
            restriction.types.set(terms.pop("types"))
            for name, value in terms.items():
                setattr(restriction, name, value)
        label = "varied" if terms is not None else "continued"
        note = f"Reviewed: {label}; next review {next_review_on.isoformat()}"
    restriction.save()
    audit.record(actor=by, action=AuditAction.CHANGE, obj=restriction, note=note)
    return review


def review_letter_type(review):
    """The letter that tells the person the outcome of ``review``."""
    return REVIEW_LETTER_TYPES[review.outcome]


# The queue -------------------------------------------------------------------------------


def due_by(today):
    """The last review date that counts as due on ``today``."""
    return today + datetime.timedelta(days=DUE_WITHIN_DAYS)


@dataclass(frozen=True)
class Due:
    """How a review or marker date stands against today, for a tag and a sentence."""

    days: int

    @property
    def overdue(self):
        return self.days < 0

    @property
    def tag(self):
        if self.days < 0:
            return "Overdue"
        if self.days == 0:
            return "Due today"
        return "Due soon" if self.days <= DUE_WITHIN_DAYS else ""

    @property
    def tag_colour(self):
        if self.days < 0:
            return "red"
        return "orange" if self.days == 0 else "yellow"

    @property
    def words(self):
        if self.days < 0:
            days = -self.days
            return f"{days} day{'s' if days != 1 else ''} overdue"
        if self.days == 0:
            return "due today"
        return f"due in {self.days} day{'s' if self.days != 1 else ''}"


def due(day, today):
    return Due((day - today).days)


def in_force(access):
    """Restrictions in force that this user's review queue reaches."""
    return access.review_queue_restrictions(
        Restriction.objects.filter(status=RestrictionStatus.ACTIVE)
    )


def queue_restrictions(access, *, today, show_all=False):
    """Restrictions in force, due within 14 days or overdue (or all of them), by review
    date then reference, with the date of the latest review."""
    latest = RestrictionReview.objects.filter(restriction=OuterRef("pk")).order_by(
        "-reviewed_at", "-pk"
    )
    restrictions = in_force(access)
    if not show_all:
        restrictions = restrictions.filter(review_on__lte=due_by(today))
    return (
        restrictions.select_related("customer")
        .annotate(last_reviewed_at=Subquery(latest.values("reviewed_at")[:1]))
        .order_by("review_on", "reference")
    )


def sees_markers(access):
    """Who is shown caution markers due for review: health and safety, and managers."""
    return access.has(Role.HEALTH_AND_SAFETY, Role.MANAGER)


def queue_markers(access, *, today):
    """Approved caution markers due for review within 14 days or overdue, scoped like the
    restrictions: every one for health and safety; for a manager, those on people seen
    by the services they manage."""
    if not sees_markers(access):
        return CautionMarker.objects.none()
    markers = CautionMarker.objects.filter(
        status=MarkerStatus.ACTIVE, review_date__lte=due_by(today)
    )
    if not access.sees_every_service:
        from reporting.models import Incident

        seen_here = Incident.objects.filter(
            customer_id=OuterRef("customer_id"), service_area_id__in=access.managed_area_ids
        )
        markers = markers.filter(Exists(seen_here))
    return markers.select_related("customer").order_by("review_date", "pk")


def letters_waiting(access):
    """Restrictions whose latest outcome has no letter yet: those ended by their end date
    with no "restriction has ended" letter, and those whose latest review has none."""
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
    ended_by_date = Q(status=RestrictionStatus.ENDED) & ~Q(ended_reason__startswith="Lifted")
    ended_waiting = Restriction.objects.filter(ended_by_date).exclude(pk__in=ended_letters)
    review_waiting = unanswered.exclude(
        Q(restriction__status=RestrictionStatus.ENDED)
        & ~Q(restriction__ended_reason__startswith="Lifted")
    )
    waiting = Q(pk__in=ended_waiting.order_by().values("pk").union(review_waiting.order_by()))
    latest = RestrictionReview.objects.filter(restriction=OuterRef("pk")).order_by(
        "-reviewed_at", "-pk"
    )
    return (
        access.review_queue_restrictions(Restriction.objects.filter(waiting))
        .annotate(
            latest_outcome=Subquery(latest.values("outcome")[:1]),
            waiting_since=Coalesce(
                "ended_on", TruncDate(Subquery(latest.values("reviewed_at")[:1]))
            ),
        )
        .select_related("customer")
        .order_by("waiting_since", "reference")
    )


def waiting_letter_type(restriction):
    """The letter a row of ``letters_waiting`` calls for."""
    if restriction.status == RestrictionStatus.ENDED and not restriction.ended_reason.startswith(
        "Lifted"
    ):
        return LetterType.ENDED
    return REVIEW_LETTER_TYPES[restriction.latest_outcome]


# The daily job ---------------------------------------------------------------------------


@transaction.atomic
def end_expired_restrictions(*, today):
    """End every restriction in force whose end date has passed; return their references.
    The "restriction has ended" letter then waits in the review queue for a manager."""
    expired = list(
        Restriction.objects.select_for_update()
        .filter(status=RestrictionStatus.ACTIVE, ends_on__lt=today)
        .order_by("pk")
    )
    for restriction in expired:
        restriction.status = RestrictionStatus.ENDED
        restriction.ended_on = restriction.ends_on
        restriction.ended_reason = END_DATE_REASON
    Restriction.objects.bulk_update(expired, ["status", "ended_on", "ended_reason"])
    audit.record_many(
        actor=None, action=AuditAction.CHANGE, objects=expired, note="Ended: end date reached"
    )
    return [restriction.reference for restriction in expired]


@dataclass
class Reminder:
    """What the daily e-mail says: references and dates only."""

    today: datetime.date
    overdue: list = field(default_factory=list)
    due_soon: list = field(default_factory=list)
    markers_overdue: int = 0
    markers_due_soon: int = 0
    ended: list = field(default_factory=list)

    @property
    def markers(self):
        return self.markers_overdue + self.markers_due_soon

    @property
    def anything_due(self):
        return bool(self.overdue or self.due_soon or self.markers)

    @property
    def subject(self):
        parts = []
        if self.overdue:
            parts.append(f"{len(self.overdue)} overdue")
        if self.due_soon:
            parts.append(f"{len(self.due_soon)} due within {DUE_WITHIN_DAYS} days")
        if not parts:
            return f"Caution marker reviews due: {self.markers}"
        return "Restriction reviews: " + ", ".join(parts)


def build_reminder(*, today, ended=()):
    restrictions = Restriction.objects.filter(
        status=RestrictionStatus.ACTIVE, review_on__lte=due_by(today)
    ).order_by("review_on", "reference")
    reminder = Reminder(today=today, ended=list(ended))
    for reference, review_on in restrictions.values_list("reference", "review_on"):
        row = (reference, review_on, due(review_on, today))
        (reminder.overdue if review_on < today else reminder.due_soon).append(row)
    markers = CautionMarker.objects.filter(
        status=MarkerStatus.ACTIVE, review_date__lte=due_by(today)
    )
    reminder.markers_overdue = markers.filter(review_date__lt=today).count()
    reminder.markers_due_soon = markers.filter(review_date__gte=today).count()
    return reminder


def decision_maker_addresses():
    users = get_user_model().objects.filter(groups__name=Role.DECISION_MAKER, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def reminder_messages(reminder):
    """One e-mail to each active decision maker, or none when nothing is due."""
    if not reminder.anything_due:
        return []
    body = render_to_string(
        "reporting/reviews/emails/reminder.txt",
        {
            "reminder": reminder,
            "overdue": reminder.overdue[:EMAIL_LIST_LIMIT],
            "overdue_more": max(0, len(reminder.overdue) - EMAIL_LIST_LIMIT),
            "due_soon": reminder.due_soon[:EMAIL_LIST_LIMIT],
            "due_soon_more": max(0, len(reminder.due_soon) - EMAIL_LIST_LIMIT),
            "days": DUE_WITHIN_DAYS,
            "link": settings.PUBLIC_BASE_URL + reverse("reporting:reviews"),
        },
    )
    return [
        EmailMessage(reminder.subject, body, to=[address])
        for address in decision_maker_addresses()
    ]


@dataclass(frozen=True)
class DailySummary:
    on: datetime.date
    ended: list
    overdue: int
    due_soon: int
    markers: int
    emails: int

    def line(self):
        return (
            f"{self.on.isoformat()}: ended {len(self.ended)} restriction"
            f"{'s' if len(self.ended) != 1 else ''} past their end date; "
            f"{self.overdue} review{'s' if self.overdue != 1 else ''} overdue, "
            f"{self.due_soon} due within {DUE_WITHIN_DAYS} days; "
            f"{self.markers} caution marker{'s' if self.markers != 1 else ''} due for review; "
            f"{self.emails} e-mail{'s' if self.emails != 1 else ''} sent"
        )

    def as_dict(self):
        return {
            "on": self.on.isoformat(),
            "ended": list(self.ended),
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "markers": self.markers,
            "emails": self.emails,
        }


def run_daily(*, today=None):
    """The daily job: end expired restrictions, then e-mail decision makers what is due."""
    today = today or timezone.localdate()
    ended = end_expired_restrictions(today=today)
    reminder = build_reminder(today=today, ended=ended)
    messages = reminder_messages(reminder)
    sent = get_connection().send_messages(messages) if messages else 0
    summary = DailySummary(
        on=today,
        ended=ended,
        overdue=len(reminder.overdue),
        due_soon=len(reminder.due_soon),
        markers=reminder.markers,
        emails=sent or 0,
    )
    logger.info("Restriction reviews: %s", summary.line())
    return summary
