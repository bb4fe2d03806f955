"""Monitoring: the figures match counts made straight from the database, managers see
only their services, small equality groups are hidden, and each chart carries the same
numbers as its table."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.access.permissions import StaffAccess
from reporting.customers.models import EqualityDetail
from reporting.governance.selectors import monitoring
from reporting.incidents.models import BehaviourCategory, Incident
from reporting.restrictions.models import Restriction
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import CustomerWarningFactory, RestrictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def services():
    return ServiceAreaFactory(name="Housing"), ServiceAreaFactory(name="Libraries")


@pytest.fixture
def seeded(services):
    """Seven incidents in Housing, three in Libraries, with a restriction in each."""
    housing, libraries = services
    categories = list(BehaviourCategory.objects.order_by("pk")[:2])
    now = timezone.now()
    for n in range(7):
        IncidentFactory(
            service_area=housing,
            channel="phone" if n % 2 else "face_to_face",
            site="Civic Offices" if n < 4 else "",
            occurred_at=now - datetime.timedelta(days=40 * n),
            categories=categories[: 1 + n % 2],
            riddor_reportable=n == 0,
            injury=n < 2,
        )
    for _ in range(3):
        IncidentFactory(service_area=libraries, channel="email", riddor_reportable=True)
    housing_incident = Incident.objects.filter(service_area=housing).first()
    libraries_incident = Incident.objects.filter(service_area=libraries).first()
    RestrictionFactory(customer=housing_incident.customer, incidents=[housing_incident])
    restriction = RestrictionFactory(
        customer=libraries_incident.customer, incidents=[libraries_incident]
    )
    restriction.service_areas.set([libraries])
    return housing, libraries


def access_for(user):
    return StaffAccess(user)


def counts(figure):
    return {row.label: row.cell.count for row in figure.rows}


@pytest.fixture
def health_safety():
    return UserFactory(username="hs", roles=["Health and safety"])


@pytest.fixture
def info_governance():
    return UserFactory(username="ig", roles=["Information governance"])


def test_incident_figures_match_counts_made_from_the_database(seeded, health_safety):
    access, period = access_for(health_safety), monitoring.Period.last_twelve_months()
    start, end = period.times()
    in_period = Incident.objects.filter(occurred_at__gte=start, occurred_at__lt=end)

    by_service = counts(monitoring.incidents_by_service(access, period))
    assert by_service == {
        "Housing": in_period.filter(service_area__name="Housing").count(),
        "Libraries": 3,
    }
    assert sum(counts(monitoring.incidents_by_month(access, period)).values()) == in_period.count()
    by_channel = counts(monitoring.incidents_by_channel(access, period))
    assert by_channel["E-mail"] == in_period.filter(channel="email").count()
    assert by_channel["Telephone"] == in_period.filter(channel="phone").count()
    by_behaviour = counts(monitoring.incidents_by_behaviour(access, period))
    for category in BehaviourCategory.objects.filter(incidents__in=in_period).distinct():
        assert by_behaviour[category.name] == in_period.filter(categories=category).count()
    by_site = counts(monitoring.incidents_by_site(access, period))
    assert by_site["Civic Offices"] == in_period.filter(site="Civic Offices").count()
    riddor = counts(monitoring.riddor_and_injuries(access, period))
    assert riddor["Reportable under RIDDOR"] == in_period.filter(riddor_reportable=True).count()
    assert riddor["Someone was injured"] == in_period.filter(injury=True).count()


def test_restriction_figures_match_counts_made_from_the_database(seeded, health_safety):
    access, period = access_for(health_safety), monitoring.Period.last_twelve_months()
    in_force = Restriction.objects.filter(status="active")
    by_type = counts(monitoring.restrictions_by_type(access, period))
    assert sum(by_type.values()) == in_force.count() == 2
    by_service = counts(monitoring.restrictions_by_service(access, period))
    assert by_service == {"Libraries": 1, "The whole council": 1}


def test_a_manager_counts_only_their_services(seeded):
    housing, libraries = seeded
    access, period = access_for(manager_of(libraries)), monitoring.Period.last_twelve_months()
    assert counts(monitoring.incidents_by_service(access, period)) == {"Libraries": 3}
    assert counts(monitoring.restrictions_by_service(access, period)) == {"Libraries": 1}
    assert monitoring.equality_monitoring(access, period) == []
    titles = [section.title for section in monitoring.dashboard(access, period)]
    assert "Equality monitoring" not in titles


def _answer(customer, answer, recorder):
    EqualityDetail.objects.create(
        customer=customer,
        characteristic="sex",
        answer=answer,
        source="person",
        recorded_by=recorder,
    )


def test_equality_groups_below_the_threshold_are_suppressed(services, info_governance):
    housing, _ = services
    for n in range(6):
        incident = IncidentFactory(service_area=housing)
        _answer(incident.customer, "Female", info_governance)
        if n < 5:
            CustomerWarningFactory(customer=incident.customer)
    for _ in range(2):
        _answer(IncidentFactory(service_area=housing).customer, "Male", info_governance)
    _answer(CustomerFactory(), "Male", info_governance)  # no incident: not counted

    access, period = access_for(info_governance), monitoring.Period.last_twelve_months()
    (figure,) = monitoring.equality_monitoring(access, period)
    rows = {row.label: [cell.text for cell in row.cells] for row in figure.rows}
    assert rows == {
        "Female": ["6", "5", "fewer than 5"],
        "Male": ["fewer than 5", "fewer than 5", "fewer than 5"],
    }
    assert figure.total is None


# --- The page, its charts and the board report -----------------------------------------


def _figure_numbers(soup, key):
    """The numbers in a figure's table and in its chart, row by row."""
    table = soup.find("table", attrs={"data-figure": key})
    table_rows = [
        [row.th.get_text(strip=True)] + [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.tbody.find_all("tr")
    ]
    chart = soup.find("svg", attrs={"data-chart": key})
    bars = [(g["data-label"], g["data-value"], g.find("rect") is not None) for g in chart("g")]
    return table_rows, bars, chart


def test_each_chart_carries_the_same_numbers_as_its_table(client, seeded, health_safety, soup):
    client.force_login(health_safety)
    page = soup(client.get("/staff/governance/monitoring/"))
    table_rows, bars, chart = _figure_numbers(page, "by_service")
    assert [[label, value] for label, value, _ in bars] == table_rows
    assert chart["role"] == "img"
    assert chart.title.get_text() == "Incidents by service"
    assert chart["aria-labelledby"] == "chart-by_service-title chart-by_service-desc"
    assert "Housing: 7" in chart.desc.get_text()
    assert page.find("script", string=lambda s: s and "chart" in s) is None
    assert chart.find("script") is None


def test_small_equality_groups_are_hidden_in_table_and_chart(
    client, services, info_governance, soup
):
    housing, _ = services
    for _ in range(6):
        _answer(IncidentFactory(service_area=housing).customer, "Female", info_governance)
    _answer(IncidentFactory(service_area=housing).customer, "Male", info_governance)
    client.force_login(info_governance)
    page = soup(client.get("/staff/governance/monitoring/"))
    table_rows, bars, _ = _figure_numbers(page, "equality_sex")
    assert ["Male", "fewer than 5", "fewer than 5", "fewer than 5"] in table_rows
    assert ["Female", "6", "fewer than 5", "fewer than 5"] in table_rows
    drawn = {(label, value): has_bar for label, value, has_bar in bars}
    assert drawn[("People with incidents reported", "6")] is True
    assert all(not has_bar for (_, value), has_bar in drawn.items() if value == "fewer than 5")
    assert "1" not in [value for _, value, _ in bars]


def test_a_manager_never_sees_equality_monitoring(client, seeded, soup):
    _, libraries = seeded
    client.force_login(manager_of(libraries))
    page = soup(client.get("/staff/governance/monitoring/"))
    assert page.find("table", attrs={"data-figure": "equality_sex"}) is None
    assert "Equality monitoring" not in page.get_text()
    table_rows, _, _ = _figure_numbers(page, "by_service")
    assert table_rows == [["Libraries", "3"]]


@pytest.mark.parametrize("role", ["Staff", "Decision maker", "Comms editor"])
def test_other_roles_are_refused(client, role):
    client.force_login(UserFactory(username="someone", roles=[role]))
    for url in ("", "board-report.csv", "board-report.pdf"):
        assert client.get(f"/staff/governance/monitoring/{url}").status_code == 403


def test_the_period_filter_counts_only_its_dates(client, seeded, health_safety, soup):
    client.force_login(health_safety)
    today = timezone.localdate()
    start = (today - datetime.timedelta(days=50)).isoformat()
    page = soup(client.get("/staff/governance/monitoring/", {"start": start}))
    table_rows, _, _ = _figure_numbers(page, "by_service")
    begin = timezone.make_aware(datetime.datetime.fromisoformat(start))
    housing = Incident.objects.filter(service_area__name="Housing", occurred_at__gte=begin)
    assert ["Housing", str(housing.count())] in table_rows


def test_the_page_asks_the_same_number_of_queries_for_10_or_50_incidents(
    client, services, health_safety, info_governance, django_assert_max_num_queries
):
    housing, _ = services
    client.force_login(info_governance)
    client.get("/staff/governance/monitoring/")  # warm the session and caches

    def seed_up_to(n):
        for _ in range(n - Incident.objects.count()):
            incident = IncidentFactory(service_area=housing)
            _answer(incident.customer, "Female", info_governance)

    seed_up_to(10)
    with CaptureQueriesContext(connection) as ten:
        assert client.get("/staff/governance/monitoring/").status_code == 200
    seed_up_to(50)
    with django_assert_max_num_queries(len(ten)):
        assert client.get("/staff/governance/monitoring/").status_code == 200


def test_the_board_report_csv_holds_every_table_for_the_quarter(client, health_safety):
    housing = ServiceAreaFactory(name="Housing")
    IncidentFactory(
        service_area=housing,
        occurred_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 10)),
    )
    client.force_login(health_safety)
    response = client.get("/staff/governance/monitoring/board-report.csv?quarter=2026-2")
    assert response["Content-Disposition"] == 'attachment; filename="board-report-2026-q2.csv"'
    text = response.content.decode()
    assert "Incidents by month" in text
    assert "Reconsiderations and their outcomes" in text
    assert "May 2026,1" in text
    assert "Housing,1" in text
    assert "Equality monitoring" not in text


def test_the_board_report_pdf_is_a_pdf(client, health_safety):
    client.force_login(health_safety)
    response = client.get("/staff/governance/monitoring/board-report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_board_report_spreadsheet_holds_the_same_counts(client, health_safety):
    from io import BytesIO

    from openpyxl import load_workbook

    housing = ServiceAreaFactory(name="Housing")
    for _ in range(2):
        IncidentFactory(
            service_area=housing,
            occurred_at=timezone.make_aware(datetime.datetime(2026, 5, 4, 10)),
        )
    client.force_login(health_safety)
    response = client.get("/staff/governance/monitoring/board-report.xlsx?quarter=2026-2")
    rows = [
        list(row)
        for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert ["May 2026", 2] in [[v for v in row if v is not None] for row in rows]
    assert ["Housing", 2] in [[v for v in row if v is not None] for row in rows]


def test_a_period_of_more_than_ten_years_is_refused(client, health_safety, soup):
    client.force_login(health_safety)
    page = soup(client.get("/staff/governance/monitoring/", {"start": "1900-01-01"}))
    assert "Choose a period of 10 years or less." in page.get_text()
    rows, _, _ = _figure_numbers(page, "by_month")
    assert len(rows) == 12


def test_review_figures_match_the_database(seeded, health_safety):
    from reporting.restrictions.models import RestrictionReview

    today = timezone.localdate()
    decider = UserFactory(username="dm", roles=["Decision maker"])
    for restriction, days_late in zip(Restriction.objects.all(), (0, 3), strict=True):
        RestrictionReview.objects.create(
            restriction=restriction,
            reviewed_by=decider,
            due_on=today - datetime.timedelta(days=days_late),
            since_last="Nothing new.",
            outcome="continue",
            reasons="Still needed.",
        )
    access, period = access_for(health_safety), monitoring.Period.last_twelve_months()
    assert counts(monitoring.reviews_on_time(access, period)) == {
        "On or before the review date": 1,
        "Late": 1,
    }
    assert monitoring.reconsiderations(access, period).rows == []


def test_every_chart_on_the_page_carries_its_tables_numbers(client, seeded, info_governance, soup):
    housing, _ = seeded
    for n in range(7):
        _answer(
            IncidentFactory(service_area=housing).customer,
            "Female" if n else "Male",
            info_governance,
        )
    client.force_login(info_governance)
    page = soup(client.get("/staff/governance/monitoring/"))
    tables = page.find_all("table", attrs={"data-figure": True})
    assert len(tables) >= 11
    for table in tables:
        key = table["data-figure"]
        table_values = [td.get_text(strip=True) for row in table.tbody("tr") for td in row("td")]
        chart = page.find("svg", attrs={"data-chart": key})
        if chart is None:  # an empty table has no chart
            assert table_values == ["None in this period."]
            continue
        assert [g["data-value"] for g in chart("g")] == table_values, key
        for g in chart("g"):
            assert (g.find("rect") is None) == (g["data-value"] == "fewer than 5"), key
