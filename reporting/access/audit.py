"""Writing the audit trail. Every read and change of a case record goes through here."""

from .models import AuditEvent


def _event(*, actor, action, obj, note):
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_reference=getattr(obj, "reference", "") or "",
        note=note[:200],
    )


def record(*, actor, action, obj, note=""):
    """Write one AuditEvent for ``obj``; ``note`` must never hold personal data."""
    event = _event(actor=actor, action=action, obj=obj, note=note)
    event.save()
    return event


def record_many(*, actor, action, objects, note=""):
    """Write one AuditEvent for each of ``objects`` in a single insert."""
    return AuditEvent.objects.bulk_create(
        _event(actor=actor, action=action, obj=obj, note=note) for obj in objects
    )
