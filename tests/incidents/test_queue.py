"""The incident queue: who sees which incidents, the filters, paging and query counts."""

import re
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.incidents.models import BehaviourCategory
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

QUEUE = "/staff/incidents/"


def on(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 11, 30))


def listed(response, soup):
    """The incident references in the queue's table, in order."""
    return [link.get_text(strip=True) for link in soup(response).select("tbody th a")]


def error_summary(response, soup):
    summary = soup(response).select_one(".govuk-error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


@pytest.fixture
def both(housing, parks):
    return {
        "housing": IncidentFactory(
            service_area=housing,
            customer=CustomerFactory(first_name="Odette", last_name="Quillfeather"),
        ),
        "parks": IncidentFactory(
            service_area=parks,
            customer=CustomerFactory(first_name="Barnaby", last_name="Thistlewood"),
        ),
    }


def test_a_manager_sees_only_incidents_in_the_services_they_manage(client, soup, housing, both):
    client.force_login(manager_of(housing))
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert listed(response, soup) == [both["housing"].reference]
    assert both["parks"].reference not in response.content.decode()


def test_a_manager_of_several_services_sees_them_all(client, soup, housing, parks, both):
    manager = manager_of(housing)
    parks.managers.add(manager)
    client.force_login(manager)
    assert set(listed(client.get(QUEUE), soup)) == {i.reference for i in both.values()}


@pytest.mark.parametrize("role", ["Health and safety", "Information governance", "Decision maker"])
def test_cross_service_roles_see_every_service(client, soup, both, role):
    client.force_login(UserFactory(username="reader", roles=[role]))
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert set(listed(response, soup)) == {i.reference for i in both.values()}


def test_plain_staff_are_refused(client, both):
    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert both["housing"].reference.encode() not in response.content


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_the_list_names_no_customers(client, soup, both):
    client.force_login(UserFactory(username="reader", roles=["Health and safety"]))
    page = client.get(QUEUE).content.decode()
    for incident in both.values():
        assert incident.reference in page
        assert incident.customer.first_name not in page
        assert incident.customer.last_name not in page
        assert re.search(rf"\b{incident.customer.reference}\b", page) is None


def test_each_row_shows_the_date_service_categories_flags_and_status(client, soup, housing):
    incident = IncidentFactory(
        service_area=housing,
        occurred_at=on(2025, 3, 14),
        violence=True,
        police_informed=True,
        status="under_review",
    )
    client.force_login(manager_of(housing))
    row = soup(client.get(QUEUE)).select_one("tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
    assert cells[0] == incident.reference
    assert cells[1] == "14 Mar 2025"
    assert cells[2] == "Housing"
    assert cells[3] == incident.categories.get().name
    assert [tag.get_text(strip=True) for tag in row.select("td:nth-of-type(4) .govuk-tag")] == [
        "Violence",
        "Police informed",
    ]
    assert cells[5] == "Under review"
    assert row.select_one("th a")["href"] == f"/staff/incidents/{incident.reference}/"


# Filters


def test_filtering_by_status(client, soup, housing):
    new = IncidentFactory(service_area=housing)
    closed = IncidentFactory(service_area=housing, status="closed")
    client.force_login(manager_of(housing))
    assert listed(client.get(QUEUE, {"status": "closed"}), soup) == [closed.reference]
    assert listed(client.get(QUEUE, {"status": "new"}), soup) == [new.reference]


def test_filtering_by_behaviour_category(client, soup, housing):
    threats, persistent = (
        BehaviourCategory.objects.get(name="Threats"),
        BehaviourCategory.objects.get(name="Very frequent contact"),
    )
    threatening = IncidentFactory(service_area=housing, categories=[threats])
    IncidentFactory(service_area=housing, categories=[persistent])
    both_kinds = IncidentFactory(service_area=housing, categories=[threats, persistent])
    client.force_login(manager_of(housing))
    response = client.get(QUEUE, {"category": threats.pk})
    assert set(listed(response, soup)) == {threatening.reference, both_kinds.reference}


def test_filtering_by_service_area(client, soup, housing, parks, both):
    client.force_login(UserFactory(username="reader", roles=["Health and safety"]))
    assert listed(client.get(QUEUE, {"service_area": parks.pk}), soup) == [both["parks"].reference]


def test_a_manager_can_only_choose_their_own_services(client, soup, housing, parks, both):
    client.force_login(manager_of(housing))
    response = client.get(QUEUE)
    options = [o.get_text(strip=True) for o in soup(response).select("#id_service_area option")]
    assert options == ["Any of your services", "Housing"]
    # Asking for another service's incidents is refused with a message, and shows none of them.
    response = client.get(QUEUE, {"service_area": parks.pk})
    assert response.status_code == 200
    assert "Choose one of the services in the list" in error_summary(response, soup)
    assert both["parks"].reference not in response.content.decode()


def test_filtering_by_date_range(client, soup, housing):
    march = IncidentFactory(service_area=housing, occurred_at=on(2025, 3, 10))
    april = IncidentFactory(service_area=housing, occurred_at=on(2025, 4, 2))
    may = IncidentFactory(service_area=housing, occurred_at=on(2025, 5, 20))
    client.force_login(manager_of(housing))

    def dates(**parts):
        names = {"from": "occurred_from", "to": "occurred_to"}
        query = {}
        for which, (day, month, year) in parts.items():
            for index, value in enumerate((day, month, year)):
                query[f"{names[which]}_{index}"] = value
        return query

    between = client.get(QUEUE, dates(**{"from": (1, 4, 2025), "to": (30, 4, 2025)}))
    assert listed(between, soup) == [april.reference]
    since = client.get(QUEUE, dates(**{"from": (2, 4, 2025)}))
    assert listed(since, soup) == [may.reference, april.reference]
    until = client.get(QUEUE, dates(to=(10, 3, 2025)))
    assert listed(until, soup) == [march.reference]


@pytest.mark.parametrize(
    "flag",
    ["hate_incident", "violence", "safeguarding_concern", "riddor_reportable", "police_informed"],
)
def test_filtering_by_each_flag(client, soup, housing, flag):
    if flag == "hate_incident":
        flagged = IncidentFactory(service_area=housing, protected_characteristics=["race"])
    else:
        flagged = IncidentFactory(service_area=housing, **{flag: True})
    IncidentFactory(service_area=housing)
    client.force_login(manager_of(housing))
    assert listed(client.get(QUEUE, {"flags": flag}), soup) == [flagged.reference]


def test_ticking_two_flags_shows_incidents_with_both(client, soup, housing):
    IncidentFactory(service_area=housing, violence=True)
    IncidentFactory(service_area=housing, police_informed=True)
    both_flags = IncidentFactory(service_area=housing, violence=True, police_informed=True)
    client.force_login(manager_of(housing))
    response = client.get(QUEUE, {"flags": ["violence", "police_informed"]})
    assert listed(response, soup) == [both_flags.reference]


# Mistakes in the filters


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"occurred_from_0": "31", "occurred_from_1": "2", "occurred_from_2": "2025"},
            "The earliest date must be a real date",
        ),
        (
            {"occurred_from_0": "x", "occurred_from_1": "4", "occurred_from_2": "2025"},
            "The earliest date must be a real date",
        ),
        (
            {"occurred_to_0": "1", "occurred_to_1": "4", "occurred_to_2": "25"},
            "The latest date must be a real date",
        ),
        (
            {"occurred_to_0": "1", "occurred_to_1": "", "occurred_to_2": "2025"},
            "The latest date must include a day, month and year",
        ),
        (
            {
                **{"occurred_from_0": "2", "occurred_from_1": "4", "occurred_from_2": "2025"},
                **{"occurred_to_0": "1", "occurred_to_1": "4", "occurred_to_2": "2025"},
            },
            "The latest date must be the same as or after the earliest date",
        ),
        ({"status": "lost"}, "Choose a status from the list"),
        ({"category": "abc"}, "Choose a type of behaviour from the list"),
        ({"category": "99999"}, "Choose a type of behaviour from the list"),
        ({"service_area": "1; drop table"}, "Choose one of the services in the list"),
        ({"flags": "nonsense"}, "Choose only from the options listed"),
    ],
)
def test_mistakes_in_the_filters_are_explained_not_crashed_on(
    client, soup, housing, both, query, message
):
    client.force_login(manager_of(housing))
    response = client.get(QUEUE, query)
    assert response.status_code == 200
    assert message in error_summary(response, soup)
    assert soup(response).title.get_text().startswith("Error:")
    # The rest of the page still works: the manager's own incidents are listed.
    assert both["parks"].reference not in response.content.decode()


def test_a_filter_with_a_mistake_is_ignored_and_the_others_still_apply(client, soup, housing):
    IncidentFactory(service_area=housing)
    closed = IncidentFactory(service_area=housing, status="closed")
    client.force_login(manager_of(housing))
    response = client.get(
        QUEUE, {"status": "closed", "occurred_from_0": "40", "occurred_from_1": "1"}
    )
    assert listed(response, soup) == [closed.reference]


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_a_bad_page_number_shows_a_page_rather_than_an_error(client, soup, housing, both, page):
    client.force_login(manager_of(housing))
    response = client.get(QUEUE, {"page": page})
    assert response.status_code == 200
    assert listed(response, soup) == [both["housing"].reference]


# Paging and queries


def test_the_queue_is_paged_25_at_a_time_keeping_the_filters(client, soup, housing):
    IncidentFactory.create_batch(27, service_area=housing, violence=True)
    IncidentFactory(service_area=housing)
    client.force_login(manager_of(housing))

    first = client.get(QUEUE, {"flags": "violence"})
    assert len(listed(first, soup)) == 25
    pagination = soup(first).select_one("nav.govuk-pagination")
    assert pagination is not None
    current = pagination.select_one(".govuk-pagination__item--current a")
    assert current.get_text(strip=True) == "1"
    assert current["aria-current"] == "page"
    next_link = pagination.select_one(".govuk-pagination__next a")["href"]
    assert "flags=violence" in next_link
    assert "page=2" in next_link

    second = client.get(QUEUE + next_link)
    assert len(listed(second, soup)) == 2
    assert not set(listed(first, soup)) & set(listed(second, soup))
    assert soup(second).select_one(".govuk-pagination__next") is None
    assert soup(second).select_one(".govuk-pagination__prev a") is not None


def test_one_page_of_results_has_no_pagination(client, soup, housing, both):
    client.force_login(manager_of(housing))
    assert soup(client.get(QUEUE)).select_one(".govuk-pagination") is None


def test_the_number_of_queries_does_not_grow_with_the_number_of_incidents(
    client, soup, housing, django_assert_max_num_queries
):
    reporter = UserFactory(username="frontline", roles=["Staff"])
    categories = list(BehaviourCategory.objects.all()[:3])

    def add(count):
        IncidentFactory.create_batch(
            count, service_area=housing, reported_by=reporter, categories=categories
        )

    manager = manager_of(housing)
    client.force_login(manager)
    add(5)
    client.get(QUEUE)  # Warm up anything cached once per process, such as site settings.
    with CaptureQueriesContext(connection) as five:
        response = client.get(QUEUE, {"status": ""})
    assert len(listed(response, soup)) == 5

    add(35)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(QUEUE, {"status": ""})
    assert len(listed(response, soup)) == 25


def test_a_manager_s_queue_asks_at_most_ten_queries(client, soup, housing):
    """The session, the person, their roles and services; the count; the council's
    details; the filter's kinds of behaviour and services; the page of incidents and
    their kinds of behaviour. (Savepoints are the test's transaction, not the page's.)"""
    manager = manager_of(housing)
    IncidentFactory.create_batch(30, service_area=housing, violence=True)
    client.force_login(manager)
    client.get(QUEUE)  # the first request of a session winds its idle clock
    for query in ({}, {"status": "new", "flags": "violence"}):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(QUEUE, query)
        statements = [
            q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()
        ]
        assert len(listed(response, soup)) == 25
        assert len(statements) <= 10, "\n".join(statements)


def test_a_queue_longer_than_the_count_stops_says_more_than(client, soup, housing, monkeypatch):
    monkeypatch.setattr("home.pagination.COUNT_CAP", 30)
    IncidentFactory.create_batch(31, service_area=housing)
    client.force_login(manager_of(housing))
    page = soup(client.get(QUEUE))
    caption = " ".join(page.select_one("caption").get_text().split())
    assert caption == "More than 30 incidents, showing 1 to 25"
    last = soup(client.get(QUEUE, {"page": 2}))
    assert len(last.select("tbody tr")) == 5  # the pages end at the count

    monkeypatch.setattr("home.pagination.COUNT_CAP", 10_000)
    caption = " ".join(soup(client.get(QUEUE)).select_one("caption").get_text().split())
    assert caption == "31 incidents, showing 1 to 25"


def test_the_filters_keep_what_was_chosen_and_put_no_token_in_the_address(client, soup, housing):
    IncidentFactory(service_area=housing)
    client.force_login(manager_of(housing))
    page = soup(
        client.get(
            QUEUE,
            {
                "status": "new",
                "service_area": str(housing.pk),
                "occurred_from_0": "1",
                "occurred_from_1": "4",
                "occurred_from_2": "2025",
                "flags": ["violence", "police_informed"],
            },
        )
    )
    form = page.select_one("form[method=get]")
    assert form.select_one("input[name=csrfmiddlewaretoken]") is None
    assert form.select_one("#id_status option[selected]")["value"] == "new"
    assert form.select_one("#id_service_area option[selected]")["value"] == str(housing.pk)
    dates = [form.select_one(f"#id_occurred_from_{n}")["value"] for n in range(3)]
    assert dates == ["1", "4", "2025"]
    ticked = {box["value"] for box in form.select("input[name=flags][checked]")}
    assert ticked == {"violence", "police_informed"}
    for control in form.select("select, input"):
        assert form.select_one(f"label[for={control['id']}]") is not None
