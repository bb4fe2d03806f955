"""Customers, the merging of duplicate records, and caution markers for staff safety."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CustomerQuerySet(models.QuerySet):
    def current(self):
        """Records still in use: not merged into another."""
        return self.filter(merged_into__isnull=True)


class Customer(models.Model):
    """A person who contacts the council. Holds personal data: every view is audited."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    first_name = models.CharField(max_length=80, blank=True)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField(null=True, blank=True)
    address = models.TextField(blank=True, max_length=400)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    support_needs = models.TextField(
        blank=True,
        max_length=1000,
        help_text="Known needs or reasonable adjustments, such as large print or an interpreter.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CustomerQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self):
        return self.reference or "new customer"

    def save(self, *args, **kwargs):
        self.postcode = " ".join(self.postcode.upper().split())
        super().save(*args, **kwargs)
        if not self.reference:
            self.reference = f"C-{self.pk:06d}"
            super().save(update_fields=["reference"])

    @property
    def full_name(self):
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class CustomerMerge(models.Model):
    """Two records found to be one person; kept so that the merge can be undone."""

    source = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="merges_out")
    target = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="merges_in")
    reason = models.CharField(max_length=300)
    moved_incident_ids = models.JSONField(default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.source} into {self.target}"


class MarkerStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    ACTIVE = "active", "Active"
    REMOVED = "removed", "Removed"


class MarkerSeverity(models.TextChoices):
    # How long a marker may be kept before it must be removed or renewed.
    LOW = "low", "Low: kept for up to 6 months"
    MEDIUM = "medium", "Medium: kept for up to 12 months"
    HIGH = "high", "High: kept for up to 24 months"


class CautionMarker(models.Model):
    """A staff-safety alert resting on a recorded incident. Never a reason to refuse service."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="markers")
    incident = models.ForeignKey(
        "reporting.Incident", on_delete=models.PROTECT, related_name="markers"
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
