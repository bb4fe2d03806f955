"""The language letters are written in, apart from their format: staff record that a
person wants letters in Welsh, the record keeps the change, and people whose format was
"Welsh" keep Welsh letters once language is a detail of its own."""

import importlib

import pytest
from django.apps import apps

from home.rules import RuleError
from reporting.customers.models import Customer, CustomerChange
from reporting.customers.services import change_details
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.customers.test_details import form_data, url
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(housing):
    person = CustomerFactory(
        first_name="Morwenna", last_name="Pascoe", address="4 Quarry Lane", postcode="FH3 9QT"
    )
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


def test_a_manager_records_that_letters_go_in_welsh(client, soup, customer, manager):
    client.force_login(manager)
    page = soup(client.get(url(customer)))
    legend = page.find(
        string=lambda text: text and "Which language are letters written in" in text
    )
    assert legend is not None
    assert page.select_one('input[name="preferred_language"][value="cy"]') is not None

    response = client.post(
        url(customer), form_data(customer, preferred_language="cy", preferred_format="large_print")
    )

    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.preferred_language, customer.preferred_format) == ("cy", "large_print")
    change = CustomerChange.objects.get()
    assert change.before["preferred_language"] == "en"
    assert change.after["preferred_language"] == "cy"


def test_a_form_without_the_question_keeps_the_language(client, customer, manager):
    Customer.objects.filter(pk=customer.pk).update(preferred_language="cy")
    customer.refresh_from_db()
    client.force_login(manager)
    response = client.post(url(customer), form_data(customer, telephone="01632 960555"))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.preferred_language, customer.telephone) == ("cy", "01632 960555")


def test_a_language_we_do_not_write_letters_in_is_refused(customer, manager):
    with pytest.raises(RuleError) as refused:
        change_details(customer=customer, by=manager, reason="Asked.", preferred_language="fr")
    assert "Choose the language letters are written in" in str(refused.value)
    customer.refresh_from_db()
    assert customer.preferred_language == "en"
    assert not CustomerChange.objects.exists()


def test_people_whose_format_was_welsh_keep_welsh_letters_in_standard_print():
    migration = importlib.import_module("reporting.customers.migrations.0005_preferred_language")
    welsh = CustomerFactory()
    large = CustomerFactory(preferred_format="large_print")
    Customer.objects.filter(pk=welsh.pk).update(preferred_format="welsh")

    migration.welsh_becomes_a_language(apps, None)

    welsh.refresh_from_db()
    large.refresh_from_db()
    assert (welsh.preferred_format, welsh.preferred_language) == ("standard", "cy")
    assert (large.preferred_format, large.preferred_language) == ("large_print", "en")
