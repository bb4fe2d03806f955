"""Drafts, previews and unpublished revisions never reach the public."""

import pytest

from home.models import CouncilSettings
from policy_pages.models import CommitmentPage, StandardPage
from tests.factories import home_page, make_policy, paragraph, publish

pytestmark = pytest.mark.django_db

DRAFT = "Secret draft wording"


def public_urls(page):
    return [
        page.url,
        f"{page.url}versions/",
        f"{page.url}versions/1/",
        f"/versions/{page.pk}/1/",
        f"{page.url}versions/2/",
        f"/versions/{page.pk}/2/",
    ]


def test_a_saved_draft_is_on_no_public_address(client):
    page = publish(make_policy(), note="First published.")
    draft = page.get_latest_revision_as_object()
    draft.body = [paragraph(DRAFT)]
    draft.change_note = "Draft note"
    draft.save_revision()
    for url in public_urls(page):
        response = client.get(url)
        assert DRAFT.encode() not in response.content, url
        assert b"Draft note" not in response.content, url


def test_a_never_published_page_is_not_found(client):
    page = make_policy(slug="unpublished")
    page.change_note = "Ready soon"
    page.save_revision()
    assert client.get("/unpublished/").status_code == 404
    assert client.get("/unpublished/versions/").status_code == 404
    assert client.get(f"/versions/{page.pk}/1/").status_code == 404


def test_previews_need_an_admin_sign_in(client):
    page = publish(make_policy(), note="First published.")
    response = client.get(f"/admin/pages/{page.pk}/edit/preview/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_commitment_page_is_versioned_too(client, soup):
    commitment = CommitmentPage(
        title="Our commitment",
        slug="our-commitment",
        what_to_expect=[paragraph("We will be polite.")],
    )
    home_page().add_child(instance=commitment)
    publish(commitment, note="First published.")
    html = soup(client.get("/our-commitment/"))
    assert "Version 1, published" in " ".join(
        html.select_one(".sc-version-line").get_text().split()
    )
    assert "We will be polite." in client.get("/our-commitment/versions/1/").content.decode()


def test_header_and_footer_come_from_the_council_settings(client, soup):
    council = CouncilSettings.load()
    council.name = "Brackenford Borough Council"
    council.telephone = "01632 960000"
    council.address = "Town Hall\nBrackenford"
    privacy = StandardPage(title="Privacy notice", slug="privacy", body=[paragraph("Data.")])
    home_page().add_child(instance=privacy)
    council.privacy_page = privacy
    council.save()
    html = soup(client.get("/"))
    assert "Brackenford Borough Council" in html.header.get_text()
    footer = html.footer.get_text(" ")
    assert "01632 960000" in footer
    assert "Town Hall, Brackenford" in footer
    assert html.footer.find("a", string="Privacy notice")["href"] == "/privacy/"
