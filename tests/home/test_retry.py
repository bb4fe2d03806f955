"""A post that loses to another writer (a deadlock, a serialisation failure, SQLite's
lock timeout) runs once more; if that fails too, the person gets a "please try again"
page that keeps their answers, never a server error, and nothing is saved."""

import psycopg
import pytest
from django.db import OperationalError

from home.retry import ConflictRetryMiddleware, is_write_conflict
from reporting.customers import services
from reporting.customers.models import CustomerChange
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def conflict(kind=psycopg.errors.DeadlockDetected, text="deadlock detected"):
    """The error Django raises when PostgreSQL ends a transaction of ours."""
    error = OperationalError(text)
    error.__cause__ = kind(text)
    return error


@pytest.fixture
def customer(housing):
    person = CustomerFactory(first_name="Morwenna", last_name="Pascoe", postcode="FH3 9QT")
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def signed_in(client, housing):
    client.force_login(manager_of(housing, username="housing.manager"))
    return client


def url(customer):
    return f"/staff/customers/{customer.reference}/details/"


def form_data(customer, **changes):
    data = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "address": "12 New Road",
        "postcode": customer.postcode,
        "email": customer.email,
        "telephone": customer.telephone,
        "preferred_channel": customer.preferred_channel,
        "preferred_format": customer.preferred_format,
        "format_details": customer.format_details,
        "support_needs": customer.support_needs,
        "representative_name": customer.representative_name,
        "representative_contact": customer.representative_contact,
        "reason": "The person told us on the telephone.",
        "csrfmiddlewaretoken": "an-old-token",
    }
    return {**data, **changes}


def failing(times, error_factory=conflict):
    """The real change_details, but the first ``times`` calls write and then fail as a
    deadlock would, after the write, so that the rollback is what keeps it unsaved."""
    real = services.change_details
    calls = []

    def change_details(**kwargs):
        calls.append(kwargs)
        result = real(**kwargs)
        if len(calls) <= times:
            raise error_factory()
        return result

    return change_details, calls


@pytest.mark.parametrize(
    "error",
    [
        conflict(),
        conflict(psycopg.errors.SerializationFailure, "could not serialize access"),
        OperationalError("database is locked"),
    ],
)
def test_the_errors_of_a_lost_race_count_as_write_conflicts(error):
    assert is_write_conflict(error)


def test_other_database_errors_do_not():
    assert not is_write_conflict(OperationalError("no such table: customers_customer"))
    assert not is_write_conflict(ValueError("deadlock detected"))


def test_a_deadlock_on_the_first_try_is_run_again_and_saved_once(signed_in, customer, monkeypatch):
    fake, calls = failing(times=1)
    monkeypatch.setattr(services, "change_details", fake)
    response = signed_in.post(url(customer), form_data(customer))
    assert response.status_code == 302
    assert len(calls) == 2
    customer.refresh_from_db()
    assert customer.address == "12 New Road"
    assert CustomerChange.objects.filter(customer=customer).count() == 1


def test_sqlite_lock_timeout_is_retried_too(signed_in, customer, monkeypatch):
    fake, calls = failing(times=1, error_factory=lambda: OperationalError("database is locked"))
    monkeypatch.setattr(services, "change_details", fake)
    assert signed_in.post(url(customer), form_data(customer)).status_code == 302
    assert CustomerChange.objects.filter(customer=customer).count() == 1


def test_two_failures_answer_try_again_keeping_the_answers_and_saving_nothing(
    signed_in, customer, monkeypatch, soup
):
    fake, calls = failing(times=2)
    monkeypatch.setattr(services, "change_details", fake)
    response = signed_in.post(url(customer), form_data(customer, reason="Café – “moved”"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert len(calls) == 2
    customer.refresh_from_db()
    assert customer.address != "12 New Road"
    assert not CustomerChange.objects.filter(customer=customer).exists()

    page = soup(response)
    assert "Nothing was saved" in page.h1.text
    form = page.find("form", attrs={"action": url(customer)})
    hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert hidden["address"] == "12 New Road"
    assert hidden["reason"] == "Café – “moved”"
    # A fresh CSRF token, never the one posted.
    assert hidden["csrfmiddlewaretoken"] != "an-old-token"
    assert len(form.select("input[name=csrfmiddlewaretoken]")) == 1

    # Sending the page's form again saves the answers.
    monkeypatch.setattr(services, "change_details", failing(times=0)[0])
    assert signed_in.post(url(customer), hidden).status_code == 302
    assert CustomerChange.objects.filter(customer=customer).count() == 1


def test_other_errors_are_not_retried(signed_in, customer, monkeypatch):
    fake, calls = failing(times=1, error_factory=lambda: OperationalError("disk I/O error"))
    monkeypatch.setattr(services, "change_details", fake)
    with pytest.raises(OperationalError):
        signed_in.post(url(customer), form_data(customer))
    assert len(calls) == 1


def test_a_page_read_is_not_retried(rf):
    middleware = ConflictRetryMiddleware(lambda request: None)
    assert middleware.process_exception(rf.get("/staff/"), conflict()) is None
