"""Incidents staff report, the kinds of behaviour they pick from, the evidence they attach
and their managers' follow-up."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from home.corrections import Correction
from home.storage import private_storage

from .enums import (
    HATE_STRANDS,
    BehaviourKind,
    Channel,
    IncidentStatus,
    LocationKind,
    ProtectedCharacteristic,
)


def evidence_storage():
    """The "evidence" storage if one is configured (S3 in production), else a private
    folder outside the public media: evidence is served only through a checked view."""
    return private_storage("evidence", settings.EVIDENCE_ROOT)


class BehaviourCategory(models.Model):
    """One kind of behaviour staff can report, grouped under the two kinds in the policy."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=BehaviourKind.choices)
    hint = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    tells_health_and_safety = models.BooleanField(
        default=False,
        help_text="Whether an incident of this kind, such as a threat, goes to health and "
        "safety as well as the service's managers.",
    )

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name_plural = "behaviour categories"

    def __str__(self):
        return self.name


class IncidentQuerySet(models.QuerySet):
    def for_service_areas(self, areas):
        return self.filter(service_area__in=areas)

    def for_health_and_safety(self):
        """Incidents health and safety must see: RIDDOR, injury, violence, threats, hate
        and safeguarding."""
        flagged = self.model.categories.through.objects.filter(
            incident_id=models.OuterRef("pk"), behaviourcategory__tells_health_and_safety=True
        )
        return self.filter(
            models.Q(riddor_reportable=True)
            | models.Q(injury=True)
            | models.Q(violence=True)
            | models.Q(hate_incident=True)
            | models.Q(safeguarding_concern=True)
            | models.Exists(flagged)
        )


class Incident(models.Model):
    """One reported incident: the evidence later warnings and restrictions stand on."""

    reference = models.CharField(max_length=14, unique=True, editable=False)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reported_incidents"
    )
    reported_at = models.DateTimeField(default=timezone.now, db_index=True)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    unknown_person_description = models.TextField(blank=True, max_length=1000)

    occurred_at = models.DateTimeField(db_index=True)
    service_area = models.ForeignKey(
        "access.ServiceArea", on_delete=models.PROTECT, related_name="incidents"
    )
    location_kind = models.CharField(max_length=20, choices=LocationKind.choices)
    site = models.CharField(max_length=160, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)

    categories = models.ManyToManyField("BehaviourCategory", related_name="incidents")
    description = models.TextField(max_length=5000)
    protected_characteristics = models.JSONField(default=list, blank=True)
    hate_incident = models.BooleanField(default=False, db_index=True)

    people_affected = models.TextField(blank=True, max_length=1000)
    witnesses = models.TextField(blank=True, max_length=1000)
    injury = models.BooleanField(default=False)
    injury_details = models.TextField(blank=True, max_length=1000)
    violence = models.BooleanField(default=False, db_index=True)
    police_informed = models.BooleanField(default=False)
    crime_reference = models.CharField(max_length=40, blank=True)
    riddor_reportable = models.BooleanField(default=False, db_index=True)
    hse_reference = models.CharField(
        max_length=40, blank=True, help_text="The Health and Safety Executive's reference."
    )
    reported_to_hse_on = models.DateField(null=True, blank=True)
    safeguarding_concern = models.BooleanField(default=False, db_index=True)
    safeguarding_details = models.TextField(blank=True, max_length=1000)
    support_requested = models.JSONField(default=list, blank=True)

    status = models.CharField(
        max_length=20,
        choices=IncidentStatus.choices,
        default=IncidentStatus.NEW,
        db_index=True,
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["service_area", "status", "-occurred_at"]),
            # The queue's order within a manager's services: newest first, a page at a time.
            models.Index(
                fields=["service_area", "-occurred_at", "-id"], name="incident_area_recent"
            ),
            # The queue filtered by a flag: a small index of just the incidents with it,
            # so counting them reads those and no others.
            *(
                models.Index(
                    fields=["service_area", "status", "-occurred_at"],
                    condition=models.Q(**{flag: True}),
                    name=f"incident_{short}",
                )
                for flag, short in (
                    ("hate_incident", "hate"),
                    ("violence", "violence"),
                    ("safeguarding_concern", "safeguarding"),
                    ("riddor_reportable", "riddor"),
                    ("police_informed", "police"),
                )
            ),
        ]

    def __str__(self):
        return self.reference or "new incident"

    def save(self, *args, **kwargs):
        targeted = set(self.protected_characteristics or [])
        self.hate_incident = bool(targeted & HATE_STRANDS)
        super().save(*args, **kwargs)
        if not self.reference:
            self.reference = f"INC-{self.pk:06d}"
            super().save(update_fields=["reference"])

    def service_area_ids(self) -> frozenset:
        return frozenset({self.service_area_id})

    @property
    def needs_health_and_safety(self):
        """RIDDOR, injury, violence, a threat, hate or safeguarding."""
        if (
            self.riddor_reportable
            or self.injury
            or self.violence
            or self.hate_incident
            or self.safeguarding_concern
        ):
            return True
        return self.categories.filter(tells_health_and_safety=True).exists()

    def get_protected_characteristics_display(self):
        labels = dict(ProtectedCharacteristic.choices)
        return [labels.get(value, value) for value in self.protected_characteristics]


class StoredFile(models.Model):
    """What the council keeps of an uploaded file besides its bytes (held privately in
    ``evidence_storage`` and served only by a view that checks who asks)."""

    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class Evidence(StoredFile):
    """A file attached to an incident, kept outside the public media and served by a view."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=evidence_storage, upload_to="evidence/%Y/%m/")

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "evidence"


class FollowUp(models.Model):
    """What a manager did after an incident: support for the employee, police, risk."""

    incident = models.OneToOneField(Incident, on_delete=models.PROTECT, related_name="follow_up")
    wellbeing_meeting_on = models.DateField(null=True, blank=True)
    support_agreed = models.TextField(blank=True, max_length=2000)
    police_contact = models.TextField(blank=True, max_length=1000)
    risk_assessment = models.TextField(blank=True, max_length=2000)
    outcome = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Follow-up to {self.incident}"


class IncidentCorrection(Correction):
    """A correction of the answers health and safety triage: RIDDOR, injury and the
    characteristics behaviour was aimed at (which decide a hate incident)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="corrections")

    class Meta(Correction.Meta):
        pass

    def __str__(self):
        return f"Correction of {self.incident}"


class IncidentTally(models.Model):
    """Incidents of one month (its first day, local time) in one service, at one site,
    through one channel, counted as they are reported, corrected and removed
    (``reporting.incidents.tallies``), so monitoring counts whole months from these rows
    instead of every incident.

    Each group has a row counting its incidents (no ``category``; ``no_behaviour``
    counts those with no kind of behaviour recorded); each kind of behaviour shown in a
    month in a service has a row of its own, with no site or channel. ``behaviour``
    repeats the category's id (0 on the group's own row) so that one unique key, free of
    nulls, holds for both kinds of row and a report adds to all of its rows in one
    statement."""

    month = models.DateField()
    service_area = models.ForeignKey(
        "access.ServiceArea", on_delete=models.CASCADE, related_name="+"
    )
    site = models.CharField(max_length=160, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    category = models.ForeignKey(
        BehaviourCategory, on_delete=models.CASCADE, null=True, related_name="+"
    )
    behaviour = models.PositiveIntegerField(default=0)
    incidents = models.PositiveIntegerField(default=0)
    riddor = models.PositiveIntegerField(default=0)
    injury = models.PositiveIntegerField(default=0)
    violence = models.PositiveIntegerField(default=0)
    no_behaviour = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "service_area", "site", "channel", "behaviour"],
                name="one_tally_a_group",
            )
        ]

    def __str__(self):
        return f"{self.month:%B %Y}: {self.incidents} incidents"
