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


class DeliveryChannel(models.TextChoices):
    """How an issued letter went to the person."""

    NOTIFY_POST = "notify_post", "By post, through GOV.UK Notify"
    NOTIFY_EMAIL = "notify_email", "By e-mail, through GOV.UK Notify"
    BY_HAND = "by_hand", "Posted by staff"


class DeliveryStatus(models.TextChoices):
    """Where a delivery has got to. Notify's own words map onto these (notify.py)."""

    QUEUED = "queued", "Waiting to go to GOV.UK Notify"
    SENDING = "sending", "With GOV.UK Notify"
    RECEIVED = "received", "Printed and posted by GOV.UK Notify"
    DELIVERED = "delivered", "Delivered"
    POSTED = "posted", "Posted"
    RETURNED = "returned", "Returned to sender"
    FAILED = "failed", "Not delivered"
