"""Records that are written once and never changed or deleted through the ORM: published
versions, issued letters and the audit trail. A correction is a new record."""

import contextvars
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

# Set only inside ``retention_path()``: the retention schedule's own way out for kept rows.
_retention = contextvars.ContextVar("retention_path", default=False)


class ImmutableRecordError(TypeError):
    """Something tried to change or delete a record that is kept as it was written."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(self.model.changed_message)

    def delete(self):
        # Kept rows leave only with the rest of the case, under the retention schedule.
        if not in_retention_path():
            raise ImmutableRecordError(self.model.deleted_message)
        return super().delete()

    delete.queryset_only = True


class ImmutableRecord(models.Model):
    """Saved once; ``save`` on a stored row, ``delete`` and queryset ``update`` and
    ``delete`` all raise. Subclasses say what to do instead in the two messages."""

    changed_message = "This record never changes."
    deleted_message = "This record is kept."

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableRecordError(self.changed_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(self.deleted_message)


def in_retention_path() -> bool:
    """Whether this code runs inside ``retention_path()``."""
    return _retention.get()


@contextmanager
def retention_path(using=DEFAULT_DB_ALIAS):
    """The one way kept records (issued letters) are deleted: queryset ``delete`` of an
    ImmutableRecord is allowed inside this block, and on PostgreSQL the block's transaction
    sets ``safecontact.retention`` so the triggers let the deletion through. The setting is
    switched off again when the block ends, even inside a longer transaction. Only the
    retention schedule (reporting/governance/services/retention.py) opens it."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL safecontact.retention = 'on'")
        token = _retention.set(True)
        try:
            yield
        finally:
            _retention.reset(token)
            if connection.vendor == "postgresql" and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL safecontact.retention = 'off'")
