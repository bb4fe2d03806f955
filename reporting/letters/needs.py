"""Which letter a case needs now: the one table behind the decision record's buttons, the
check made before a letter is issued, the "letters waiting" queue and the daily job.

A decided restriction calls for the restriction letter, which brings it into force. One
in force has had it (a correction may replace it) and, once reviewed, calls for the
letter answering its latest review. One lifted at a review calls for the review letter that
says it is lifted; one that ran to its end date calls for the letter saying it ended.
"""

from dataclasses import dataclass

from reporting.restrictions.enums import EndReason, RestrictionStatus, ReviewOutcome

from .enums import LetterType

# The letter answering each review outcome.
REVIEW_LETTERS = {
    ReviewOutcome.CONTINUE: LetterType.REVIEW_CONTINUED,
    ReviewOutcome.VARY: LetterType.VARIATION,
    ReviewOutcome.LIFT: LetterType.REVIEW_LIFTED,
}

REVIEW_LETTER_TYPES = frozenset(REVIEW_LETTERS.values())


@dataclass(frozen=True)
class LetterNeeded:
    """One letter a restriction's state calls for, and the review it answers, if any."""

    letter_type: str
    review: object = None
    label: str = ""


def latest_review(restriction):
    return restriction.reviews.order_by("-reviewed_at", "-pk").first()


# Restrictions ended by a decision whose own letter says so.
LIFTED_BY_DECISION = (EndReason.LIFTED, EndReason.RECONSIDERED)


def ended_by_its_end_date(restriction) -> bool:
    return (
        restriction.status == RestrictionStatus.ENDED
        and restriction.ended_reason not in LIFTED_BY_DECISION
    )


def letters_called_for(restriction, review=None):
    """The letters ``restriction``'s state calls for, issued or not, in the order they go
    out. ``review`` is its latest review, when the caller has it already."""
    if restriction.status == RestrictionStatus.DECIDED:
        return [LetterNeeded(LetterType.RESTRICTION, None, "Prepare the restriction letter")]
    review = review if review is not None else latest_review(restriction)
    if restriction.status == RestrictionStatus.ACTIVE:
        needed = [LetterNeeded(LetterType.RESTRICTION, None, "Prepare the restriction letter")]
        if review is not None:
            needed.append(
                LetterNeeded(REVIEW_LETTERS[review.outcome], review, "Prepare the review letter")
            )
        return needed
    if restriction.status != RestrictionStatus.ENDED:
        return []
    if restriction.ended_reason == EndReason.RECONSIDERED:
        # The reconsideration's outcome letter says so (``reconsideration_letter``).
        return []
    if ended_by_its_end_date(restriction):
        return [LetterNeeded(LetterType.ENDED, None, "Prepare the letter saying it has ended")]
    return [
        LetterNeeded(LetterType.REVIEW_LIFTED, review, "Prepare the letter saying it is lifted")
    ]


def letters_to_issue(restriction):
    """The letters ``restriction`` calls for that have not been issued yet."""
    issued = restriction.letters.all()
    return [
        needed
        for needed in letters_called_for(restriction)
        if not issued.filter(letter_type=needed.letter_type, review=needed.review).exists()
    ]


def waiting_letter_type(restriction):
    """The letter a row of the "letters waiting" queue calls for: the restriction letter
    for a decision not yet told, the ending letter for a restriction that ran to its end
    date, else the answer to its latest review (``latest_outcome``, from the queue)."""
    if restriction.status == RestrictionStatus.DECIDED:
        return LetterType.RESTRICTION
    if ended_by_its_end_date(restriction):
        return LetterType.ENDED
    return REVIEW_LETTERS[restriction.latest_outcome]


def why_not_called_for(letter_type, restriction, review):
    """Why ``restriction``'s state does not call for a ``letter_type`` letter answering
    ``review`` (or its latest review): a sentence for the person preparing it."""
    latest = latest_review(restriction)
    status = restriction.status
    if letter_type == LetterType.RESTRICTION:
        return (
            "A restriction letter is sent once a decision maker has approved the "
            f"restriction; this one is {restriction.get_status_display().lower()}"
        )
    if letter_type == LetterType.ENDED:
        if status != RestrictionStatus.ENDED:
            return "This restriction has not ended, so it has no ending letter"
        return "This restriction was lifted at a review: send the review letter that says so"
    if latest is None:
        return "This restriction has not been reviewed yet"
    if review is not None and review.pk != latest.pk:
        return "A review letter answers the restriction's latest review"
    if REVIEW_LETTERS[latest.outcome] != letter_type:
        wanted = LetterType(REVIEW_LETTERS[latest.outcome]).label.lower()
        return (
            f"The latest review’s outcome was “{latest.get_outcome_display().lower()}”, so "
            f"it calls for the {wanted} letter"
        )
    return f"This restriction is {restriction.get_status_display().lower()}"


def reconsideration_letter(reconsideration):
    """The letter a reconsideration calls for: its outcome letter, once it is decided."""
    if reconsideration.decided_at is None:
        return None
    return LetterNeeded(
        LetterType.RECONSIDERATION, None, "Prepare the reconsideration outcome letter"
    )


def why_no_reconsideration_letter(reconsideration):
    if reconsideration is None:
        return "A reconsideration outcome letter is written about a reconsideration"
    return (
        f"Reconsideration {reconsideration.reference} has not been decided yet, so there is "
        "no outcome to tell the person"
    )
