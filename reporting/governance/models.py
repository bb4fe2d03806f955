"""Information governance's own records: the retention schedule, legal holds and the
record of what each retention run removed (kinds, counts and rules, never personal data)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class RecordKind(models.TextChoices):
    """The kinds of record the retention schedule keeps a period for."""

    INCIDENT_NO_FURTHER_ACTION = "incident_nfa", "Incident with no further action"
    INCIDENT_RELIED_ON = "incident_relied_on", "Incident relied on by a restriction"
    WARNING = "warning", "Warning"
    RESTRICTION = "restriction", "Restriction and its letters"
    CAUTION_MARKER = "caution_marker", "Caution marker"
    READ_AND_FILE = "read_and_file", "Read-and-file item"
    AUDIT_EVENT = "audit_event", "Audit event"
    EVIDENCE = "evidence", "Evidence"


class RunsFrom(models.TextChoices):
    """The event a retention period is counted from."""

    INCIDENT_REPORTED = "incident_reported", "the incident was reported"
    WARNING_GIVEN = "warning_given", "the warning was given"
    RESTRICTION_ENDED = "restriction_ended", "the restriction ended"
    MARKER_REMOVED = "marker_removed", "the marker was removed"
    ITEM_READ = "item_read", "the item was read"
    EVENT_WRITTEN = "event_written", "the event was written"
    EVIDENCE_UPLOADED = "evidence_uploaded", "the evidence was uploaded"


# Which events make sense for each kind; a rule must use one of its kind's.
EVENTS_FOR_KIND = {
    RecordKind.INCIDENT_NO_FURTHER_ACTION: (RunsFrom.INCIDENT_REPORTED,),
    RecordKind.INCIDENT_RELIED_ON: (RunsFrom.RESTRICTION_ENDED,),
    RecordKind.WARNING: (RunsFrom.WARNING_GIVEN,),
    RecordKind.RESTRICTION: (RunsFrom.RESTRICTION_ENDED,),
    RecordKind.CAUTION_MARKER: (RunsFrom.MARKER_REMOVED,),
    RecordKind.READ_AND_FILE: (RunsFrom.ITEM_READ, RunsFrom.RESTRICTION_ENDED),
    RecordKind.AUDIT_EVENT: (RunsFrom.EVENT_WRITTEN,),
    RecordKind.EVIDENCE: (RunsFrom.EVIDENCE_UPLOADED, RunsFrom.INCIDENT_REPORTED),
}


class RetentionRule(models.Model):
    """How long one kind of record is kept, and the event the period runs from."""

    kind = models.CharField(max_length=30, choices=RecordKind.choices, unique=True)
    months = models.PositiveIntegerField(help_text="How many months the record is kept.")
    runs_from = models.CharField(
        max_length=30, choices=RunsFrom.choices, help_text="The event the period runs from."
    )
    note = models.TextField(blank=True, help_text="Why this period: the law or policy behind it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]

    def __str__(self):
        return self.describe()

    def describe(self):
        """The rule in words, as kept with each run: no personal data."""
        return (
            f"{self.get_kind_display()}: {self.months} months after {self.get_runs_from_display()}"
        )

    def clean(self):
        allowed = EVENTS_FOR_KIND.get(self.kind, ())
        if self.runs_from and self.runs_from not in allowed:
            labels = ", ".join(RunsFrom(value).label for value in allowed)
            raise ValidationError({"runs_from": f"For this kind, choose one of: {labels}."})


class LegalHoldQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """While a hold is in force nothing about the customer leaves under the schedule."""

    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="legal_holds"
    )
    reason = models.TextField(help_text="Why the records must be kept: a claim, a complaint.")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-pk"]

    def __str__(self):
        state = "lifted" if self.lifted_at else "in force"
        return f"Legal hold {self.pk} ({state})"


class RetentionRun(models.Model):
    """One run of the schedule, real or dry."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    dry_run = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"Retention run {self.at:%Y-%m-%d %H:%M}{' (dry run)' if self.dry_run else ''}"


class DeletionRecord(models.Model):
    """What one run removed of one kind: a count and the rule, no personal data."""

    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="deletions")
    kind = models.CharField(max_length=30, choices=RecordKind.choices)
    count = models.PositiveIntegerField()
    files = models.PositiveIntegerField(default=0, help_text="Stored files removed with them.")
    rule = models.CharField(max_length=200, help_text="The rule as it stood at the run.")

    class Meta:
        ordering = ["run", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.count}"


class KeptChainStart(models.Model):
    """Where the audit trail's hash chain starts after the schedule removed older events:
    the first kept event and the hash it follows. The integrity check starts from the
    latest of these instead of 64 zeros."""

    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, related_name="chain_starts")
    first_event_id = models.PositiveBigIntegerField()
    previous_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pk"]

    def __str__(self):
        return f"Audit trail kept from event {self.first_event_id}"
