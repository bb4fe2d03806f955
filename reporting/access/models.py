"""Who works where, and the audit trail of who saw or changed which record."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from home.immutable import ImmutableRecord

from .enums import AuditAction


class ServiceArea(models.Model):
    """A council service; its managers see and act on its incidents."""

    name = models.CharField(max_length=120, unique=True)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_service_areas",
        help_text="Members of the Manager group who look after this service's incidents.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AuditEvent(ImmutableRecord):
    """One reading or change of a record. It holds no personal data, and it is never
    changed or deleted."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    object_reference = models.CharField(max_length=40, blank=True)
    subject_reference = models.CharField(
        max_length=40,
        blank=True,
        db_index=True,
        help_text="The customer reference of the person the record concerns, if any.",
    )
    # Set when the event is written (audit.py), before its hash is taken.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    note = models.CharField(max_length=200, blank=True, help_text="Never personal data.")
    # The hash chain (chain.py): the hash of the event written before this one, and this
    # event's own hash over its fields and that previous hash.
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    event_hash = models.CharField(max_length=64, blank=True, editable=False)

    changed_message = "The audit trail never changes."
    deleted_message = "The audit trail is kept."

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["object_reference"], name="access_audit_object_ref"),
        ]

    def __str__(self):
        return f"{self.actor} {self.get_action_display().lower()} {self.object_reference}"


class SingleSignOnAccount(models.Model):
    """The link between an account and the person the council's identity provider knows
    (its ``sub`` claim), made at their first single sign-on (sso.py).

    The refresh token lets the daily job ask the provider whether it still knows the
    person. It is stored as the provider gave it: it is good only with this site's client
    secret, which the database never holds, and it is replaced at each check and removed
    when the person leaves.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="single_sign_on"
    )
    subject = models.CharField(max_length=255, unique=True)
    refresh_token = models.TextField(blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # When the provider stopped knowing them (or gave them no role) and the account was
    # switched off; a later single sign-on with a role switches it back on.
    left_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Single sign-on for account {self.user_id}"


class ProviderSecondFactor(Device):
    """Stands for the second factor the identity provider asked for (its ID token's
    ``amr`` claim), so that django-otp counts the session as verified. It never accepts
    a code: only the single sign-on callback signs a session in with it."""

    def verify_token(self, token):
        return False

    def verify_is_allowed(self):
        return False, None
