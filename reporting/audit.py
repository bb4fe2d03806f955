"""Writing the audit trail. Every read and change of a case record goes through here."""

from reporting.models import AuditEvent


def record(*, actor, action, obj, note=""):
    """Write one AuditEvent for ``obj``; ``note`` must never hold personal data."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_reference=getattr(obj, "reference", "") or "",
        note=note[:200],
    )
