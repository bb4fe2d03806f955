"""Managers and health and safety record the follow-up and move the incident's status."""

import pytest
from django.utils import timezone

from home.rules import RuleError
from reporting.access.models import AuditEvent
from reporting.incidents.models import FollowUp, Incident
from reporting.incidents.services import record_follow_up
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(housing, reporter):
    return IncidentFactory(
        service_area=housing,
        reported_by=reporter,
        customer=CustomerFactory(first_name="Odette", last_name="Quillfeather"),
    )


@pytest.fixture
def manager(housing):
    return manager_of(housing)


def url(incident):
    return f"/staff/incidents/{incident.reference}/follow-up/"


def form_data(*, day=None, status="under_review", **fields):
    """What the form posts; ``day`` is the date of the 1:1."""
    data = {
        "wellbeing_meeting_on_0": "",
        "wellbeing_meeting_on_1": "",
        "wellbeing_meeting_on_2": "",
        "support_agreed": "",
        "police_contact": "",
        "risk_assessment": "",
        "outcome": "",
        "status": status,
    }
    if day is not None:
        data.update(
            wellbeing_meeting_on_0=str(day.day),
            wellbeing_meeting_on_1=str(day.month),
            wellbeing_meeting_on_2=str(day.year),
        )
    data.update(fields)
    return data


def changes_to(incident):
    return AuditEvent.objects.filter(
        object_type="incident", object_id=incident.pk, action="change"
    )


def error_summary(response, soup):
    summary = soup(response).select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def test_the_form_opens_for_a_manager_with_under_review_chosen(client, soup, manager, incident):
    client.force_login(manager)
    response = client.get(url(incident))
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("form[method=post] input[name=csrfmiddlewaretoken]") is not None
    statuses = [radio["value"] for radio in page.select("input[name=status]")]
    assert statuses == ["new", "under_review", "closed"]
    assert page.select_one("input[name=status][checked]")["value"] == "under_review"


def test_a_manager_records_the_follow_up(client, manager, incident):
    client.force_login(manager)
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    response = client.post(
        url(incident),
        form_data(
            day=yesterday,
            support_agreed="Referred to the employee assistance programme.",
            police_contact="Reported on 101.",
            risk_assessment="Two officers for any visit.",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/incidents/{incident.reference}/"

    follow_up = FollowUp.objects.get(incident=incident)
    assert follow_up.wellbeing_meeting_on == yesterday
    assert follow_up.support_agreed == "Referred to the employee assistance programme."
    assert follow_up.police_contact == "Reported on 101."
    assert follow_up.risk_assessment == "Two officers for any visit."
    assert follow_up.recorded_by == manager
    incident.refresh_from_db()
    assert incident.status == "under_review"

    event = changes_to(incident).get()
    assert event.actor == manager
    assert event.note == "Follow-up recorded; status changed from new to under review"
    assert "Quillfeather" not in event.note

    page = client.get(response["Location"]).content.decode()
    assert "The follow-up has been saved." in page
    assert "Referred to the employee assistance programme." in page


def test_health_and_safety_can_record_it_too(client, incident):
    safety = UserFactory(username="safety", roles=["Health and safety"])
    client.force_login(safety)
    response = client.post(url(incident), form_data(support_agreed="Occupational health."))
    assert response.status_code == 302
    assert FollowUp.objects.get(incident=incident).recorded_by == safety
    assert changes_to(incident).get().actor == safety


def test_changing_the_follow_up_updates_the_same_record(client, manager, incident):
    client.force_login(manager)
    client.post(url(incident), form_data(support_agreed="First notes."))
    client.post(url(incident), form_data(support_agreed="Second notes."))
    assert FollowUp.objects.get(incident=incident).support_agreed == "Second notes."
    assert changes_to(incident).count() == 2
    assert changes_to(incident).first().note == "Follow-up recorded"


def test_an_incident_is_closed_with_an_outcome(client, manager, incident):
    client.force_login(manager)
    response = client.post(
        url(incident), form_data(status="closed", outcome="Warning letter sent to the customer.")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "closed"
    outcome = FollowUp.objects.get(incident=incident).outcome
    assert outcome == "Warning letter sent to the customer."


def test_closing_without_an_outcome_is_refused(client, soup, manager, incident):
    client.force_login(manager)
    response = client.post(url(incident), form_data(status="closed", outcome="   "))
    assert response.status_code == 200
    assert "Enter the outcome before you close the incident" in error_summary(response, soup)
    assert soup(response).title.get_text().startswith("Error:")
    incident.refresh_from_db()
    assert incident.status == "new"
    assert not FollowUp.objects.exists()
    assert not changes_to(incident).exists()


def test_a_1_to_1_in_the_future_is_refused(client, soup, manager, incident):
    client.force_login(manager)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = client.post(url(incident), form_data(day=tomorrow))
    assert response.status_code == 200
    assert "The date of the 1:1 must be today or in the past" in error_summary(response, soup)
    assert not FollowUp.objects.exists()


def test_a_1_to_1_today_is_accepted(client, manager, incident):
    client.force_login(manager)
    response = client.post(url(incident), form_data(day=timezone.localdate()))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("30", "2", "2025"), "The date of the 1:1 must be a real date"),
        (("1", "", "2025"), "The date of the 1:1 must include a day, month and year"),
        (("first", "March", "2025"), "The date of the 1:1 must be a real date"),
    ],
)
def test_a_date_that_is_not_real_is_explained(client, soup, manager, incident, parts, message):
    client.force_login(manager)
    data = form_data()
    for index, value in enumerate(parts):
        data[f"wellbeing_meeting_on_{index}"] = value
    response = client.post(url(incident), data)
    assert response.status_code == 200
    assert message in error_summary(response, soup)


def test_a_status_must_be_chosen(client, soup, manager, incident):
    client.force_login(manager)
    response = client.post(url(incident), form_data(status=""))
    assert response.status_code == 200
    assert "Choose a status" in error_summary(response, soup)


def test_a_closed_incident_cannot_go_back_to_new(client, soup, manager, incident):
    Incident.objects.filter(pk=incident.pk).update(status="closed")
    client.force_login(manager)
    page = soup(client.get(url(incident)))
    assert [radio["value"] for radio in page.select("input[name=status]")] == ["closed"]
    response = client.post(url(incident), form_data(status="new", outcome="Done."))
    assert response.status_code == 200
    assert "Choose one of the statuses listed" in error_summary(response, soup)
    incident.refresh_from_db()
    assert incident.status == "closed"


def test_the_service_refuses_a_step_backwards_whoever_calls_it(manager, incident):
    Incident.objects.filter(pk=incident.pk).update(status="under_review")
    incident.refresh_from_db()
    with pytest.raises(RuleError) as refused:
        record_follow_up(incident=incident, user=manager, status="new", outcome="")
    assert "status" in refused.value.errors
    with pytest.raises(RuleError) as refused:
        record_follow_up(incident=incident, user=manager, status="closed", outcome="")
    assert "outcome" in refused.value.errors
    assert not changes_to(incident).exists()


# Who may not


@pytest.mark.parametrize("role", ["Information governance", "Decision maker"])
def test_roles_that_can_see_but_not_act_are_refused(client, incident, role):
    client.force_login(UserFactory(username="reader", roles=[role]))
    assert client.get(url(incident)).status_code == 403
    assert client.post(url(incident), form_data()).status_code == 403
    assert not FollowUp.objects.exists()


def test_the_reporter_cannot_record_their_own_follow_up(client, reporter, incident):
    client.force_login(reporter)
    assert client.get(url(incident)).status_code == 403
    assert client.post(url(incident), form_data()).status_code == 403
    assert not FollowUp.objects.exists()


def test_a_manager_of_another_service_is_told_it_is_not_found(client, incident):
    other = manager_of(ServiceAreaFactory(name="Parks"))
    client.force_login(other)
    for response in (client.get(url(incident)), client.post(url(incident), form_data())):
        assert response.status_code == 404
        assert "Quillfeather" not in response.content.decode()
    assert not FollowUp.objects.exists()
    assert not changes_to(incident).exists()


def test_other_staff_are_told_it_is_not_found(client, incident):
    client.force_login(UserFactory(username="colleague", roles=["Staff"]))
    assert client.get(url(incident)).status_code == 404
    assert client.post(url(incident), form_data()).status_code == 404
