"""The daily job: end restrictions past their end date, then tell decision makers by
e-mail which reviews (and caution markers) are due — with references, never names — and
run the integrity check (integrity.py) on the audit trail, letters and posters, and the
retention schedule (reporting/governance) last."""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.dates import DUE_WITHIN_DAYS, due, due_by
from home.mail import queue_emails
from home.models import CorrespondenceSettings
from reporting.access import notify, sso
from reporting.access.enums import Role
from reporting.governance.services.retention import run_retention
from reporting.markers.enums import MarkerStatus
from reporting.markers.models import CautionMarker
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import Restriction
from reporting.restrictions.selectors import service_managers, unread_overdue
from reporting.restrictions.services.reviews import end_expired_restrictions

from . import integrity

logger = logging.getLogger(__name__)

# The daily e-mail lists at most this many references in each group; the queue has all.
EMAIL_LIST_LIMIT = 100


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


def reminder_messages(reminder):
    """One e-mail to each active decision maker, or none when nothing is due."""
    if not reminder.anything_due:
        return []
    body = render_to_string(
        "staff/reviews/emails/reminder.txt",
        {
            "reminder": reminder,
            "overdue": reminder.overdue[:EMAIL_LIST_LIMIT],
            "overdue_more": max(0, len(reminder.overdue) - EMAIL_LIST_LIMIT),
            "due_soon": reminder.due_soon[:EMAIL_LIST_LIMIT],
            "due_soon_more": max(0, len(reminder.due_soon) - EMAIL_LIST_LIMIT),
            "days": DUE_WITHIN_DAYS,
            "link": settings.PUBLIC_BASE_URL + reverse("staff:reviews"),
        },
    )
    return [
        EmailMessage(reminder.subject, body, to=[address])
        for address in notify.role_addresses(Role.DECISION_MAKER)
    ]


def unread_item_messages(*, today):
    """One e-mail to each manager of a service with read-and-file items left unread past
    the council's setting, listing those items' references; none when there are none."""
    rows_for = {}  # address -> [(item reference, restriction reference, received on)]
    for item in unread_overdue(today=today):
        restriction = item.restriction
        for address in notify.addresses(service_managers(restriction)):
            rows_for.setdefault(address, []).append(
                (item.reference, restriction.reference, item.received_on)
            )
    threshold = CorrespondenceSettings.load().threshold_words
    messages = []
    for address, rows in sorted(rows_for.items()):
        body = render_to_string(
            "staff/emails/unread_items.txt",
            {
                "today": today,
                "threshold": threshold,
                "rows": rows[:EMAIL_LIST_LIMIT],
                "more": max(0, len(rows) - EMAIL_LIST_LIMIT),
                "link": settings.PUBLIC_BASE_URL + reverse("staff:home"),
            },
        )
        subject = f"Read-and-file items unread for over {threshold}: {len(rows)}"
        messages.append(EmailMessage(subject, body, to=[address]))
    return messages


@dataclass(frozen=True)
class DailySummary:
    on: datetime.date
    ended: list
    overdue: int
    due_soon: int
    markers: int
    # E-mails queued (home/mail.py): with the database backend the worker sends them.
    emails: int
    not_yet_told: int = 0
    # The integrity check's summary line, and how many breaks it found (None: not run).
    integrity: str = ""
    integrity_breaks: int | None = None
    # Read-and-file items left unread past the council's setting, told to their managers.
    unread_overdue: int = 0
    # The retention schedule's summary line: counts per kind, never references.
    retention: str = ""
    # Single sign-on's check of its accounts (empty when it is off; reporting/access/sso.py).
    sign_on: str = ""

    def line(self):
        unread = ""
        if self.unread_overdue:
            unread = (
                f"; {self.unread_overdue} read-and-file item"
                f"{'s' if self.unread_overdue != 1 else ''} unread past the council's limit"
            )
        return (
            f"{self.on.isoformat()}: ended {len(self.ended)} restriction"
            f"{'s' if len(self.ended) != 1 else ''} past their end date; "
            f"{self.overdue} review{'s' if self.overdue != 1 else ''} overdue, "
            f"{self.due_soon} due within {DUE_WITHIN_DAYS} days; "
            f"{self.markers} caution marker{'s' if self.markers != 1 else ''} due for review; "
            f"{self.emails} e-mail{'s' if self.emails != 1 else ''} queued; "
            f"{self.not_yet_told} decided restriction{'s' if self.not_yet_told != 1 else ''} "
            f"waiting for a letter to bring {'it' if self.not_yet_told == 1 else 'them'} "
            "into force" + unread + (f"; {self.sign_on}" if self.sign_on else "")
        )

    def as_dict(self):
        return {
            "on": self.on.isoformat(),
            "ended": list(self.ended),
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "markers": self.markers,
            "emails": self.emails,
            "not_yet_told": self.not_yet_told,
            "integrity": self.integrity,
            "integrity_breaks": self.integrity_breaks,
            "unread_overdue": self.unread_overdue,
            "retention": self.retention,
            "sign_on": self.sign_on,
        }


def check_integrity():
    """The integrity check's summary line and break count. A check that cannot run (storage
    unreachable, say) is logged and said in the summary, and never stops the reminders,
    which have gone by then."""
    try:
        report = integrity.verify_and_alarm()
    except Exception:
        logger.exception("The integrity check could not run")
        return "integrity check could not run (see the log)", None
    return report.line(), len(report.breaks)


def apply_retention(*, today):
    """Remove what the retention schedule says is due. A run that fails rolls back whole,
    is logged and never stops the rest of the daily job."""
    try:
        return run_retention(today=today).summary
    except Exception:
        logger.exception("The retention schedule could not run")
        return "retention schedule could not run (see the log)"


def check_sign_on():
    """Ask the identity provider about every account single sign-on made, switching off
    those it no longer knows. A check that cannot run is logged and never stops the rest."""
    try:
        return sso.daily_line(sso.check_every_account())
    except Exception:
        logger.exception("The single sign-on check could not run")
        return "single sign-on check could not run (see the log)"


def run_daily(*, today=None):
    """The daily job: end expired restrictions, e-mail decision makers what is due (queued
    through home/mail.py), run
    the integrity check, then remove what the retention schedule says is due."""
    today = today or timezone.localdate()
    ended = end_expired_restrictions(today=today)
    reminder = build_reminder(today=today, ended=ended)
    messages = reminder_messages(reminder)
    unread = unread_overdue(today=today).count()
    messages += unread_item_messages(today=today)
    queued = queue_emails(messages)
    integrity_line, breaks = check_integrity()
    retention_line = apply_retention(today=today)
    sign_on_line = check_sign_on()
    summary = DailySummary(
        on=today,
        ended=ended,
        overdue=len(reminder.overdue),
        due_soon=len(reminder.due_soon),
        markers=reminder.markers,
        emails=queued,
        not_yet_told=Restriction.objects.filter(status=RestrictionStatus.DECIDED).count(),
        integrity=integrity_line,
        integrity_breaks=breaks,
        unread_overdue=unread,
        retention=retention_line,
        sign_on=sign_on_line,
    )
    logger.info("Restriction reviews: %s", summary.line())
    return summary
