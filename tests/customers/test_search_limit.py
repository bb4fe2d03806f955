"""Each person may search for people only so often: the report page's customer search and
the check before contact share one allowance. Past it, the search does not run, nothing is
written to the audit trail, and the page answers 429 with a plain message."""

import types

import pytest
from django.core.cache import cache
from django.test import Client

from reporting.access.models import AuditEvent
from reporting.customers import search_limit
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

REPORT = "/staff/incidents/new/"
CHECK = "/staff/check/"
TOO_MANY = "You have searched many times in a short while. Wait a minute and try again."


class Clock:
    """Stands in for the time module in django-ratelimit, so the window never turns over
    in the middle of a test unless the test moves it."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self):
        return self.now


@pytest.fixture(autouse=True)
def limited(settings, monkeypatch):
    settings.CUSTOMER_SEARCH_RATE = "3/m"
    clock = Clock()
    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=clock.time))
    cache.clear()
    yield clock
    cache.clear()


@pytest.fixture
def person(housing):
    customer = CustomerFactory(first_name="Alex", last_name="Morgan", postcode="AB1 2CD")
    IncidentFactory(customer=customer, service_area=housing)
    return customer


def signed_in(username):
    client = Client()
    user = UserFactory(username=username, roles=["Staff"])
    client.force_login(user)
    return client, user


def search(client, term="Alex Morgan", **extra):
    return client.post(REPORT, {"action": "search", "customer_search": term, **extra})


def check(client, person):
    return client.post(CHECK, {"reference": person.reference})


def offered(page):
    return {
        label.get_text(strip=True)
        for label in page.select("input[name=customer] + label.govuk-radios__label")
    }


def views_by(user):
    return AuditEvent.objects.filter(action="view", object_type="customer", actor=user).count()


def test_the_search_past_the_limit_answers_429_and_does_not_search(db, soup, person):
    client, user = signed_in("frontline")
    for _ in range(3):
        response = search(client)
        assert response.status_code == 200
        assert offered(soup(response)) == {"Alex Morgan"}
    assert views_by(user) == 3

    response = search(client)
    assert response.status_code == 429
    page = soup(response)
    summary = page.select_one(".govuk-error-summary")
    assert summary.select_one("a[href='#id_customer_search']").get_text(strip=True) == TOO_MANY
    assert offered(page) == set()
    assert "No records match" not in page.get_text()
    # What was typed is kept, and nothing more was read.
    assert page.select_one("#id_customer_search")["value"] == "Alex Morgan"
    assert views_by(user) == 3


def test_another_person_is_not_affected(db, soup, person):
    first, _ = signed_in("frontline")
    for _ in range(4):
        search(first)
    assert search(first).status_code == 429

    second, other = signed_in("colleague")
    response = search(second)
    assert response.status_code == 200
    assert offered(soup(response)) == {"Alex Morgan"}
    assert views_by(other) == 1


def test_searching_works_again_once_the_window_has_passed(db, soup, person, limited):
    client, _ = signed_in("frontline")
    for _ in range(3):
        search(client)
    assert search(client).status_code == 429
    limited.now += 61
    response = search(client)
    assert response.status_code == 200
    assert offered(soup(response)) == {"Alex Morgan"}


def test_a_form_sent_back_lists_no_one_once_the_allowance_is_used_up(db, soup, person):
    """Sending the report with problems shows the matching records again: that counts as a
    search, so it cannot be used to get round the limit."""
    client, _ = signed_in("frontline")
    for _ in range(3):
        search(client)
    response = client.post(
        REPORT, {"action": "send", "who": "existing", "customer_search": "Alex Morgan"}
    )
    assert response.status_code == 200
    assert offered(soup(response)) == set()


def test_a_chosen_person_stays_chosen_after_the_allowance_is_used_up(db, soup, person):
    client, _ = signed_in("frontline")
    for _ in range(3):
        search(client)
    response = client.post(
        REPORT,
        {
            "action": "send",
            "who": "existing",
            "customer_search": "Alex Morgan",
            "customer": str(person.pk),
        },
    )
    assert offered(soup(response)) == {"Alex Morgan"}


def test_the_check_before_contact_past_the_limit_answers_429(db, soup, person):
    client, user = signed_in("frontline")
    for _ in range(3):
        response = check(client, person)
        assert response.status_code == 200
        assert soup(response).select_one("#results-heading") is not None
    assert views_by(user) == 3

    response = check(client, person)
    assert response.status_code == 429
    page = soup(response)
    assert TOO_MANY in page.select_one(".govuk-error-summary").get_text()
    assert page.select_one("#results-heading") is None
    assert views_by(user) == 3

    other_client, other = signed_in("colleague")
    assert check(other_client, person).status_code == 200
    assert views_by(other) == 1


def test_an_incomplete_check_does_not_count(db, soup, person):
    client, _ = signed_in("frontline")
    for _ in range(5):
        assert client.post(CHECK, {"name": "Alex"}).status_code == 200
    assert check(client, person).status_code == 200


def test_both_searches_share_one_allowance(db, person):
    client, _ = signed_in("frontline")
    search(client)
    search(client)
    check(client, person)
    assert check(client, person).status_code == 429
    assert search(client).status_code == 429


def test_the_search_goes_ahead_if_the_cache_cannot_count(db, soup, person, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("the cache went away")

    monkeypatch.setattr(search_limit, "is_ratelimited", broken)
    client, _ = signed_in("frontline")
    for _ in range(5):
        response = search(client)
        assert response.status_code == 200
        assert offered(soup(response)) == {"Alex Morgan"}
