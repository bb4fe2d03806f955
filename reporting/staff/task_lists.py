"""Each role's waiting work, for the staff home: every step that waits on a person is in
that person's list, oldest first, with how many there are."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from home.dates import due, long_date
from policy_pages.versions import cited_policy_version
from reporting.access.enums import AuditAction, Role
from reporting.access.models import AuditEvent
from reporting.customers.selectors import grants_to_review
from reporting.incidents.enums import IncidentStatus
from reporting.incidents.models import Incident
from reporting.incidents.services import riddor_deadlines
from reporting.letters import notify as letters_notify
from reporting.letters.enums import LetterType
from reporting.letters.needs import waiting_letter_type
from reporting.letters.selectors import (
    deliveries_failed,
    letters_waiting,
    reconsideration_letters_waiting,
    warnings_waiting,
)
from reporting.markers.enums import MarkerStatus
from reporting.markers.models import CautionMarker
from reporting.markers.selectors import queue_markers
from reporting.restrictions import selectors as restriction_selectors
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import Restriction
from reporting.restrictions.selectors import decided_under_older_policy, queue_restrictions

# How many rows of each list the home page shows; the count says how many there are.
SHOWN = 10
# Information governance's list shows integrity check failures this recent.
INTEGRITY_DAYS = 30


@dataclass(frozen=True)
class TaskRow:
    reference: str
    url: str
    what: str
    since: object  # a date or a datetime: when it started waiting


@dataclass
class TaskList:
    key: str
    title: str
    empty: str
    count: int = 0
    rows: list = field(default_factory=list)
    more_url: str = ""

    @property
    def more(self):
        return max(0, self.count - len(self.rows))


def _list(key, title, empty, queryset, row, *, more_url=""):
    items = list(queryset[:SHOWN])
    count = len(items) if len(items) < SHOWN else queryset.count()
    return TaskList(key, title, empty, count, [row(item) for item in items], more_url)


def _incident_row(incident):
    return TaskRow(
        incident.reference,
        reverse("staff:incident", args=[incident.reference]),
        f"{incident.service_area.name}: {incident.get_status_display().lower()}",
        incident.occurred_at,
    )


def _restriction_row(restriction, what):
    return TaskRow(
        restriction.reference,
        reverse("staff:restriction", args=[restriction.reference]),
        what,
        restriction.proposed_at,
    )


def my_reports(access):
    reports = (
        Incident.objects.filter(reported_by=access.user)
        .exclude(status=IncidentStatus.CLOSED)
        .select_related("service_area")
        .order_by("reported_at", "pk")
    )
    return _list(
        "my_reports",
        "Your reports still open",
        "None of your reports is still open.",
        reports,
        _incident_row,
        more_url=reverse("staff:my_reports"),
    )


def proposals_to_decide(access):
    """Proposals this decision maker may decide: never their own, nor one relying on an
    incident they reported."""
    user = access.user
    proposals = (
        Restriction.objects.filter(status=RestrictionStatus.PROPOSED)
        .exclude(proposed_by=user)
        .exclude(incidents__reported_by=user)
        .distinct()
        .order_by("proposed_at", "pk")
    )
    return _list(
        "proposals",
        "Proposals waiting for your decision",
        "No proposal waits for your decision.",
        proposals,
        lambda restriction: _restriction_row(restriction, "Proposed restriction"),
    )


def reconsiderations_to_decide(access):
    """Requests for reconsideration this decision maker may decide: on cases they took no
    part in, oldest request first."""
    return _list(
        "reconsiderations",
        "Reconsiderations to decide",
        "No request for reconsideration waits for your decision.",
        restriction_selectors.reconsiderations_to_decide(access),
        lambda reconsideration: TaskRow(
            reconsideration.reference,
            reverse("staff:reconsideration_decide", args=[reconsideration.reference]),
            f"Reconsideration of {reconsideration.restriction.reference}"
            + ("" if reconsideration.in_time else " (accepted late)"),
            reconsideration.received_on,
        ),
    )


def reviews_due(access, today):
    restrictions = queue_restrictions(access, today=today)
    return _list(
        "reviews",
        "Reviews due",
        "No review is due in the next two weeks.",
        restrictions,
        lambda restriction: TaskRow(
            restriction.reference,
            reverse("staff:restriction", args=[restriction.reference]),
            f"Review {due(restriction.review_on, today).words}",
            restriction.review_on,
        ),
        more_url=reverse("staff:reviews"),
    )


def policy_changes_to_check(access):
    """Restrictions in force decided (or last reviewed) under an older version of the
    policy letters cite, each waiting for a decision maker's check against the latest."""
    latest = cited_policy_version()
    restrictions = decided_under_older_policy(latest)
    return _list(
        "policy_changes",
        "Restrictions decided under an older policy",
        "No restriction in force rests on an older version of the policy.",
        restrictions,
        lambda restriction: TaskRow(
            restriction.reference,
            reverse("staff:restriction_policy_change", args=[restriction.reference]),
            f"Decided under version {restriction.pinned_number}; version {latest.number} "
            "is the latest",
            latest.published_at,
        ),
    )


def markers_to_approve(access):
    markers = (
        CautionMarker.objects.filter(status=MarkerStatus.PENDING)
        .exclude(set_by=access.user)
        .select_related("customer")
        .order_by("set_at", "pk")
    )
    return _list(
        "markers_to_approve",
        "Caution markers waiting for approval",
        "No caution marker waits for approval.",
        markers,
        lambda marker: TaskRow(
            marker.customer.reference,
            reverse("staff:marker_reasons", args=[marker.pk]),
            f"{marker.get_severity_display().split(':')[0]} risk marker",
            marker.set_at,
        ),
    )


def marker_reviews_due(access, today):
    return _list(
        "marker_reviews",
        "Caution marker reviews due",
        "No caution marker is due for review in the next two weeks.",
        queue_markers(access, today=today),
        lambda marker: TaskRow(
            marker.customer.reference,
            reverse("staff:marker_reasons", args=[marker.pk]),
            f"Review {due(marker.review_date, today).words}",
            marker.review_date,
        ),
        more_url=f"{reverse('staff:reviews')}?show=markers",
    )


def incidents_for_health_and_safety(access):
    incidents = (
        Incident.objects.for_health_and_safety()
        .exclude(status=IncidentStatus.CLOSED)
        .select_related("service_area")
        .order_by("occurred_at", "pk")
    )
    return _list(
        "safety_incidents",
        "Incidents for health and safety",
        "No open incident needs health and safety.",
        incidents,
        _incident_row,
        more_url=reverse("staff:queue"),
    )


def riddor_reports_due(access, today):
    """RIDDOR injuries not yet reported to the HSE, with the days left to the deadlines."""
    incidents = Incident.objects.filter(
        riddor_reportable=True, reported_to_hse_on__isnull=True
    ).order_by("occurred_at", "pk")

    def row(incident):
        specified, over_seven_days = riddor_deadlines(incident)
        return TaskRow(
            incident.reference,
            reverse("staff:triage", args=[incident.reference]),
            f"Report to the HSE: {due(specified, today).words} for a specified injury, "
            f"{due(over_seven_days, today).words} for over seven days off work",
            incident.occurred_at,
        )

    return _list(
        "riddor",
        "RIDDOR reports due",
        "No RIDDOR report is waiting to go to the HSE.",
        incidents,
        row,
    )


def new_incidents(access):
    incidents = (
        access.queue_incidents(Incident.objects.filter(status=IncidentStatus.NEW))
        .select_related("service_area")
        .order_by("occurred_at", "pk")
    )
    return _list(
        "new_incidents",
        "New incidents in your services",
        "No new incident in your services.",
        incidents,
        _incident_row,
        more_url=f"{reverse('staff:queue')}?status=new",
    )


def follow_ups_open(access):
    incidents = (
        access.queue_incidents(Incident.objects.filter(status=IncidentStatus.UNDER_REVIEW))
        .select_related("service_area")
        .order_by("occurred_at", "pk")
    )
    return _list(
        "follow_ups",
        "Follow-ups under way",
        "No follow-up is under way in your services.",
        incidents,
        _incident_row,
        more_url=f"{reverse('staff:queue')}?status=under_review",
    )


def letters_to_send(access):
    """Every decision and warning waiting for its letter, oldest first."""
    restrictions = list(letters_waiting(access))
    warnings = list(warnings_waiting(access))
    rows = [
        TaskRow(
            restriction.reference,
            reverse(
                "staff:letter_prepare",
                args=[waiting_letter_type(restriction), restriction.reference],
            ),
            f"{waiting_letter_type(restriction).label} letter",
            restriction.waiting_since,
        )
        for restriction in restrictions
    ] + [
        TaskRow(
            warning.reference,
            reverse("staff:letter_prepare", args=["warning", warning.reference]),
            "Warning letter",
            timezone.localdate(warning.recorded_at),
        )
        for warning in warnings
    ]
    rows += [
        TaskRow(
            reconsideration.reference,
            reverse(
                "staff:letter_prepare",
                args=[LetterType.RECONSIDERATION, reconsideration.reference],
            ),
            f"{LetterType.RECONSIDERATION.label} letter",
            timezone.localdate(reconsideration.decided_at),
        )
        for reconsideration in reconsideration_letters_waiting(access)
    ]
    rows.sort(key=lambda row: (row.since is None, row.since or timezone.localdate()))
    return TaskList(
        "letters",
        "Letters waiting to be issued",
        "No letter waits to be issued.",
        len(rows),
        rows[:SHOWN],
        f"{reverse('staff:reviews')}?show=letters",
    )


def letters_not_delivered(access):
    """Letters GOV.UK Notify could not deliver, or that came back: each waits until
    someone posts it and records the day (reporting/letters/delivery.py)."""
    return _list(
        "letters_not_delivered",
        "Letters not delivered",
        "Every letter sent has reached the person or is on its way.",
        deliveries_failed(access),
        lambda letter: TaskRow(
            letter.reference,
            reverse("staff:letter", args=[letter.reference]),
            "Returned to sender: post it again"
            if letter.delivery_status == "returned"
            else "Not delivered: post it by hand",
            letter.delivery_since,
        ),
    )


def reasons_to_review(access):
    """Information governance: each reason a manager gave to read a record in full."""
    return _list(
        "reasons",
        "Reasons given to read records in full",
        "No reason waits for review.",
        grants_to_review(),
        lambda grant: TaskRow(
            grant.customer.reference,
            reverse("staff:detail_grants"),
            f"Given by {grant.granted_to.get_full_name() or grant.granted_to.get_username()}",
            grant.granted_at,
        ),
        more_url=reverse("staff:detail_grants"),
    )


def integrity_failures(access, today):
    """Records that failed their integrity check lately (integrity.py), each a link into
    the audit trail, which holds every one."""
    trail = reverse("staff:audit_trail")
    action = AuditAction.INTEGRITY_FAILURE.value
    failures = AuditEvent.objects.filter(
        action=action, at__date__gte=today - datetime.timedelta(days=INTEGRITY_DAYS)
    ).order_by("at", "pk")

    def row(event):
        reference = event.object_reference or f"{event.object_type} {event.object_id}"
        record = f"&record={event.object_reference}" if event.object_reference else ""
        return TaskRow(reference, f"{trail}?action={action}{record}", event.note, event.at)

    return _list(
        "integrity",
        f"Integrity check failures in the last {INTEGRITY_DAYS} days",
        f"No record failed its integrity check in the last {INTEGRITY_DAYS} days.",
        failures,
        row,
        more_url=f"{trail}?action={action}",
    )


def items_to_read(access):
    """Items the person sent that wait for this user, as the named reader, oldest first."""
    return _list(
        "items_to_read",
        "Items to read",
        "No item waits for you to read it.",
        restriction_selectors.items_to_read(access.user),
        lambda item: TaskRow(
            item.reference,
            reverse("staff:contact_item", args=[item.reference]),
            f"{item.get_channel_display()} under {item.restriction.reference}",
            item.received_on,
        ),
    )


def restrictions_you_read_for(access):
    """Where the named reader logs what comes in: the restrictions they read for."""
    return _list(
        "read_and_file",
        "Restrictions whose correspondence you read",
        "You are not the named reader of any restriction in force.",
        restriction_selectors.restrictions_read_by(access.user),
        lambda restriction: TaskRow(
            restriction.reference,
            reverse("staff:contact_item_new", args=[restriction.reference]),
            "Log an item the person sent",
            restriction.starts_on,
        ),
    )


def unread_items_overdue(access, today):
    """Items in this manager's services left unread past the council's setting."""
    return _list(
        "unread_overdue",
        "Unread items overdue",
        "No item in your services has waited too long to be read.",
        restriction_selectors.unread_overdue_for(access, today=today),
        lambda item: TaskRow(
            item.reference,
            reverse("staff:contact_item", args=[item.reference]),
            f"Under {item.restriction.reference}, received {long_date(item.received_on)}, "
            "not read yet",
            item.received_on,
        ),
    )


def reader_lists(access):
    """The named reader's lists, for anyone who is one or still has items to read."""
    to_read = items_to_read(access)
    reads_for = restrictions_you_read_for(access)
    return [to_read, reads_for] if to_read.count or reads_for.count else []


def tasks_for(access, *, today=None):
    """The task lists of each of the user's roles, in the order they act on them."""
    today = today or timezone.localdate()
    lists = []
    if access.has(Role.DECISION_MAKER):
        lists += [
            proposals_to_decide(access),
            reconsiderations_to_decide(access),
            reviews_due(access, today),
            policy_changes_to_check(access),
        ]
    if access.has(Role.HEALTH_AND_SAFETY):
        lists += [
            riddor_reports_due(access, today),
            markers_to_approve(access),
            incidents_for_health_and_safety(access),
            marker_reviews_due(access, today),
        ]
    if access.has(Role.INFORMATION_GOVERNANCE):
        lists.append(reasons_to_review(access))
    if access.has(Role.MANAGER):
        lists += [new_incidents(access), follow_ups_open(access), letters_to_send(access)]
        undelivered = letters_not_delivered(access)
        if undelivered.count or letters_notify.is_configured():
            lists.append(undelivered)
        lists.append(unread_items_overdue(access, today))
    lists += reader_lists(access)
    if access.has(Role.INFORMATION_GOVERNANCE):
        lists.append(integrity_failures(access, today))
    if access.is_staff_member:
        lists.append(my_reports(access))
    return lists
