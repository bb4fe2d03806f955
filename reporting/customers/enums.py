"""How a customer prefers to hear from the council, the details staff may correct, and the
protected characteristics (for incidents and for equality monitoring)."""

from django.db import models


class PreferredChannel(models.TextChoices):
    POST = "post", "Post"
    EMAIL = "email", "E-mail"


class PreferredFormat(models.TextChoices):
    STANDARD = "standard", "Standard print"
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy Read"
    OTHER_LANGUAGE = "other_language", "Another language"
    BRAILLE = "braille", "Braille"


class PreferredLanguage(models.TextChoices):
    """The language letters are written in. Another language (translated for the person)
    is a format, with the language named in its details."""

    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh (Cymraeg)"


# The details staff may correct, with the words the record and its history use.
DETAIL_LABELS = {
    "first_name": "first name",
    "last_name": "last name",
    "address": "postal address",
    "postcode": "postcode",
    "email": "e-mail address",
    "telephone": "telephone",
    "preferred_channel": "preferred way to hear from us",
    "preferred_format": "preferred format",
    "format_details": "format details",
    "preferred_language": "language for letters",
    "support_needs": "needs and reasonable adjustments",
    "representative_name": "representative",
    "representative_contact": "how to reach the representative",
    "representative_consent_on": "date consent to the representative was checked",
}


class ProtectedCharacteristic(models.TextChoices):
    AGE = "age", "Age"
    DISABILITY = "disability", "Disability"
    GENDER_REASSIGNMENT = "gender_reassignment", "Gender reassignment"
    MARRIAGE = "marriage", "Marriage and civil partnership"
    PREGNANCY = "pregnancy", "Pregnancy and maternity"
    RACE = "race", "Race"
    RELIGION = "religion", "Religion or belief"
    SEX = "sex", "Sex"
    SEXUAL_ORIENTATION = "sexual_orientation", "Sexual orientation"


class EqualitySource(models.TextChoices):
    """Where an equality detail came from."""

    TOLD_BY_PERSON = "person", "The person told us"
    OTHER_RECORD = "record", "Another council record"
    REPRESENTATIVE = "representative", "Their representative told us"
