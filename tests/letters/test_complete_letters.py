"""A letter is complete before it goes: an address for the way it is sent, dates on the
behaviour relied on, the decision maker's role title and where to ask for a
reconsideration. Issuing refuses otherwise, says what to put right and where, and writes
nothing. The letter records how it was sent and in which format."""

import pytest

from home.models import ReconsiderationSettings
from home.rules import RuleError
from reporting.letters.demo import LARGE_PRINT_RESTRICTION, publish_template
from reporting.letters.enums import LetterType
from reporting.letters.models import Letter, LetterSequence
from reporting.letters.services import issue_letter
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return cite_policy()


@pytest.fixture
def manager(housing):
    return manager_of(housing, username="housing.manager")


@pytest.fixture
def restriction(housing):
    customer = CustomerFactory(address="4 Quarry Lane", postcode="FH3 9QT")
    incident = IncidentFactory(customer=customer, service_area=housing)
    return RestrictionFactory(customer=customer, incidents=[incident])


def refused(manager, restriction):
    with pytest.raises(RuleError) as refusal:
        issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    assert not Letter.objects.exists()
    assert not LetterSequence.objects.filter(last_number__gt=0).exists()
    return refusal.value.errors


def test_no_postal_address_for_a_letter_by_post(policy, manager, restriction, client, soup):
    type(restriction.customer).objects.filter(pk=restriction.customer.pk).update(address="")
    assert "address" in refused(manager, restriction)

    client.force_login(manager)
    page = soup(client.get(f"/staff/letters/new/restriction/{restriction.reference}/"))
    summary = page.select_one(".govuk-error-summary")
    assert "has no postal address" in summary.get_text()
    fix = summary.find("a", string="Add the postal address")
    assert fix["href"] == f"/staff/customers/{restriction.customer.reference}/details/"
    assert page.find("button", string="Issue this letter") is None


def test_no_email_address_for_someone_who_prefers_email(policy, manager, restriction):
    type(restriction.customer).objects.filter(pk=restriction.customer.pk).update(
        preferred_channel="email", email=""
    )
    assert "email" in refused(manager, restriction)


def test_behaviour_without_a_date(policy, manager, restriction):
    type(restriction).objects.filter(pk=restriction.pk).update(
        behaviour="You shouted at staff at the Civic Offices and would not leave."
    )
    assert "behaviour" in refused(manager, restriction)


def test_no_role_title_for_the_decision_maker(policy, manager, restriction):
    type(restriction).objects.filter(pk=restriction.pk).update(decided_by_role="")
    assert "decision_maker_role" in refused(manager, restriction)


def test_no_address_for_a_reconsideration(policy, manager, restriction):
    wording = ReconsiderationSettings.load()
    wording.contact = ""
    wording.save()
    assert "reconsideration" in refused(manager, restriction)


def test_a_complete_letter_records_its_channel_and_format(policy, manager, restriction, fast_pdf):
    subject, body = LARGE_PRINT_RESTRICTION
    publish_template(LetterType.RESTRICTION, "large_print", "en", subject, body)
    type(restriction.customer).objects.filter(pk=restriction.customer.pk).update(
        preferred_channel="email", email="m.pascoe@example.com", preferred_format="large_print"
    )
    letter = issue_letter(LetterType.RESTRICTION, by=manager, restriction=restriction)
    assert (letter.channel, letter.format, letter.language) == ("email", "large_print", "en")
    assert "Head of Legal Services" in letter.body_text
