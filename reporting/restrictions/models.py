"""Warnings, restrictions and their reviews.

A restriction row is the decision record: it holds every item a council must be able to
show an ombudsman (who, what, why, the evidence, the checks made first, the earlier
warning, the alternatives, the equality duty, who decided and when, the dates).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from reporting.incidents.enums import BehaviourKind
from reporting.incidents.models import StoredFile, evidence_storage

from .enums import (
    ContactAction,
    ContactChannel,
    Decision,
    EndReason,
    PolicyCheckOutcome,
    ReceivedHow,
    ReconsiderationOutcome,
    RequestedBy,
    RestrictionStatus,
    ReviewOutcome,
    Scope,
    WarningChannel,
)


def _reference(obj, prefix):
    """Give a newly saved row its reference, made from its primary key."""
    if not obj.reference:
        obj.reference = f"{prefix}-{obj.pk:06d}"
        type(obj).objects.filter(pk=obj.pk).update(reference=obj.reference)


class CustomerWarning(models.Model):
    """A manager tells the customer that their behaviour is unacceptable, what must
    change, and what the council will do if it goes on."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="warnings"
    )
    incidents = models.ManyToManyField("incidents.Incident", related_name="warnings")
    behaviour = models.TextField(
        max_length=3000, help_text="The behaviour, with examples and dates, in plain words."
    )
    change_expected = models.TextField(max_length=2000)
    consequences = models.TextField(
        max_length=2000, help_text="What the council will do if the behaviour continues."
    )
    channel = models.CharField(max_length=12, choices=WarningChannel.choices)
    given_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the person was told: the conversation's date, or the day the "
        "warning letter was issued. Empty until then: a warning counts only once given.",
    )
    policy_version = models.ForeignKey(
        "policy_pages.PublishedVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version of the policy in force when the warning was recorded.",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return self.reference or "new warning"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _reference(self, "W")

    def service_area_ids(self) -> frozenset:
        """The services whose incidents the warning rests on: whose detail it is."""
        return frozenset(incident.service_area_id for incident in self.incidents.all())


class RestrictionQuerySet(models.QuerySet):
    def in_force(self, on=None):
        """Restrictions that bind the customer on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(status=RestrictionStatus.ACTIVE, starts_on__lte=on)

    def due_for_review(self, by):
        return self.filter(status=RestrictionStatus.ACTIVE, review_on__lte=by)


class Restriction(models.Model):
    """A proposed, decided or ended restriction of contact: the decision record."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="restrictions"
    )
    status = models.CharField(
        max_length=10,
        choices=RestrictionStatus.choices,
        default=RestrictionStatus.PROPOSED,
        db_index=True,
    )
    representative = models.CharField(
        max_length=200, blank=True, help_text="A representative the restriction covers, if any."
    )
    representative_consent_checked = models.BooleanField(default=False)
    concern = models.CharField(max_length=12, choices=BehaviourKind.choices)

    # What is restricted, where, and how the customer reaches the council now.
    types = models.ManyToManyField("policy_pages.RestrictionType", related_name="restrictions")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    scope_matter = models.CharField(
        max_length=300, blank=True, help_text="The matter, when the scope is one matter."
    )
    service_areas = models.ManyToManyField(
        "access.ServiceArea", blank=True, related_name="restrictions"
    )
    arrangements = models.TextField(
        max_length=2000,
        help_text="Exactly how contact works now: channel, days and times, length of calls "
        "or meetings, buildings.",
    )
    named_contact = models.CharField(
        max_length=200, blank=True, help_text="The named officer, team or mailbox to use."
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restrictions_read",
        help_text="Who reads each item the customer sends, checking it for new issues, "
        "complaints and safeguarding concerns, where contact is read and filed.",
    )
    essential_services = models.TextField(
        max_length=1500, help_text="How essential services and urgent help stay reachable."
    )

    # The grounds.
    incidents = models.ManyToManyField("incidents.Incident", related_name="restrictions")
    behaviour = models.TextField(
        max_length=3000, help_text="The behaviour relied on, with examples and dates."
    )
    reasons = models.TextField(max_length=3000)
    checks_made = models.TextField(
        max_length=2000,
        help_text="Was the underlying complaint handled properly; is anything new; is there "
        "a better route?",
    )
    needs_considered = models.TextField(
        max_length=2000, help_text="Needs and reasonable adjustments considered, and the outcome."
    )
    alternatives = models.TextField(
        max_length=2000,
        help_text="Alternatives weighed, and why this restriction is proportionate.",
    )
    equality_consideration = models.TextField(
        max_length=2000,
        blank=True,
        help_text="The equality duty and human rights: required when protected "
        "characteristics or support needs are recorded.",
    )
    warning = models.ForeignKey(
        CustomerWarning,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restrictions",
    )
    no_warning_reason = models.TextField(
        max_length=1500,
        blank=True,
        help_text="Why no warning came first: a single serious act such as violence or a "
        "physical threat.",
    )
    staff_told = models.TextField(
        max_length=1000, help_text="Which staff are told, and where it is recorded."
    )
    reconsideration_contact = models.CharField(
        max_length=200,
        help_text="Who hears a request for reconsideration: someone senior not involved.",
    )

    # Dates. No end date means "until it is lifted at a review".
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(db_index=True)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(max_length=3000, blank=True)
    decided_by_role = models.CharField(
        max_length=120,
        blank=True,
        help_text="The decision maker's role title, as letters name it (never their name).",
    )
    policy_version = models.ForeignKey(
        "policy_pages.PublishedVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version of the policy in force when the decision was made; every "
        "letter about the decision cites it.",
    )
    serious_act_confirmed = models.BooleanField(
        default=False,
        help_text="The decision maker confirmed the single-serious-act exception.",
    )
    ended_on = models.DateField(null=True, blank=True)
    ended_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    objects = RestrictionQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        indexes = [models.Index(fields=["status", "review_on", "id"])]

    def __str__(self):
        return self.reference or "new restriction"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _reference(self, "R")

    def service_area_ids(self) -> frozenset:
        """The services the restriction covers and whose incidents it relies on."""
        covered = {area.pk for area in self.service_areas.all()}
        return frozenset(covered | {incident.service_area_id for incident in self.incidents.all()})

    @property
    def until_review(self):
        return self.ends_on is None


class RestrictionReview(models.Model):
    """One review of a restriction in force: what happened since, the outcome, and why."""

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="reviews")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(help_text="The review date this review answered.")
    since_last = models.TextField(
        max_length=3000, help_text="What has happened since the decision or the last review."
    )
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    reasons = models.TextField(max_length=3000)
    changes = models.TextField(
        max_length=2000, blank=True, help_text="What changed, when the restriction was varied."
    )
    next_review_on = models.DateField(null=True, blank=True)
    policy_version = models.ForeignKey(
        "policy_pages.PublishedVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version of the policy in force when the review was decided.",
    )

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self):
        return f"Review of {self.restriction} on {self.reviewed_at:%d %b %Y}"

    def service_area_ids(self) -> frozenset:
        return self.restriction.service_area_ids()


class Reconsideration(models.Model):
    """A request from the person, or their representative, to look at a restriction
    decision again, and the answer of a decision maker who took no part in the case.

    The restriction stays in force while the request waits, unless that decision maker
    suspends it, with a reason; the suspension ends with the decision."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="reconsiderations"
    )

    # The request.
    received_on = models.DateField(help_text="The day the request reached the council.")
    received_how = models.CharField(max_length=12, choices=ReceivedHow.choices)
    requested_by = models.CharField(max_length=16, choices=RequestedBy.choices)
    representative_name = models.CharField(
        max_length=200, blank=True, help_text="The representative's name, when they asked."
    )
    grounds = models.TextField(
        max_length=5000,
        help_text="Why the person thinks the decision should change, in their own words.",
    )
    told_on = models.DateField(
        help_text="The day the person was told of the decision: the period to ask runs from it."
    )
    last_day = models.DateField(help_text="The last day to ask, under the council's settings.")
    in_time = models.BooleanField(help_text="Whether the request arrived by the last day.")
    late_reason = models.TextField(
        max_length=2000, blank=True, help_text="Why a late request was accepted."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    # A suspension while it waits.
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    suspension_reason = models.TextField(max_length=2000, blank=True)
    suspension_ended_at = models.DateTimeField(null=True, blank=True)

    # The decision.
    outcome = models.CharField(max_length=10, choices=ReconsiderationOutcome.choices, blank=True)
    reasons = models.TextField(max_length=3000, blank=True)
    changes = models.TextField(
        max_length=2000, blank=True, help_text="What changed, when the restriction was varied."
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by_role = models.CharField(
        max_length=120,
        blank=True,
        help_text="The decision maker's role title, as letters name it (never their name).",
    )
    policy_version = models.ForeignKey(
        "policy_pages.PublishedVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version of the policy in force when the reconsideration was decided.",
    )

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["restriction"],
                condition=models.Q(decided_at__isnull=True),
                name="one_open_reconsideration_per_restriction",
            )
        ]

    def __str__(self):
        return self.reference or "new reconsideration"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _reference(self, "RC")

    @property
    def customer(self):
        return self.restriction.customer

    @property
    def is_open(self) -> bool:
        return self.decided_at is None

    @property
    def is_suspending(self) -> bool:
        """Whether the restriction is suspended now, pending this decision."""
        return self.suspended_at is not None and self.suspension_ended_at is None

    def service_area_ids(self) -> frozenset:
        return self.restriction.service_area_ids()


class PolicyChangeCheck(models.Model):
    """A decision maker's answer to a new version of the policy, for a restriction decided
    under an older one: its review brought forward, or the change found not to affect it."""

    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="policy_checks"
    )
    version = models.ForeignKey(
        "policy_pages.PublishedVersion",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The new version of the policy this check answers.",
    )
    decided_under = models.ForeignKey(
        "policy_pages.PublishedVersion",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version the restriction was decided (or last reviewed) under.",
    )
    outcome = models.CharField(max_length=10, choices=PolicyCheckOutcome.choices)
    review_was = models.DateField(help_text="The review date before the check.")
    review_on = models.DateField(
        null=True, blank=True, help_text="The earlier review date, when it was brought forward."
    )
    reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["restriction", "version"], name="one_policy_check_per_version"
            )
        ]

    def __str__(self):
        return f"Policy change check of {self.restriction}"

    @property
    def customer(self):
        return self.restriction.customer

    def service_area_ids(self) -> frozenset:
        return self.restriction.service_area_ids()


# Read and file ------------------------------------------------------------------------


class ContactItem(models.Model):
    """One item a customer sent under a restriction whose contact goes to a named reader,
    and what the reader found in it."""

    reference = models.CharField(max_length=12, unique=True, editable=False)
    restriction = models.ForeignKey(
        Restriction, on_delete=models.PROTECT, related_name="contact_items"
    )
    received_on = models.DateField(help_text="The day the item reached the council.")
    channel = models.CharField(max_length=10, choices=ContactChannel.choices)
    summary = models.TextField(max_length=2000, help_text="What the item is about, briefly.")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    # The reading.
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True, db_index=True)
    raises_new_issue = models.BooleanField(default=False)
    complaint = models.BooleanField(default=False)
    safeguarding = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    action = models.CharField(max_length=10, choices=ContactAction.choices, blank=True)
    action_detail = models.TextField(
        max_length=1000,
        blank=True,
        help_text="Which service it went to, how it was answered, or anything else done.",
    )

    # What the reading found, as the flags' labels show it.
    FINDINGS = (
        ("raises_new_issue", "Raises a new issue"),
        ("complaint", "A complaint"),
        ("safeguarding", "A safeguarding concern"),
        ("urgent", "Urgent"),
    )

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self):
        return self.reference or "new item"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _reference(self, "CI")

    @property
    def customer(self):
        return self.restriction.customer

    @property
    def is_read(self):
        return self.read_at is not None

    def findings(self):
        """The labels of what the reading found, in a fixed order; empty when nothing."""
        return [label for name, label in self.FINDINGS if getattr(self, name)]

    def service_area_ids(self) -> frozenset:
        return self.restriction.service_area_ids()


class ContactAttachment(StoredFile):
    """A copy of what the customer sent, kept privately like incident evidence."""

    item = models.ForeignKey(ContactItem, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=evidence_storage, upload_to="correspondence/%Y/%m/")

    class Meta:
        ordering = ["uploaded_at", "pk"]
