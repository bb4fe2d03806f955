"""Staff who may open a record correct the person's details, saying why; the record keeps
what changed, and the audit trail names the fields without their values."""

import pytest

from home.rules import RuleError
from reporting.access.models import AuditEvent
from reporting.customers.models import CustomerChange
from reporting.customers.services import change_details
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
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


def url(customer):
    return f"/staff/customers/{customer.reference}/details/"


def form_data(customer, **changes):
    data = {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "address": customer.address,
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
    }
    return {**data, **changes}


def test_a_manager_corrects_the_address_and_the_record_keeps_before_and_after(
    client, soup, customer, manager
):
    client.force_login(manager)
    assert client.get(url(customer)).status_code == 200
    response = client.post(
        url(customer),
        form_data(customer, address="9 Mill Row\nFernhollow", postcode="fh1 2ab"),
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.address == "9 Mill Row\nFernhollow"
    assert customer.postcode == "FH1 2AB"
    change = CustomerChange.objects.get()
    assert change.before == {"address": "4 Quarry Lane", "postcode": "FH3 9QT"}
    assert change.after == {"address": "9 Mill Row\nFernhollow", "postcode": "FH1 2AB"}
    assert change.reason == "The person told us on the telephone."
    event = AuditEvent.objects.get(object_type="customer", action="change")
    assert event.note == "Details changed: postal address, postcode"
    assert "Mill Row" not in event.note

    record = soup(client.get(f"/staff/customers/{customer.reference}/"))
    history = record.select_one("details.govuk-details").get_text(" ")
    assert "4 Quarry Lane" in history
    assert "The person told us on the telephone." in history


def test_a_manager_of_another_service_cannot_open_or_change_the_details(client, customer):
    client.force_login(manager_of(ServiceAreaFactory(name="Parks"), username="parks"))
    assert client.get(url(customer)).status_code == 404
    assert client.post(url(customer), form_data(customer, address="Elsewhere")).status_code == 404
    customer.refresh_from_db()
    assert customer.address == "4 Quarry Lane"
    assert not CustomerChange.objects.exists()


def test_bad_answers_are_refused_field_by_field_and_change_nothing(
    client, soup, customer, manager
):
    client.force_login(manager)
    response = client.post(
        url(customer),
        form_data(
            customer,
            last_name="",
            preferred_channel="email",
            email="",
            preferred_format="other_language",
            format_details="",
            representative_name="Ana Advocate",
            reason="",
        ),
    )
    summary = soup(response).select_one(".govuk-error-summary").get_text(" ")
    for message in (
        "Enter the person's last name",
        "Enter an e-mail address, or choose post",
        "Say which language",
        "Enter the date the person's consent to the representative was checked",
        "Say why the details are being changed",
    ):
        assert message in summary
    customer.refresh_from_db()
    assert customer.last_name == "Pascoe"
    assert not CustomerChange.objects.exists()


def test_saving_with_nothing_changed_says_so(customer, manager):
    with pytest.raises(RuleError) as refused:
        change_details(customer=customer, by=manager, reason="Checked.", address="4 Quarry Lane")
    assert "Nothing has changed" in str(refused.value)
    assert not AuditEvent.objects.filter(action="change").exists()


def test_a_merged_record_is_corrected_on_the_record_it_went_into(customer, manager, housing):
    target = CustomerFactory()
    IncidentFactory(customer=target, service_area=housing)
    customer.merged_into = target
    customer.save()
    with pytest.raises(RuleError) as refused:
        change_details(customer=customer, by=manager, reason="Moved.", address="Elsewhere")
    assert target.reference in str(refused.value)
