"""The states and choices of warnings, restrictions and their reviews."""

from django.db import models


class WarningChannel(models.TextChoices):
    LETTER = "letter", "By letter"
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "By telephone"
    EMAIL = "email", "By e-mail"


class Scope(models.TextChoices):
    MATTER = "matter", "One matter"
    SERVICE = "service", "One or more services"
    COUNCIL = "council", "The whole council"


class RestrictionStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for a decision"
    # Approved, but binding nobody until the person is told: its letter is issued.
    DECIDED = "decided", "Decided: letter not yet issued"
    REFUSED = "refused", "Refused"
    ACTIVE = "active", "In force"
    ENDED = "ended", "Ended"


class Decision(models.TextChoices):
    APPROVED = "approved", "Approved as proposed"
    AMENDED = "amended", "Approved with changes"
    REFUSED = "refused", "Refused"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue unchanged"
    VARY = "vary", "Vary the restriction"
    LIFT = "lift", "Lift the restriction"


class EndReason(models.TextChoices):
    """How a restriction came to an end."""

    LIFTED = "lifted", "Lifted at review"
    END_DATE = "end_date", "End date reached"
    RECONSIDERED = "reconsidered", "Lifted on reconsideration"


class ReceivedHow(models.TextChoices):
    """How a request for reconsideration reached the council."""

    LETTER = "letter", "By letter"
    EMAIL = "email", "By e-mail"
    PHONE = "phone", "By telephone"
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Through the council's website"


class RequestedBy(models.TextChoices):
    CUSTOMER = "customer", "The person themselves"
    REPRESENTATIVE = "representative", "Their representative"


class ReconsiderationOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld: the restriction stays as it is"
    VARIED = "varied", "Varied: the restriction changes"
    LIFTED = "lifted", "Lifted: the restriction ends"


class PolicyCheckOutcome(models.TextChoices):
    """What a decision maker found when a new policy version was published."""

    BROUGHT_FORWARD = "forward", "Review brought forward"
    NOT_AFFECTED = "unaffected", "Not affected by the change"


class ContactChannel(models.TextChoices):
    """How an item the customer sent under a read-and-file restriction reached us."""

    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    ONLINE = "online", "Online form"
    PHONE = "phone", "Telephone message"
    HAND = "hand", "Delivered by hand"
    SOCIAL = "social", "Social media"


class ContactAction(models.TextChoices):
    """What the named reader did with an item once it was read."""

    PASSED = "passed", "Passed to a service"
    ANSWERED = "answered", "Answered"
    FILED = "filed", "Filed without a reply"
