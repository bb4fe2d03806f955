"""The decision record and the customer's history say in words how a restriction ended
(a lift shows as its review in the history)."""

import pytest
from django.utils import timezone

from reporting.restrictions.enums import EndReason, RestrictionStatus
from tests.factories import UserFactory
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("how", "words"),
    [(EndReason.END_DATE, "end date reached"), (EndReason.LIFTED, "lifted at review")],
)
def test_an_ended_restriction_says_how_it_ended(client, soup, how, words):
    restriction = RestrictionFactory(
        status=RestrictionStatus.ENDED, ended_on=timezone.localdate(), ended_reason=how
    )
    client.force_login(UserFactory(username="hs", roles=["Health and safety"]))

    record = soup(client.get(f"/staff/restrictions/{restriction.reference}/"))
    ended_on = timezone.localdate()
    assert f"ended on {ended_on.day} {ended_on:%B %Y}: {words}.".lower() in (
        record.get_text(" ", strip=True).lower()
    )


def test_the_history_says_a_restriction_reached_its_end_date(client, soup):
    restriction = RestrictionFactory(
        status=RestrictionStatus.ENDED,
        ended_on=timezone.localdate(),
        ended_reason=EndReason.END_DATE,
    )
    client.force_login(UserFactory(username="hs", roles=["Health and safety"]))
    history = soup(client.get(f"/staff/customers/{restriction.customer.reference}/"))
    text = history.get_text(" ", strip=True)
    assert f"{restriction.reference} ended End date reached." in text
