"""Caution markers: staff-safety alerts resting on a recorded incident."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .enums import MarkerSeverity, MarkerStatus


class CautionMarker(models.Model):
    """A staff-safety alert resting on a recorded incident. Never a reason to refuse service."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="markers"
    )
    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="markers"
    )
    severity = models.CharField(max_length=10, choices=MarkerSeverity.choices)
    safety_advice = models.TextField(
        max_length=500, help_text="What staff should do, shown to everyone who checks."
    )
    reasons = models.TextField(
        max_length=2000, help_text="Why the marker is needed. Only managers can read this."
    )
    status = models.CharField(
        max_length=10, choices=MarkerStatus.choices, default=MarkerStatus.PENDING
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    review_date = models.DateField()
    person_told = models.BooleanField(default=False)
    told_on = models.DateField(null=True, blank=True)
    not_told_reason = models.TextField(
        blank=True,
        max_length=1000,
        help_text="If telling the person would itself create a real risk, say why.",
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-set_at"]

    def __str__(self):
        return f"Caution marker on {self.customer}"

    def service_area_ids(self) -> frozenset:
        """The service of the incident the marker rests on."""
        return frozenset({self.incident.service_area_id})
