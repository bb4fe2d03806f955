"""Telling the people who need to know about a new incident: each manager of its
service and, when it needs them, everyone in health and safety. One e-mail to each,
with only the reference and a link: nothing about the customer or what happened.

``queue_notifications`` works out whom to tell in one query (the managers and health
and safety together) from what the report already holds; the confirmation page asks
the same questions one at a time, of an incident read back from the database.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, Q, Value
from django.template.loader import render_to_string

from home.mail import queue_emails_or_log
from reporting.access import notify
from reporting.access.enums import Role
from reporting.access.models import ServiceArea


def incident_link(incident):
    return f"{settings.PUBLIC_BASE_URL}/staff/incidents/{incident.reference}/"


def health_and_safety_reasons(incident, *, categories=None):
    """Why health and safety need to know, in words; empty if they need not. The kinds of
    behaviour are read from the database unless ``categories`` (the incident's) are given."""
    reasons = []
    if incident.riddor_reportable:
        reasons.append("an injury that may be reportable under RIDDOR")
    elif incident.injury:
        reasons.append("an injury")
    if incident.violence:
        reasons.append("violence or a physical threat")
    elif _tells_health_and_safety(incident, categories):
        reasons.append("a threat")
    if incident.hate_incident:
        reasons.append("a possible hate incident")
    if incident.safeguarding_concern:
        reasons.append("a safeguarding concern")
    return reasons


def _tells_health_and_safety(incident, categories):
    if categories is None:
        return incident.categories.filter(tells_health_and_safety=True).exists()
    return any(category.tells_health_and_safety for category in categories)


def join_with_and(parts):
    """``["a", "b", "c"]`` becomes ``"a, b and c"``."""
    parts = list(parts)
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def manager_addresses(incident):
    return notify.addresses(incident.service_area.managers.all())


def health_and_safety_addresses(incident):
    """Everyone in health and safety, if the incident needs them; else nobody."""
    if not incident.needs_health_and_safety:
        return []
    return notify.role_addresses(Role.HEALTH_AND_SAFETY)


def recipients(incident, *, health_and_safety):
    """The addresses of the incident's managers and, if ``health_and_safety``, of everyone
    in health and safety, as two sorted lists read in one query: the people
    ``manager_addresses`` and ``health_and_safety_addresses`` name."""
    User = get_user_model()
    manages = Exists(
        ServiceArea.managers.through.objects.filter(
            servicearea_id=incident.service_area_id, user_id=OuterRef("pk")
        )
    )
    in_safety = Value(False)
    if health_and_safety:
        in_safety = Exists(
            User.groups.through.objects.filter(
                user_id=OuterRef("pk"), group__name=Role.HEALTH_AND_SAFETY
            )
        )
    rows = (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .annotate(manages=manages, in_safety=in_safety)
        .filter(Q(manages=True) | Q(in_safety=True))
        .values_list("email", "manages", "in_safety")
    )
    managers, safety = set(), set()
    for email, manager, in_group in rows:
        if manager:
            managers.add(email)
        if in_group:
            safety.add(email)
    return sorted(managers), sorted(safety)


def notification_messages(incident, *, categories=None):
    """One e-mail to each manager of the incident's service and, when the incident needs
    them, one to each member of health and safety. Only the reference and a link.
    ``categories``, the incident's kinds of behaviour, saves reading them again."""
    reasons = health_and_safety_reasons(incident, categories=categories)
    context = {
        "reference": incident.reference,
        "service": incident.service_area.name,
        "link": incident_link(incident),
        "reasons": join_with_and(reasons),
    }
    # Health and safety need to know exactly when there is a reason to tell them.
    managers, safety = recipients(incident, health_and_safety=bool(reasons))
    messages = []
    subject = f"New incident {incident.reference} in {incident.service_area.name}"
    body = render_to_string("incidents/emails/manager.txt", context)
    for address in managers:
        messages.append(EmailMessage(subject, body, to=[address]))
    subject = f"Incident {incident.reference} needs health and safety"
    body = render_to_string("incidents/emails/health_and_safety.txt", context)
    for address in safety:
        messages.append(EmailMessage(subject, body, to=[address]))
    return messages


def queue_notifications(incident, *, categories=None):
    """Queue the e-mails; return how many were queued. A failure to queue is logged, never
    shown: the report matters more than the e-mails about it."""
    messages = notification_messages(incident, categories=categories)
    return queue_emails_or_log(messages, about=incident.reference)
