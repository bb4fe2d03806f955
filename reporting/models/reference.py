"""Lists the council edits in the Wagtail admin: service areas and behaviour categories."""

from django.conf import settings
from django.db import models

from reporting.enums import BehaviourKind


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


class BehaviourCategory(models.Model):
    """One kind of behaviour staff can report, grouped under the two kinds in the policy."""

    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=BehaviourKind.choices)
    hint = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name_plural = "behaviour categories"

    def __str__(self):
        return self.name
