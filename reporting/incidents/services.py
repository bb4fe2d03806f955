"""Reporting an incident, a manager's follow-up, and health and safety's triage.

``report_incident`` is the one way a report is saved, from answers the report form has
checked. It saves the incident, any new customer record and the evidence in one
transaction with the audit trail (and removes the files if that fails); the e-mails
(``notifications``) are queued in that same transaction, so a report that fails e-mails
nobody, and say nothing about the customer or what happened: only the reference and a
link.

A follow-up keeps to these rules, whoever records it:

- an incident only moves forward: new, then under review, then closed (a step may be
  skipped, but it never goes back);
- an incident cannot be closed without an outcome;
- the wellbeing 1:1 cannot be dated in the future.
"""

import datetime
import logging
import uuid

from django.db import transaction
from django.utils import timezone

from home.corrections import before_and_after, changed_fields
from home.rules import RuleError
from home.stored_files import delete_files_on_commit
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.permissions import StaffAccess
from reporting.customers.models import Customer
from reporting.customers.services import lock_customer

from . import tallies
from .enums import IncidentStatus, ProtectedCharacteristic, ReportedPerson
from .models import Evidence, FollowUp, Incident, IncidentCorrection
from .notifications import queue_notifications

logger = logging.getLogger(__name__)


# Saving the report -------------------------------------------------------------------


def report_incident(*, reporter, answers):
    """Save a report from ``reporter`` whose ``answers`` (the report form's cleaned data)
    have been checked; return the saved Incident. Nothing is left behind if it fails."""
    stored = []
    try:
        with transaction.atomic():
            incident = _save(reporter=reporter, answers=answers, stored=stored)
            # Queued with the report itself: a report that fails to save e-mails nobody.
            queue_notifications(incident, categories=answers["categories"])
    except BaseException:
        _remove_files(stored)
        raise
    return incident


def _save(*, reporter, answers, stored):
    who = answers["who"]
    customer = answers["customer"] if who == ReportedPerson.EXISTING else None
    if customer is not None:
        customer = lock_customer(customer.pk)
    if who == ReportedPerson.NEW:
        customer = Customer.objects.create(
            first_name=answers["first_name"],
            last_name=answers["last_name"],
            postcode=answers["postcode"],
            address=answers["address"],
            email=answers["email"],
            telephone=answers["telephone"],
            created_by=reporter,
        )
    incident = Incident.objects.create(
        reported_by=reporter,
        customer=customer,
        unknown_person_description=(
            answers["unknown_description"] if who == ReportedPerson.UNKNOWN else ""
        ),
        occurred_at=answers["occurred_at"],
        service_area=answers["service_area"],
        location_kind=answers["location_kind"],
        site=answers["site"],
        channel=answers["channel"],
        description=answers["description"],
        protected_characteristics=list(answers["protected_characteristics"]),
        people_affected=answers["people_affected"],
        witnesses=answers["witnesses"],
        injury=answers["injury"],
        injury_details=answers["injury_details"],
        violence=answers["violence"],
        police_informed=answers["police_informed"],
        crime_reference=answers["crime_reference"],
        riddor_reportable=answers["riddor_reportable"],
        safeguarding_concern=answers["safeguarding_concern"],
        safeguarding_details=answers["safeguarding_details"],
        support_requested=list(answers["support_requested"]),
    )
    # A new incident has no kinds of behaviour yet: add them, with nothing to compare.
    incident.categories.add(*answers["categories"])
    tallies.count_reported(incident, [category.pk for category in answers["categories"]])
    _save_evidence(incident, answers["evidence"], reporter=reporter, stored=stored)
    files = len(answers["evidence"])
    created = [(incident, f"Reported with {files} evidence file{'' if files == 1 else 's'}")]
    if who == ReportedPerson.NEW:
        created.append((customer, f"Added when {incident.reference} was reported"))
    # The incident's event, then the new customer's, chained in one insert.
    audit.record_many(
        actor=reporter,
        action=AuditAction.CREATE,
        objects=[obj for obj, _note in created],
        notes=[note for _obj, note in created],
    )
    return incident


def _save_evidence(incident, checked_files, *, reporter, stored):
    """Store each checked file under a random name and save its rows in one insert; the
    names stored are added to ``stored``, so that a failure can remove the files."""
    items = []
    for checked in checked_files:
        item = Evidence(
            incident=incident,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=reporter,
        )
        # The stored name is random: the person's own file name never reaches the disk.
        stored_name = f"{uuid.uuid4().hex}.{checked.kind.stored_ending}"
        item.file.save(stored_name, checked.upload, save=False)
        stored.append(item.file.name)
        items.append(item)
    if items:
        Evidence.objects.bulk_create(items)


def _remove_files(names):
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove the evidence file %s", name)


# A manager's follow-up ----------------------------------------------------------------

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
    # The person first, then the incident: the order every write about one person keeps.
    lock_customer(incident.customer_id)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    found = problems(
        incident,
        status=status,
        outcome=details.get("outcome", ""),
        wellbeing_meeting_on=details.get("wellbeing_meeting_on"),
    )
    if found:
        raise RuleError(errors=found)

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


# Health and safety's triage -------------------------------------------------------------

# The answers triage may correct, with the words the audit trail and the history use.
TRIAGE_LABELS = {
    "riddor_reportable": "RIDDOR",
    "injury": "injury",
    "injury_details": "injury details",
    "protected_characteristics": "characteristics targeted (hate incident)",
    "hse_reference": "HSE reference",
    "reported_to_hse_on": "date reported to the HSE",
}


def triage_problems(values, *, incident, today):
    errors = {}
    if values["injury"] and not values["injury_details"]:
        errors["injury_details"] = "Say what the injury was"
    if values["riddor_reportable"] and not values["injury"]:
        errors["riddor_reportable"] = "Only an injury can be reportable under RIDDOR"
    unknown = set(values["protected_characteristics"]) - set(ProtectedCharacteristic.values)
    if unknown:
        errors["protected_characteristics"] = "Choose only characteristics from the list"
    reported = values["reported_to_hse_on"]
    if reported is not None:
        if not values["riddor_reportable"]:
            errors["reported_to_hse_on"] = "Only a RIDDOR-reportable injury is reported to the HSE"
        elif reported > today:
            errors["reported_to_hse_on"] = "The date reported cannot be in the future"
        elif reported < timezone.localdate(incident.occurred_at):
            errors["reported_to_hse_on"] = "The date reported cannot be before the incident"
        elif not values["hse_reference"]:
            errors["hse_reference"] = "Enter the reference the HSE gave"
    return errors


@transaction.atomic
def correct_incident(*, incident, by, reason, **values):
    """Correct the RIDDOR, injury and hate-incident answers of ``incident``, or record its
    report to the HSE. Health and safety and the incident's managers may; the record
    keeps before and after, and the audit trail names the answers changed."""
    lock_customer(incident.customer_id)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not StaffAccess(by).can_follow_up(incident):
        raise RuleError("Only health and safety or a manager of this service can correct it")
    unknown = set(values) - set(TRIAGE_LABELS)
    if unknown:
        raise TypeError(f"Not a triage answer: {', '.join(sorted(unknown))}")
    values = {name: values.get(name, getattr(incident, name)) for name in TRIAGE_LABELS}
    values["injury_details"] = (values["injury_details"] or "").strip()
    values["hse_reference"] = (values["hse_reference"] or "").strip()
    values["protected_characteristics"] = sorted(set(values["protected_characteristics"] or []))
    reason = " ".join((reason or "").split())
    errors = triage_problems(values, incident=incident, today=timezone.localdate())
    if not reason:
        errors["reason"] = "Say why the answers are being corrected"
    changed = changed_fields(incident, values)
    if not changed and not errors:
        errors[None] = "Nothing has changed: correct an answer, or go back to the incident"
    if errors:
        raise RuleError(errors=errors)
    before, after = before_and_after(incident, values, changed)
    earlier = {name: getattr(incident, name) for name in changed}
    correction = IncidentCorrection.objects.create(
        incident=incident, made_by=by, reason=reason[:300], before=before, after=after
    )
    for name in changed:
        setattr(incident, name, values[name])
    incident.save()  # works out the hate-incident flag again
    tallies.count_corrected(incident, earlier)
    audit.record(
        actor=by,
        action=AuditAction.CHANGE,
        obj=incident,
        note=f"Corrected: {', '.join(TRIAGE_LABELS[name] for name in changed)}",
    )
    return correction


def riddor_deadlines(incident):
    """The last days to report a RIDDOR injury to the HSE: 10 days after the incident for
    a specified injury, 15 days for one that keeps someone off work over seven days."""
    day = timezone.localdate(incident.occurred_at)
    return day + datetime.timedelta(days=10), day + datetime.timedelta(days=15)


def remove_incidents_for_retention(*, incident_ids) -> tuple[int, int]:
    """Delete these incidents with their evidence (and its files), follow-up and
    corrections, under the retention schedule; returns (incidents, files). The caller has
    checked that nothing (a warning, a restriction, a caution marker) relies on them."""
    going = Incident.objects.filter(pk__in=incident_ids)
    ids = list(going.values_list("pk", flat=True))
    months = tallies.months_of(going)
    evidence = Evidence.objects.filter(incident_id__in=ids)
    files = delete_files_on_commit([item.file for item in evidence])
    evidence.delete()
    FollowUp.objects.filter(incident_id__in=ids).delete()
    IncidentCorrection.objects.filter(incident_id__in=ids).delete()
    Incident.objects.filter(pk__in=ids).delete()
    tallies.recount(months)
    return len(ids), files


def remove_evidence_for_retention(*, evidence_ids) -> int:
    """Delete this evidence, past its period, with its files, while its incident stays;
    returns how many files. The caller has checked that nothing relies on the incident."""
    items = list(Evidence.objects.filter(pk__in=evidence_ids))
    files = delete_files_on_commit([item.file for item in items])
    Evidence.objects.filter(pk__in=[item.pk for item in items]).delete()
    return files
