"""A manager's follow-up to an incident, and the incident's move from new to closed.

The rules live here so that the form and anything else that records a follow-up keep
to the same ones:

- an incident only moves forward: new, then under review, then closed (a step may be
  skipped, but it never goes back);
- an incident cannot be closed without an outcome;
- the wellbeing 1:1 cannot be dated in the future.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from reporting import audit
from reporting.enums import AuditAction, IncidentStatus
from reporting.models import FollowUp

STATUS_ORDER = [IncidentStatus.NEW, IncidentStatus.UNDER_REVIEW, IncidentStatus.CLOSED]

DETAIL_FIELDS = (
    "wellbeing_meeting_on",
    "support_agreed",
    "police_contact",
    "risk_assessment",
    "outcome",
)


def statuses_open_to(incident):
    """The statuses ``incident`` may be given now: where it is, or any later step."""
    position = STATUS_ORDER.index(incident.status)
    return STATUS_ORDER[position:]


def problems(incident, *, status, outcome, wellbeing_meeting_on):
    """What is wrong with a proposed follow-up, as {field name: message}; empty if nothing."""
    found = {}
    if status not in statuses_open_to(incident):
        found["status"] = "An incident cannot go back to an earlier status"
    elif status == IncidentStatus.CLOSED and not (outcome or "").strip():
        found["outcome"] = "Enter the outcome before you close the incident"
    if wellbeing_meeting_on and wellbeing_meeting_on > timezone.localdate():
        found["wellbeing_meeting_on"] = (
            "The date of the 1:1 must be today or in the past. "
            "Record the meeting after it has been held"
        )
    return found


def current_follow_up(incident):
    """The incident's follow-up, or an unsaved empty one if nobody has recorded it yet."""
    try:
        return incident.follow_up
    except FollowUp.DoesNotExist:
        return FollowUp(incident=incident)


@transaction.atomic
def record_follow_up(*, incident, user, status, **details):
    """Save the follow-up and the new status, and write one entry in the audit trail."""
    unknown = set(details) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"Not a follow-up field: {', '.join(sorted(unknown))}")
    found = problems(
        incident,
        status=status,
        outcome=details.get("outcome", ""),
        wellbeing_meeting_on=details.get("wellbeing_meeting_on"),
    )
    if found:
        raise ValidationError(found)

    follow_up = current_follow_up(incident)
    for name, value in details.items():
        setattr(follow_up, name, value)
    follow_up.recorded_by = user
    follow_up.save()

    previous = incident.status
    note = "Follow-up recorded"
    if status != previous:
        incident.status = status
        incident.save(update_fields=["status"])
        note += (
            f"; status changed from {IncidentStatus(previous).label.lower()}"
            f" to {IncidentStatus(status).label.lower()}"
        )
    audit.record(actor=user, action=AuditAction.CHANGE, obj=incident, note=note)
    return follow_up
