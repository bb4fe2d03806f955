"""A caution marker's states, and how long each severity may be kept."""

from django.db import models


class MarkerStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    ACTIVE = "active", "Active"
    REMOVED = "removed", "Removed"


class MarkerSeverity(models.TextChoices):
    # How long a marker may be kept before it must be removed or renewed.
    LOW = "low", "Low: kept for up to 6 months"
    MEDIUM = "medium", "Medium: kept for up to 12 months"
    HIGH = "high", "High: kept for up to 24 months"
