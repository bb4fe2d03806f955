"""Reads of the audit trail that other apps need, such as a person's own access log."""

from django.contrib.auth import get_user_model
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
