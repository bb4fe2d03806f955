"""The demo content loader: refused outside development, complete, versioned, repeatable."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from home.demo import content
from home.models import CouncilSettings, HomePage
from policy_pages.models import CommitmentPage, PolicyPage, PublishedVersion, StandardPage
from tests.factories import make_policy, publish

User = get_user_model()


def load():
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


def signs_in(client, username, password):
    """Sign in through the admin's form, as a person would."""
    response = client.post("/admin/login/", {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": User.objects.count(),
        "versions": PublishedVersion.objects.count(),
    }


def headings(html):
    soup = BeautifulSoup(html, "html.parser")
    return [h.get_text(strip=True) for h in soup.find_all(["h2", "h3"])]


@pytest.fixture
def loaded(db):
    return load()


@pytest.fixture
def policy(loaded):
    return PolicyPage.objects.get(slug=content.POLICY["slug"])


def test_refuses_unless_demo_content_is_allowed(db, settings):
    settings.DEMO_CONTENT_ALLOWED = False
    before = counts()

    with pytest.raises(CommandError, match="Demo content is for development only"):
        load()

    assert counts() == before
    assert not User.objects.exists()


def test_home_page_shows_the_council_and_its_sections(loaded, client, soup):
    page = soup(client.get("/"))

    assert page.h1.get_text(strip=True) == "Fernhollow District Council"
    links = {a.get_text(strip=True) for a in page.select(".sc-card__link")}
    assert links == {
        "Our commitment to customers",
        content.POLICY["title"],
        content.POSTER_INDEX["title"],
    }


def test_home_page_is_published_with_its_new_title(loaded):
    home = HomePage.objects.get(depth=2)

    assert home.live
    assert home.title == content.COUNCIL["name"]
    assert home.live_revision is not None
    assert not home.has_unpublished_changes


def test_policy_has_versions_one_and_two(policy):
    versions = list(PublishedVersion.objects.filter(page_id=policy.pk).order_by("number"))

    assert [v.number for v in versions] == [1, 2]
    assert versions[0].change_note == "First published."
    assert "social media" in versions[1].change_note
    assert policy.live
    assert policy.show_in_menus


def test_only_version_two_has_the_added_section(policy):
    first, second = PublishedVersion.objects.filter(page_id=policy.pk).order_by("number")

    assert content.SOCIAL_MEDIA_HEADING in headings(second.content_html)
    assert content.SOCIAL_MEDIA_HEADING not in headings(first.content_html)
    assert "social media" not in first.content_html.lower()
    assert "Who decides" in headings(first.content_html)


def test_policy_page_shows_the_current_version(policy, client, soup):
    response = client.get(policy.url)

    assert response.status_code == 200
    page = soup(response)
    assert content.SOCIAL_MEDIA_HEADING in [h.get_text(strip=True) for h in page.find_all("h2")]
    assert len(page.select(".sc-behaviour-kind")) == 2
    assert page.select_one(".sc-steps")
    assert page.select_one(".govuk-warning-text")
    assert "Local Government and Social Care Ombudsman" in page.get_text()


def test_version_one_stays_readable_without_the_added_section(policy, client, soup):
    page = soup(client.get(f"{policy.url}versions/1/"))

    frozen = page.select_one(".sc-frozen")
    assert "Why we have this policy" in frozen.get_text()
    assert content.SOCIAL_MEDIA_HEADING not in frozen.get_text()


def test_commitment_is_published_once(loaded, client, soup):
    page = CommitmentPage.objects.get(slug="our-commitment")
    versions = PublishedVersion.objects.filter(page_id=page.pk)

    assert [(v.number, v.change_note) for v in versions] == [(1, "First published.")]
    html = soup(client.get(page.url))
    sections = [h.get_text(strip=True) for h in html.find_all("h2")]
    assert "What you can expect from us" in sections
    assert "How you can help us" in sections
    assert "Tell us what you think" in sections


@pytest.mark.parametrize(
    ("slug", "title"),
    [("accessibility-statement", "Accessibility statement"), ("privacy-notice", "Privacy notice")],
)
def test_standard_pages_are_published_out_of_the_menu(loaded, client, soup, slug, title):
    page = StandardPage.objects.get(slug=slug)

    assert page.live
    assert not page.show_in_menus
    response = client.get(page.url)
    assert response.status_code == 200
    assert soup(response).h1.get_text(strip=True) == title


def test_council_settings_are_filled_in(policy):
    council = CouncilSettings.load()

    assert council.name == "Fernhollow District Council"
    assert council.telephone.startswith("01632 960")
    assert council.email.endswith("@fernhollow.example")
    assert council.feedback_url == "https://fernhollow.example/feedback"
    assert council.address_lines[-1] == "FH1 4QT"
    assert council.cited_policy_page_id == policy.pk
    assert council.accessibility_page.slug == "accessibility-statement"
    assert council.privacy_page.slug == "privacy-notice"


def test_running_twice_changes_nothing(loaded):
    before = counts()

    output = load()

    assert counts() == before
    assert "already there" in output


def test_settings_edited_after_loading_are_kept(loaded):
    council = CouncilSettings.load()
    council.tagline = "Edited by hand"
    council.save()

    load()

    assert CouncilSettings.load().tagline == "Edited by hand"


def test_each_demo_user_can_sign_in_and_has_its_role(loaded, client, settings):
    for group_name, username in content.DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.groups.filter(name=group_name).exists()
        assert user.email == f"{username}@fernhollow.example"
        assert user.first_name
        assert signs_in(client, username, settings.DEMO_PASSWORD)
        client.logout()


def test_admin_is_a_superuser_who_can_sign_in(loaded, client, settings):
    admin = User.objects.get(username="admin")

    assert admin.is_superuser
    assert admin.is_staff
    assert signs_in(client, "admin", settings.DEMO_PASSWORD)


def test_lists_the_accounts_it_creates(loaded):
    for username in ["admin", *content.DEMO_USERS.values()]:
        assert username in loaded


def test_skips_a_user_whose_role_does_not_exist(db):
    Group.objects.filter(name="Policy approver").delete()

    load()

    assert not User.objects.filter(username="policy.approver").exists()
    assert User.objects.filter(username="comms.editor").exists()


def test_adds_only_the_missing_version_to_an_existing_policy(db):
    page = make_policy(title=content.POLICY["title"], slug=content.POLICY["slug"])
    publish(page, note="First published.")

    load()

    versions = PublishedVersion.objects.filter(page_id=page.pk).order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert content.SOCIAL_MEDIA_HEADING in headings(versions[1].content_html)
    assert PolicyPage.objects.filter(slug=content.POLICY["slug"]).count() == 1


def test_three_posters_one_of_them_published_twice(loaded, client, soup):
    from policy_pages.models import PosterPage

    posters = PosterPage.objects.live().order_by("title")
    assert posters.count() == 3
    counts_by_slug = {
        poster.slug: PublishedVersion.objects.filter(page_id=poster.pk).count()
        for poster in posters
    }
    assert sorted(counts_by_slug.values()) == [1, 1, 2]
    html = soup(client.get("/posters/"))
    assert len(html.select(".sc-card")) == 3


def test_posters_carry_the_councils_name(loaded):
    from policy_pages.models import PosterPage

    for poster in PosterPage.objects.all():
        version = PublishedVersion.objects.filter(page_id=poster.pk).last()
        assert content.COUNCIL["name"] in version.content_html


def test_home_page_title_names_the_council_once(loaded, client, soup):
    title = soup(client.get("/")).title.get_text()
    assert title == content.COUNCIL["name"]
