"""A live versioned page shows the frozen copy of its current version, the very bytes the
version archive and letters point to; previews and drafts are still drawn from the fields."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import ReconsiderationSettings
from policy_pages.models import PublishedVersion
from tests.factories import make_policy, make_poster, paragraph, publish

pytestmark = pytest.mark.django_db


def current(page):
    return PublishedVersion.objects.filter(page_id=page.pk).order_by("-number").first()


def test_a_live_policy_page_holds_its_current_versions_frozen_copy_byte_for_byte(client):
    policy = publish(make_policy(text="First wording."), note="First published.")
    policy = publish(policy, note="Second.", body=[paragraph("Second wording.")])
    body = client.get(policy.url).content.decode()

    version = current(policy)
    assert version.number == 2
    assert version.content_html in body
    assert "First wording." not in body


def test_the_live_page_shows_what_was_published_not_settings_changed_since(client):
    policy = publish(
        make_policy(),
        note="First published.",
        body=[{"type": "reconsideration", "value": {"introduction": "<p>Ask us.</p>"}}],
    )
    wording = ReconsiderationSettings.load()
    wording.contact = "A new address for reconsiderations, 1 New Street"
    wording.save()

    assert "1 New Street" not in client.get(policy.url).content.decode()
    publish(policy, note="New address.")
    assert "1 New Street" in client.get(policy.url).content.decode()


def test_a_poster_page_shows_its_frozen_poster(client):
    poster = publish(make_poster(headline="Calm words please"), note="First published.")
    body = client.get(poster.url).content.decode()
    assert current(poster).content_html in body


def test_a_preview_draws_the_draft_not_the_frozen_copy(client):
    policy = publish(make_policy(text="Live wording."), note="First published.")
    draft = policy.get_latest_revision_as_object()
    draft.body = [paragraph("Draft wording.")]
    preview = draft.make_preview_request().content.decode()
    assert "Draft wording." in preview
    assert "Live wording." not in preview


@pytest.fixture
def chrome_cached(settings):
    """The page cache's switch on: the site, council details and menu come from one
    cached entry, as in production."""
    settings.PUBLIC_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(("address", "most"), [("policy", 3), ("poster", 6)])
def test_a_versioned_page_drawn_afresh_asks_few_queries(client, chrome_cached, address, most):
    """With the page cache bypassed by a query string, as a search engine's or a
    visitor's unique link would: the site, the council's details and the menu come from
    the shared cache and the content is the frozen copy. What is left is Wagtail finding
    the page (a poster is one level deeper: two more), its view restrictions and the
    current version; a page under the home page takes its breadcrumb from the cached site,
    a poster asks for its ancestors."""
    page = {
        "policy": lambda: publish(make_policy(), note="First published."),
        "poster": lambda: publish(make_poster(), note="First published."),
    }[address]()
    client.get(f"{page.url}?first=1")  # fills the shared site entry
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{page.url}?fresh=1")
    assert response.status_code == 200
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= most, "\n".join(statements)


def test_the_shared_menu_follows_a_publish(client, chrome_cached, soup):
    policy = publish(make_policy(), note="First published.")
    menu = soup(client.get(f"{policy.url}?a=1")).select(".govuk-service-navigation__link")
    assert "Rules for visitors" not in [link.get_text(strip=True) for link in menu]

    publish(policy, note="Renamed.", title="Rules for visitors", show_in_menus=True)
    menu = soup(client.get(f"{policy.url}?b=1")).select(".govuk-service-navigation__link")
    assert "Rules for visitors" in [link.get_text(strip=True) for link in menu]


def test_breadcrumbs_lead_home_and_through_the_poster_list(client, chrome_cached, soup):
    policy = publish(make_policy(), note="First published.")
    poster = publish(make_poster(), note="First published.")
    for page, expected in ((policy, ["Home"]), (poster, ["Home", poster.get_parent().title])):
        for query in ("", "?fresh=1"):
            crumbs = soup(client.get(f"{page.url}{query}")).select(".govuk-breadcrumbs__link")
            assert [crumb.get_text(strip=True) for crumb in crumbs] == expected
            assert crumbs[0]["href"] == "/"
