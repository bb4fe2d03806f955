"""Letters to customers and the templates they are written from.

A ``LetterTemplate`` is a snippet with drafts and revisions: comms and managers edit its
wording, and a template that lacks a placeholder its letter type needs cannot be
published. An issued ``Letter`` is frozen: its PDF, the template revision it came from and
the policy version it cites never change. A correction is a new letter that supersedes it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from home.immutable import ImmutableRecord
from home.storage import private_storage
from reporting.customers.enums import PreferredLanguage

from .enums import CheckOutcome, DeliveryChannel, DeliveryStatus, LetterType, TemplateFormat
from .placeholders import check_publishable


def letter_storage():
    """The "letters" storage if one is configured, else a private folder. Issued letters
    are personal data: they are served only through a checked, audited view."""
    return private_storage("letters", settings.LETTERS_ROOT)


def template_title(letter_type, format, language):
    """A template's name as the admin lists it: "Restriction decision (large print,
    Welsh)"; the standard English template is just "Restriction decision"."""
    extras = []
    if format and format != TemplateFormat.STANDARD:
        label = TemplateFormat(format).label
        extras.append(label if format == TemplateFormat.EASY_READ else label.lower())
    if language and language != PreferredLanguage.ENGLISH:
        extras.append(PreferredLanguage(language).label.split(" (")[0])
    title = LetterType(letter_type).label if letter_type else "Letter"
    return f"{title} ({', '.join(extras)})" if extras else title


class LetterTemplate(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """The wording of one type of letter, with ``{placeholders}`` filled in at issue."""

    letter_type = models.CharField(max_length=20, choices=LetterType.choices)
    format = models.CharField(
        max_length=20,
        choices=TemplateFormat.choices,
        default=TemplateFormat.STANDARD,
        help_text="Large print is printed at 16 point or more in its own layout; Easy Read "
        "uses short sentences, one idea a line.",
    )
    language = models.CharField(
        max_length=5, choices=PreferredLanguage.choices, default=PreferredLanguage.ENGLISH
    )
    subject = models.CharField(
        max_length=200, help_text="The letter's heading. Placeholders may be used."
    )
    body = models.TextField(
        max_length=20000,
        help_text="The letter's text. Leave a blank line between paragraphs. Placeholders "
        "in curly brackets, such as {customer_name}, are filled in when the letter is issued.",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="letter_template")

    search_fields = [index.SearchField("subject"), index.SearchField("body")]

    class Meta:
        ordering = ["letter_type", "format", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter_type", "format", "language"],
                name="one_letter_template_per_format_and_language",
                violation_error_message="There is already a template of this type in this "
                "format and language. Edit that one",
            )
        ]

    def __str__(self):
        return template_title(self.letter_type, self.format, self.language)

    @property
    def revisions(self):
        return self._revisions

    def publish(self, revision, *args, **kwargs):
        # Every way of publishing comes through here: the admin, workflows, scheduled
        # publishing and code. A template missing what its letter must say stays a draft.
        check_publishable(revision.as_object())
        return super().publish(revision, *args, **kwargs)


class LetterSequence(models.Model):
    """The last letter number used in a year: references run without gaps."""

    year = models.PositiveIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Letter(ImmutableRecord):
    """One issued letter: its reference, the exact words and PDF sent, and what it cites."""

    reference = models.CharField(max_length=20, unique=True)
    letter_type = models.CharField(max_length=20, choices=LetterType.choices)
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="letters"
    )
    warning = models.ForeignKey(
        "restrictions.CustomerWarning",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    restriction = models.ForeignKey(
        "restrictions.Restriction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    review = models.ForeignKey(
        "restrictions.RestrictionReview",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    reconsideration = models.ForeignKey(
        "restrictions.Reconsideration",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    template = models.ForeignKey(LetterTemplate, on_delete=models.PROTECT, related_name="+")
    template_revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="+"
    )
    policy_version = models.ForeignKey(
        "policy_pages.PublishedVersion", on_delete=models.PROTECT, related_name="letters"
    )
    policy_url = models.URLField(max_length=300)
    channel = models.CharField(
        max_length=10, blank=True, help_text="How the letter is sent: post or e-mail."
    )
    format = models.CharField(
        max_length=20, blank=True, help_text="The format the person needs it in."
    )
    language = models.CharField(
        max_length=5, blank=True, help_text="The language it is written in."
    )
    subject = models.CharField(max_length=300)
    body_text = models.TextField(help_text="The words of the letter as sent.")
    pdf = models.FileField(storage=letter_storage, upload_to="letters/%Y/", max_length=200)
    sha256 = models.CharField(max_length=64)
    check_code = models.CharField(
        max_length=10,
        blank=True,
        help_text="The code printed on the letter for the public letter check "
        "(reporting.letters.check_codes).",
    )
    size = models.PositiveIntegerField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now, db_index=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    changed_message = "An issued letter never changes; issue a new one that supersedes it."
    deleted_message = "Issued letters are kept."

    class Meta:
        ordering = ["-issued_at", "-pk"]

    def __str__(self):
        return self.reference

    @property
    def delivery(self):
        """The latest attempt to deliver the letter, or None when none is recorded."""
        return self.deliveries.order_by("-created_at", "-pk").first()

    def service_area_ids(self) -> frozenset:
        """The services of the warning or restriction the letter tells the person of."""
        record = self.restriction or self.warning
        return record.service_area_ids() if record else frozenset()


class LetterDelivery(models.Model):
    """One attempt to get an issued letter to the person: sent through GOV.UK Notify by
    post or e-mail, or posted by staff. The letter itself never changes, so how it went
    is kept here; a letter's latest delivery is the one that counts (``Letter.delivery``).
    """

    FAILED_STATUSES = (DeliveryStatus.FAILED, DeliveryStatus.RETURNED)

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=20, choices=DeliveryChannel.choices)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices)
    status_at = models.DateTimeField(default=timezone.now)
    notify_id = models.CharField(
        max_length=36, blank=True, db_index=True, help_text="Notify's id for the notification."
    )
    notify_reference = models.CharField(
        max_length=50, blank=True, help_text="The reference Notify holds: the letter's own."
    )
    notify_status = models.CharField(
        max_length=40, blank=True, help_text="Notify's last word on it, as it said it."
    )
    failure = models.CharField(
        max_length=300, blank=True, help_text="Why it was not delivered; no personal details."
    )
    posted_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who recorded the posting; empty when Notify sent it.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "letter deliveries"

    def __str__(self):
        return f"{self.letter_id}: {self.get_status_display()}"

    @property
    def has_failed(self):
        return self.status in self.FAILED_STATUSES


class LetterCheck(models.Model):
    """One use of the public letter check: when, what it answered and, when the reference
    and code matched, which letter. Nothing typed and no address is kept."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    outcome = models.CharField(max_length=20, choices=CheckOutcome.choices)
    letter = models.ForeignKey(
        Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="checks"
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M}: {self.get_outcome_display()}"
