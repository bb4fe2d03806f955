"""Reporting an incident: finding the customer, checking and saving the report, and
telling the people who need to know.

``report_incident`` is the one way a report is saved. It checks every answer first and,
if anything is wrong, raises ``InvalidReport`` having saved nothing: no incident, no
customer, no evidence and no file. A good report is saved in one transaction with its
audit trail; the e-mails go once the transaction has been committed, and say nothing
about the customer or what happened: only the reference and a link.
"""

import logging
import re
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace, Upper
from django.template.loader import render_to_string

from reporting import audit
from reporting.enums import AuditAction, Role
from reporting.forms.incident import WHO_EXISTING, WHO_NEW, WHO_UNKNOWN, IncidentReportForm
from reporting.models import Customer, Evidence, Incident

logger = logging.getLogger(__name__)

SEARCH_LIMIT = 20
SEARCH_MAX_LENGTH = 100
REFERENCE = re.compile(r"C-?([0-9]{1,12})")
POSTCODE_AT_END = re.compile(r"(?:^|\s)([A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2})$")


class InvalidReport(Exception):
    """The report has problems; ``form`` holds the answers and the messages to show."""

    def __init__(self, form):
        self.form = form
        super().__init__("The report has problems and was not saved.")


# Finding the customer ----------------------------------------------------------------


def _squash(text):
    return "".join(text.split()).upper()


def find_customers(term, *, limit=SEARCH_LIMIT):
    """Current customer records matching ``term``: a customer reference (C-000123), a
    postcode, a name (each word starts a first or last name), or a name then a postcode.
    Returns at most ``limit + 1`` records, so that the caller can tell there were more."""
    term = " ".join(str(term or "").replace("\x00", "").split())[:SEARCH_MAX_LENGTH]
    if len(term) < 2:
        return []
    records = Customer.objects.current()
    reference = REFERENCE.fullmatch(_squash(term))
    if reference:
        wanted = f"C-{int(reference[1]):06d}"
        query = Q(reference=wanted) | Q(merged_records__reference=wanted)
    else:
        query, name_part = Q(), term
        postcode = POSTCODE_AT_END.search(term.upper())
        if postcode:
            records = records.annotate(
                compact_postcode=Replace(Upper(F("postcode")), Value(" "), Value(""))
            )
            query &= Q(compact_postcode=_squash(postcode[1]))
            name_part = term[: postcode.start(1)]
        words = name_part.split()[:6]
        if not postcode and not words:
            return []
        for word in words:
            query &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    found = records.filter(query).distinct().order_by("last_name", "first_name", "pk")
    return list(found[: limit + 1])


def search_customers(term, *, by):
    """``find_customers`` for a person who asked: each record shown is in the audit trail."""
    found = find_customers(term)
    for customer in found[:SEARCH_LIMIT]:
        audit.record(
            actor=by,
            action=AuditAction.VIEW,
            obj=customer,
            note="Shown in a search while reporting an incident",
        )
    return found


def report_form(*, data=None, files=None, found=None):
    """The report form. When bound, the customers found by the search it carries are
    offered as choices, unless ``found`` is given."""
    if data is not None and found is None:
        found = find_customers(data.get("customer_search", ""))
    return IncidentReportForm(data=data, files=files, found=found or (), search_limit=SEARCH_LIMIT)


# Saving the report -------------------------------------------------------------------


def report_incident(*, reporter, data, files):
    """Check and save a report from ``reporter``; return the saved Incident.

    Raises ``InvalidReport`` if any answer is wrong, having saved nothing."""
    form = report_form(data=data, files=files)
    if not form.is_valid():
        raise InvalidReport(form)
    stored = []
    try:
        with transaction.atomic():
            incident = _save(reporter=reporter, answers=form.cleaned_data, stored=stored)
    except BaseException:
        _remove_files(stored)
        raise
    transaction.on_commit(lambda: send_notifications(incident))
    return incident


def _save(*, reporter, answers, stored):
    who = answers["who"]
    customer = answers["customer"] if who == WHO_EXISTING else None
    if who == WHO_NEW:
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
        unknown_person_description=(answers["unknown_description"] if who == WHO_UNKNOWN else ""),
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
    incident.categories.set(answers["categories"])
    for checked in answers["evidence"]:
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
        item.save()
    files = len(answers["evidence"])
    audit.record(
        actor=reporter,
        action=AuditAction.CREATE,
        obj=incident,
        note=f"Reported with {files} evidence file{'' if files == 1 else 's'}",
    )
    if who == WHO_NEW:
        audit.record(
            actor=reporter,
            action=AuditAction.CREATE,
            obj=customer,
            note=f"Added when {incident.reference} was reported",
        )
    return incident


def _remove_files(names):
    storage = Evidence._meta.get_field("file").storage
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.exception("Could not remove the evidence file %s", name)


# Telling people ----------------------------------------------------------------------


def incident_link(incident):
    return f"{settings.PUBLIC_BASE_URL}/staff/incidents/{incident.reference}/"


def health_and_safety_reasons(incident):
    reasons = []
    if incident.hate_incident:
        reasons.append("a possible hate incident")
    if incident.violence:
        reasons.append("violence or a physical threat")
    if incident.safeguarding_concern:
        reasons.append("a safeguarding concern")
    return reasons


def join_with_and(parts):
    """``["a", "b", "c"]`` becomes ``"a, b and c"``."""
    parts = list(parts)
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _addresses(users):
    found = users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    return sorted(set(found))


def manager_addresses(incident):
    return _addresses(incident.service_area.managers.all())


def health_and_safety_addresses(incident):
    """Everyone in health and safety, if the incident needs them; else nobody."""
    if not incident.needs_health_and_safety:
        return []
    return _addresses(get_user_model().objects.filter(groups__name=Role.HEALTH_AND_SAFETY))


def notification_messages(incident):
    """One e-mail to each manager of the incident's service and, when the incident needs
    them, one to each member of health and safety. Only the reference and a link."""
    context = {
        "reference": incident.reference,
        "service": incident.service_area.name,
        "link": incident_link(incident),
        "reasons": join_with_and(health_and_safety_reasons(incident)),
    }
    messages = []
    subject = f"New incident {incident.reference} in {incident.service_area.name}"
    body = render_to_string("reporting/incidents/emails/manager.txt", context)
    for address in manager_addresses(incident):
        messages.append(EmailMessage(subject, body, to=[address]))
    subject = f"Incident {incident.reference} needs health and safety"
    body = render_to_string("reporting/incidents/emails/health_and_safety.txt", context)
    for address in health_and_safety_addresses(incident):
        messages.append(EmailMessage(subject, body, to=[address]))
    return messages


def send_notifications(incident):
    """Send the e-mails. A failure is logged, never shown: the report is already saved."""
    messages = notification_messages(incident)
    if not messages:
        return 0
    try:
        return get_connection().send_messages(messages)
    except Exception:
        logger.exception("Could not send the e-mails about incident %s", incident.reference)
        return 0
