"""Which letter a case needs now: one table for the decision record, the queues and the
issuing rules."""

import datetime

import pytest
from django.utils import timezone

from reporting.letters.enums import LetterType
from reporting.letters.needs import letters_called_for, waiting_letter_type
from reporting.restrictions.enums import EndReason, RestrictionStatus, ReviewOutcome
from reporting.restrictions.models import RestrictionReview
from tests.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


def review(restriction, outcome):
    return RestrictionReview.objects.create(
        restriction=restriction,
        reviewed_by=UserFactory(username="reviewer", roles=["Decision maker"]),
        due_on=restriction.review_on,
        since_last="Contact has been in writing.",
        outcome=outcome,
        reasons="As the record shows.",
        next_review_on=timezone.localdate() + datetime.timedelta(days=90),
    )


def called_for(restriction):
    return [(needed.letter_type, needed.review) for needed in letters_called_for(restriction)]


def end(restriction, how):
    restriction.status = RestrictionStatus.ENDED
    restriction.ended_on = timezone.localdate()
    restriction.ended_reason = how
    restriction.save()


def test_a_proposal_or_a_refusal_calls_for_no_letter():
    assert called_for(RestrictionFactory(status=RestrictionStatus.PROPOSED)) == []
    assert called_for(RestrictionFactory(status=RestrictionStatus.REFUSED)) == []


def test_a_restriction_in_force_calls_for_its_letter_then_the_answer_to_its_latest_review():
    restriction = RestrictionFactory()
    assert called_for(restriction) == [(LetterType.RESTRICTION, None)]
    review(restriction, ReviewOutcome.CONTINUE)
    varied = review(restriction, ReviewOutcome.VARY)
    assert called_for(restriction) == [
        (LetterType.RESTRICTION, None),
        (LetterType.VARIATION, varied),
    ]


def test_one_lifted_at_a_review_calls_for_the_letter_saying_it_is_lifted():
    restriction = RestrictionFactory()
    lifted = review(restriction, ReviewOutcome.LIFT)
    end(restriction, EndReason.LIFTED)
    assert called_for(restriction) == [(LetterType.REVIEW_LIFTED, lifted)]


def test_one_that_ran_to_its_end_date_calls_for_the_ending_letter_whatever_its_reviews():
    restriction = RestrictionFactory()
    review(restriction, ReviewOutcome.CONTINUE)
    end(restriction, EndReason.END_DATE)
    assert called_for(restriction) == [(LetterType.ENDED, None)]
    assert waiting_letter_type(restriction) == LetterType.ENDED
