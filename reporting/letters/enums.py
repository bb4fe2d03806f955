"""The types of letter."""

from django.db import models


class LetterType(models.TextChoices):
    WARNING = "warning", "Warning"
    RESTRICTION = "restriction", "Restriction decision"
    REVIEW_CONTINUED = "review_continued", "Review: restriction continues"
    VARIATION = "variation", "Review: restriction varied"
    REVIEW_LIFTED = "review_lifted", "Review: restriction lifted"
    ENDED = "ended", "Restriction has ended"
    RECONSIDERATION = "reconsideration", "Reconsideration outcome"


class CheckOutcome(models.TextChoices):
    """What the public letter check answered; nothing typed is kept."""

    MATCHED = "matched", "Reference and code matched"
    NOT_MATCHED = "not_matched", "Not matched"
    PDF_MATCHED = "pdf_matched", "Matched, and the PDF is the one issued"
    PDF_DIFFERS = "pdf_differs", "Matched, but the PDF differs from the one issued"
    LIMITED = "limited", "Refused: too many wrong attempts"
