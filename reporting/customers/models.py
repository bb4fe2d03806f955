"""Customers and the merging of duplicate records."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from home.corrections import Correction

from .enums import (
    EqualitySource,
    PreferredChannel,
    PreferredFormat,
    PreferredLanguage,
    ProtectedCharacteristic,
)


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
    preferred_channel = models.CharField(
        max_length=10, choices=PreferredChannel.choices, default=PreferredChannel.POST
    )
    preferred_format = models.CharField(
        max_length=20, choices=PreferredFormat.choices, default=PreferredFormat.STANDARD
    )
    format_details = models.CharField(
        max_length=120, blank=True, help_text="Which language, for example."
    )
    preferred_language = models.CharField(
        max_length=5,
        choices=PreferredLanguage.choices,
        default=PreferredLanguage.ENGLISH,
        help_text="The language letters are written in.",
    )
    representative_name = models.CharField(max_length=200, blank=True)
    representative_contact = models.TextField(
        max_length=400, blank=True, help_text="How to reach the representative."
    )
    representative_consent_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the person's consent to being represented was checked.",
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
    """Two records found to be one person; kept so that the merge can be undone.

    ``moved`` lists, for each kind of record that follows a person (see
    ``merging.register_moved_records``), the ids the merge moved to the target."""

    source = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="merges_out")
    target = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="merges_in")
    reason = models.CharField(max_length=300)
    moved = models.JSONField(default=dict)
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

    @property
    def moved_incident_ids(self):
        return self.moved.get("incidents", [])


class CustomerChange(Correction):
    """One correction of a customer's details. Read only by those who may open the record;
    the audit trail names the fields, never the values."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="changes")

    class Meta(Correction.Meta):
        pass

    def __str__(self):
        return f"Change to {self.customer}"


class EqualityDetail(models.Model):
    """One protected characteristic of the person, given for equality monitoring only:
    the answer or "prefer not to say", and where it came from. Staff who may open the
    record may add it; only the roles that monitor may read it."""

    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="equality_details"
    )
    characteristic = models.CharField(max_length=30, choices=ProtectedCharacteristic.choices)
    answer = models.CharField(max_length=120, blank=True)
    prefer_not_to_say = models.BooleanField(default=False)
    source = models.CharField(max_length=20, choices=EqualitySource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["characteristic"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "characteristic"], name="one_answer_per_characteristic"
            )
        ]

    def __str__(self):
        return f"{self.get_characteristic_display()} of {self.customer}"


class DetailGrant(models.Model):
    """A manager's stated reason to read every service's records about one person, for a
    limited time ("breaking the glass"). Information governance reviews each one."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="detail_grants")
    granted_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(max_length=1000)
    granted_at = models.DateTimeField(default=timezone.now, db_index=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        indexes = [models.Index(fields=["granted_to", "expires_at"])]

    def __str__(self):
        return f"Reason given to read {self.customer} in full"

    @property
    def reference(self):
        """The person's reference, so the audit trail names the record the grant opens."""
        return self.customer.reference
