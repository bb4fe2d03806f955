"""Reads of the audit trail that other apps need, such as a person's own access log."""

from .models import AuditEvent


def events_about(subject_references):
    """Every event naming one of these customer references, oldest first."""
    return (
        AuditEvent.objects.filter(subject_reference__in=list(subject_references))
        .select_related("actor")
        .prefetch_related("actor__groups")
        .order_by("at", "pk")
    )
