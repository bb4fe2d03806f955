"""The audit trail: who saw or changed which record, and when. It holds no personal data."""

from django.conf import settings
from django.db import models

from reporting.enums import AuditAction


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    object_reference = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    note = models.CharField(max_length=200, blank=True, help_text="Never personal data.")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.actor} {self.get_action_display().lower()} {self.object_reference}"
