"""The fixed lists of the incident form and queue: kinds of behaviour, channels, places,
protected characteristics, support and statuses."""

from django.db import models

# The nine characteristics the Equality Act 2010 protects: one list for the incident form
# and the customer's equality details.
from reporting.customers.enums import ProtectedCharacteristic


class BehaviourKind(models.TextChoices):
    ABUSIVE = "abusive", "Threatening, abusive or discriminatory behaviour"
    PERSISTENT = "persistent", "Unreasonably persistent or demanding contact"


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Telephone"
    EMAIL = "email", "E-mail"
    LETTER = "letter", "Letter"
    SOCIAL_MEDIA = "social_media", "Social media"
    ONLINE_FORM = "online_form", "Online form"
    HOME_VISIT = "home_visit", "Home visit"
    PUBLIC_MEETING = "public_meeting", "Public meeting"


class LocationKind(models.TextChoices):
    SITE = "site", "At a council site"
    REMOTE = "remote", "Remotely (phone, e-mail, online)"
    ELSEWHERE = "elsewhere", "Somewhere else, such as a home visit"


# Hostility towards these is recorded as a possible hate incident, as the police do.
HATE_STRANDS = frozenset(
    {
        ProtectedCharacteristic.DISABILITY,
        ProtectedCharacteristic.GENDER_REASSIGNMENT,
        ProtectedCharacteristic.RACE,
        ProtectedCharacteristic.RELIGION,
        ProtectedCharacteristic.SEXUAL_ORIENTATION,
    }
)


class SupportOption(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "A private talk with my manager"
    MENTAL_HEALTH_FIRST_AIDER = "mhfa", "A mental health first aider"
    EMPLOYEE_ASSISTANCE = "eap", "The employee assistance programme"
    OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health"
    STRESS_RISK_ASSESSMENT = "stress_assessment", "A stress risk assessment"
    NONE = "none", "No support needed just now"


class IncidentStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    CLOSED = "closed", "Closed"


class ReportedPerson(models.TextChoices):
    """Who the report is about: a record found by the search, a new one, or nobody known."""

    EXISTING = "existing", "Someone we already have a record of"
    NEW = "new", "Someone we do not have a record of yet"
    UNKNOWN = "unknown", "I do not know who they are"
