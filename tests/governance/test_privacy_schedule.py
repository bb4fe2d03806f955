"""The privacy notice lists the retention schedule's periods, as information governance
keeps them, so the notice and what the daily run deletes never differ."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from home.cache import HEADER, MISS
from policy_pages.models import StandardPage
from reporting.governance.models import RecordKind, RetentionRule
from reporting.governance.selectors.schedule import duration_in_words
from tests.factories import home_page

pytestmark = pytest.mark.django_db


def schedule_block():
    return {"type": "retention_schedule", "value": {"introduction": "<p>How long.</p>"}}


def privacy_notice():
    """A plain page, as the privacy notice is: drawn from its fields on every visit."""
    page = StandardPage(
        title="Privacy notice", slug="privacy", summary="How we use it.", body=[schedule_block()]
    )
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def periods(soup, response):
    """The notice's table, as {record: how long}."""
    rows = soup(response).select(".sc-retention-schedule tbody tr")
    return {
        row.find("th").get_text(strip=True): row.find("td").get_text(strip=True) for row in rows
    }


@pytest.mark.parametrize(
    ("months", "words"),
    [(1, "1 month"), (18, "18 months"), (12, "1 year"), (24, "2 years"), (72, "6 years")],
)
def test_periods_are_written_in_years_where_they_are_whole(months, words):
    assert duration_in_words(months) == words


def test_the_demo_privacy_notice_reads_its_periods_from_the_schedule(client, soup):
    call_command("load_demo_content", stdout=StringIO())
    listed = periods(soup, client.get("/privacy-notice/"))

    assert listed["Restriction and its letters"] == "2 years after the restriction ended"
    assert len(listed) == RetentionRule.objects.count()
    assert "two years" not in client.get("/privacy-notice/").content.decode()


def test_a_changed_period_shows_at_once_even_on_a_cached_page(client, soup, settings):
    settings.PUBLIC_CACHE_SECONDS = 600
    cache.clear()
    page = privacy_notice()
    assert periods(soup, client.get(page.url))["Caution marker"] == (
        "2 years after the marker was removed"
    )

    rule = RetentionRule.objects.get(kind=RecordKind.CAUTION_MARKER)
    rule.months = 18
    rule.save()

    response = client.get(page.url)
    assert response[HEADER] == MISS
    assert periods(soup, response)["Caution marker"] == "18 months after the marker was removed"
    cache.clear()


def test_with_no_schedule_the_notice_says_whom_to_ask(client, soup):
    RetentionRule.objects.all().delete()
    page = privacy_notice()
    text = soup(client.get(page.url)).select_one(".sc-retention-schedule").get_text(" ")
    assert "data protection officer" in text
