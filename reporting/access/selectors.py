"""Reads of the audit trail that other apps need, such as a person's own access log, or
which of its oldest events the retention schedule may remove."""

from django.contrib.auth import get_user_model
from django.db.models import F
from django.db.models.functions import Lower

from .models import AuditEvent


def events_about(subject_references):
    """Every event naming one of these customer references, oldest first."""
    return (
        AuditEvent.objects.filter(subject_reference__in=list(subject_references))
        .select_related("actor")
        .prefetch_related("actor__groups")
        .order_by("at", "pk")
    )


def staff_names_among(pairs):
    """Of these (first, last) name pairs, in lower case, those that are a member of
    staff's name."""
    pairs = set(pairs)
    found = (
        get_user_model()
        .objects.annotate(first=Lower("first_name"), last=Lower("last_name"))
        .filter(
            first__in={first for first, _last in pairs}, last__in={last for _first, last in pairs}
        )
        .values_list("first", "last")
    )
    return {pair for pair in found if pair in pairs}


def first_kept_event_id(*, cutoff, held_references=()):
    """The audit trail loses only its oldest events, so the kept chain stays whole: the
    first event kept is the earliest written after ``cutoff``, or about a person under a
    legal hold (``held_references``, their customer references), and the latest event
    always stays for the next one to chain to. None while the trail is empty."""
    events = AuditEvent._base_manager.order_by("pk").values_list("pk", flat=True)
    candidates = [
        events.filter(at__date__gt=cutoff).first(),
        events.filter(subject_reference__in=held_references).first(),
        events.order_by("-pk").first(),
    ]
    candidates = [pk for pk in candidates if pk is not None]
    return min(candidates) if candidates else None


def oldest_events_due(*, cutoff, held_references=()):
    """The stretch of events from the start of the trail up to the first one kept (see
    ``first_kept_event_id``), each with ``ran_from``, the time it was written."""
    first_kept = first_kept_event_id(cutoff=cutoff, held_references=held_references)
    if first_kept is None:
        return AuditEvent._base_manager.none()
    return AuditEvent._base_manager.filter(pk__lt=first_kept).annotate(ran_from=F("at"))


def next_event_id(*, after_id):
    """The id of the event written next after event ``after_id``, or None."""
    return (
        AuditEvent._base_manager.filter(pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
