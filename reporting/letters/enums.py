"""The types of letter."""

from django.db import models


class LetterType(models.TextChoices):
    WARNING = "warning", "Warning"
    RESTRICTION = "restriction", "Restriction decision"
    REVIEW_CONTINUED = "review_continued", "Review: restriction continues"
    VARIATION = "variation", "Review: restriction varied"
    REVIEW_LIFTED = "review_lifted", "Review: restriction lifted"
    ENDED = "ended", "Restriction has ended"
