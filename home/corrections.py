"""Corrections of a record's details: what each field held before and after, who made
the correction, when and why. The audit trail names the fields; this keeps the values,
for those who may read the record."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Correction(models.Model):
    """One correction. Subclasses add the record corrected."""

    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        abstract = True
        ordering = ["-made_at", "-pk"]


def stored(value):
    """A value as a correction keeps it: dates as ISO text, lists sorted."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return sorted(value)
    return value


def changed_fields(record, values):
    """The names in ``values`` whose value differs from ``record``'s, in order."""
    return [
        name for name, value in values.items() if stored(value) != stored(getattr(record, name))
    ]


def before_and_after(record, values, names):
    """The ``before`` and ``after`` of a correction of ``names``."""
    before = {name: stored(getattr(record, name)) for name in names}
    after = {name: stored(values[name]) for name in names}
    return before, after
