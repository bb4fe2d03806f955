"""Records that are written once and never changed or deleted through the ORM: published
versions, issued letters and the audit trail. A correction is a new record."""

from django.db import models


class ImmutableRecordError(TypeError):
    """Something tried to change or delete a record that is kept as it was written."""


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableRecordError(self.model.changed_message)

    def delete(self):
        raise ImmutableRecordError(self.model.deleted_message)


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
