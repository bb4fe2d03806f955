"""Markup the HTML checker and axe read strictly: a back link sits in a navigation
landmark (nothing outside one), and every machine-readable time is one HTML accepts
(no microseconds)."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from tests.access.factories import manager_of
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db

# A valid global date and time: seconds may have at most three decimal places.
VALID_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)$")


def test_a_back_link_sits_in_a_navigation_landmark(client, soup, housing):
    incident = IncidentFactory(service_area=housing)
    client.force_login(manager_of(housing))
    page = soup(client.get(f"/staff/incidents/{incident.reference}/"))
    link = page.select_one("a.govuk-back-link")
    assert link is not None
    assert link.find_parent("nav")["aria-label"] == "Back"


def test_a_page_without_a_back_link_has_no_empty_landmark(client, soup, housing):
    client.force_login(manager_of(housing))
    page = soup(client.get("/staff/incidents/"))
    assert page.select_one("a.govuk-back-link") is None
    assert page.select_one('nav[aria-label="Back"]') is None


def test_times_carry_no_microseconds():
    moment = timezone.now().replace(microsecond=123456)
    assert moment.microsecond
    html = render_to_string("staff/timeline/_date.html", {"entry": {"at": moment}})
    value = re.search(r'datetime="([^"]+)"', html).group(1)
    assert VALID_TIME.match(value), value
    assert datetime.datetime.fromisoformat(value) == moment.replace(microsecond=0)


def _nested_forms(page):
    return [form for form in page.select("form") if form.find_parent("form") is not None]


def test_sign_in_and_second_factor_pages_hold_one_form_each(client, soup):
    page = soup(client.get("/staff/sign-in/"))
    assert len(page.select("main form")) == 1
    assert not _nested_forms(page)
    assert page.select_one("main form input[name=username]") is not None


def test_the_report_form_gives_every_element_its_own_id(client, soup):
    from collections import Counter

    from tests.factories import UserFactory

    client.force_login(UserFactory(username="frontline", roles=["Staff"]))
    page = soup(client.get("/staff/incidents/new/"))
    ids = Counter(element["id"] for element in page.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []
    for element in page.select("[aria-describedby]"):
        for name in element["aria-describedby"].split():
            assert page.select_one(f"#{name}") is not None, name
