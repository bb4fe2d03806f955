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


class TemplateFormat(models.TextChoices):
    """The layouts a letter template is written for. Each type of letter has a standard
    template and may have a large-print and an Easy Read one, in English and in Welsh."""

    STANDARD = "standard", "Standard print"
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy Read"


class CheckOutcome(models.TextChoices):
    """What the public letter check answered; nothing typed is kept."""

    MATCHED = "matched", "Reference and code matched"
    NOT_MATCHED = "not_matched", "Not matched"
    PDF_MATCHED = "pdf_matched", "Matched, and the PDF is the one issued"
    PDF_DIFFERS = "pdf_differs", "Matched, but the PDF differs from the one issued"
    LIMITED = "limited", "Refused: too many wrong attempts"
