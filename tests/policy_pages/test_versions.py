"""Published versions: numbered, frozen, and readable forever at a permanent address."""

import hashlib

import pytest
from wagtail.models import Page

from home.models import HomePage
from policy_pages.models import PolicyPage, PublishedVersion
from tests.factories import home_page, make_policy, paragraph, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    """A policy published twice: version 1 says 'First wording', version 2 'Second wording'."""
    page = publish(make_policy(text="First wording."), note="First published.")
    return publish(page, note="Reworded the opening.", body=[paragraph("Second wording.")])


def versions_of(page):
    return list(PublishedVersion.objects.filter(page_id=page.pk).order_by("number"))


def main_text(soup, response):
    return soup(response).find("main").get_text(" ", strip=True)


def test_each_publish_records_the_next_number_with_its_note(policy):
    first, second = versions_of(policy)
    assert (first.number, first.change_note) == (1, "First published.")
    assert (second.number, second.change_note) == (2, "Reworded the opening.")
    assert "First wording." in first.content_html
    assert "Second wording." in second.content_html


def test_the_stored_hash_is_the_sha256_of_the_frozen_copy(policy):
    for version in versions_of(policy):
        expected = hashlib.sha256(version.content_html.encode()).hexdigest()
        assert version.content_sha256 == expected


def test_published_at_is_when_the_page_went_live(policy):
    latest = versions_of(policy)[-1]
    assert latest.published_at == Page.objects.get(pk=policy.pk).last_published_at


def test_version_text_survives_edit_republish_move_and_rename(client, soup, policy):
    first_html = versions_of(policy)[0].content_html

    # A draft edit, then a republish with a new title and slug…
    draft = policy.get_latest_revision_as_object()
    draft.body = [paragraph("Unpublished draft wording.")]
    draft.save_revision()
    renamed = publish(
        policy,
        note="Renamed the policy.",
        title="Renamed policy",
        slug="renamed-policy",
        body=[paragraph("Third wording.")],
    )
    # …and a move under another parent.
    archive = HomePage(title="Archive", slug="archive")
    Page.objects.get(depth=1).add_child(instance=archive)
    renamed.move(archive, pos="last-child")
    moved = PolicyPage.objects.get(pk=policy.pk)

    version_one = PublishedVersion.objects.get(page_id=policy.pk, number=1)
    assert version_one.content_html == first_html
    assert version_one.title == "Behaviour policy"
    response = client.get(f"/versions/{policy.pk}/1/")
    assert response.status_code == 200
    text = main_text(soup, response)
    assert "First wording." in text
    assert "Third wording." not in text
    assert "Unpublished draft wording." not in text
    assert moved.url_path.startswith("/archive/")


def test_a_changed_template_does_not_change_what_a_version_shows(
    client, soup, policy, monkeypatch
):
    monkeypatch.setattr(
        PolicyPage, "content_template", "policy_pages/content/commitment_page.html"
    )
    response = client.get(f"/versions/{policy.pk}/1/")
    assert "First wording." in main_text(soup, response)


def test_versions_are_served_under_the_page_and_at_the_permanent_address(client, soup, policy):
    for url in (f"{policy.url}versions/1/", f"/versions/{policy.pk}/1/"):
        response = client.get(url)
        assert response.status_code == 200
        text = main_text(soup, response)
        assert "You are reading version 1, in force from" in text
        assert "First wording." in text
        assert "Second wording." not in text


def test_old_version_notice_gives_its_dates_and_links_to_the_current_page(client, soup, policy):
    first, second = versions_of(policy)
    html = soup(client.get(f"/versions/{policy.pk}/1/"))
    notice = html.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    start = f"{first.published_at:%-d %B %Y}"
    end = f"{second.published_at:%-d %B %Y}"
    assert f"in force from {start} to {end}" in " ".join(notice.split())
    link = html.select_one(".govuk-notification-banner a")
    assert link["href"] == policy.url
    assert "version 2" in link.get_text()


def test_current_version_says_so(client, soup, policy):
    html = soup(client.get(f"{policy.url}versions/2/"))
    assert "Current version" in html.select_one(".govuk-notification-banner__title").get_text()


def test_unknown_versions_answer_404(client, policy):
    assert client.get(f"{policy.url}versions/3/").status_code == 404
    assert client.get(f"/versions/{policy.pk}/0/").status_code == 404
    assert client.get(f"/versions/{policy.pk}/3/").status_code == 404
    assert client.get("/versions/999999/1/").status_code == 404


def test_versions_list_shows_number_date_and_change_note(client, soup, policy):
    html = soup(client.get(f"{policy.url}versions/"))
    rows = html.select("tbody tr")
    assert [row.th.a.get_text(strip=True) for row in rows] == ["Version 2", "Version 1"]
    assert "Reworded the opening." in rows[0].get_text()
    assert "First published." in rows[1].get_text()
    assert rows[1].select_one("time")["datetime"]
    assert rows[1].th.a["href"] == f"{policy.url}versions/1/"


def test_page_shows_its_version_and_links_to_all_versions(client, soup, policy):
    html = soup(client.get(policy.url))
    line = html.select_one(".sc-version-line")
    assert "Version 2, published" in " ".join(line.get_text().split())
    assert line.a["href"] == f"{policy.url}versions/"


def test_permanent_address_answers_after_unpublishing_and_deletion(client, soup, policy):
    policy.unpublish()
    assert client.get(policy.url or "/behaviour-policy/").status_code == 404
    response = client.get(f"/versions/{policy.pk}/2/")
    assert response.status_code == 200
    text = main_text(soup, response)
    assert "Second wording." in text
    assert "no longer published" in text

    Page.objects.get(pk=policy.pk).delete()
    assert client.get(f"/versions/{policy.pk}/1/").status_code == 200
    assert PublishedVersion.objects.filter(page_id=policy.pk).count() == 2


def test_versions_can_be_neither_changed_nor_deleted(policy):
    version = versions_of(policy)[0]
    version.change_note = "Rewritten history"
    with pytest.raises(TypeError):
        version.save()
    with pytest.raises(TypeError):
        version.delete()
    with pytest.raises(TypeError):
        PublishedVersion.objects.filter(pk=version.pk).update(change_note="x")
    with pytest.raises(TypeError):
        PublishedVersion.objects.filter(pk=version.pk).delete()
    assert PublishedVersion.objects.get(pk=version.pk).change_note == "First published."


def test_version_numbers_are_per_page(policy):
    other = publish(make_policy(title="Other", slug="other"), note="First published.")
    assert [v.number for v in versions_of(other)] == [1]
    assert [v.number for v in versions_of(policy)] == [1, 2]


def test_home_page_exists_for_new_pages():
    assert isinstance(home_page(), HomePage)
