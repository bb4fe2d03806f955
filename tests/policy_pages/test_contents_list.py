"""The policy and commitment pages open with a contents list whose links reach their
section headings, on the live page (its frozen copy) and in a preview of a draft."""

import pytest

from policy_pages.contents import with_contents
from policy_pages.models import CommitmentPage, PublishedVersion
from tests.factories import home_page, make_policy, make_poster, paragraph, publish

pytestmark = pytest.mark.django_db


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


SECTIONS = [
    heading("Why we have this policy"),
    paragraph("To keep staff and customers safe."),
    heading("What we may do"),
    heading("Letters", level="h3"),
    paragraph("We write to you."),
    heading("Examples"),
    paragraph("One."),
    heading("Examples"),
    paragraph("Two."),
]


def contents_of(html):
    nav = html.select_one('nav[aria-label="Contents"]')
    return nav, [(a.get_text(strip=True), a["href"]) for a in nav.select("a")] if nav else []


def assert_links_reach_headings(html, links):
    for text, href in links:
        target = html.find(id=href.removeprefix("#"))
        assert target is not None, f"{href} leads nowhere"
        assert target.name == "h2"
        assert " ".join(target.get_text().split()) == text


def test_a_live_policy_lists_its_section_headings_and_each_link_reaches_one(client, soup):
    policy = publish(make_policy(), note="First published.", body=SECTIONS)
    html = soup(client.get(policy.url))

    nav, links = contents_of(html)
    assert nav is not None
    assert [text for text, _ in links] == [
        "Why we have this policy",
        "What we may do",
        "Examples",
        "Examples",
    ]
    # A sub-heading is not a section of its own.
    assert "Letters" not in nav.get_text()
    assert links[0][1] == "#why-we-have-this-policy"
    assert links[2][1] != links[3][1]
    assert_links_reach_headings(html, links)


def test_the_live_page_still_shows_its_frozen_copy_byte_for_byte(client):
    policy = publish(make_policy(), note="First published.", body=SECTIONS)
    version = PublishedVersion.objects.get(page_id=policy.pk)
    # The frozen copy keeps the ids the contents list links to.
    assert 'id="what-we-may-do"' in version.content_html
    assert version.content_html in client.get(policy.url).content.decode()


def test_ids_stay_the_same_from_one_version_to_the_next(client, soup):
    policy = publish(make_policy(), note="First published.", body=SECTIONS)
    publish(policy, note="More.", body=[paragraph("A new opening."), *SECTIONS])
    first, second = (
        PublishedVersion.objects.get(page_id=policy.pk, number=n).content_html for n in (1, 2)
    )
    for anchor in ('id="why-we-have-this-policy"', 'id="what-we-may-do"'):
        assert anchor in first
        assert anchor in second


def test_a_copy_frozen_before_headings_had_ids_gets_them_on_the_live_page(
    client, soup, monkeypatch
):
    # Freeze as versions were frozen before headings had ids.
    monkeypatch.setattr("policy_pages.versions.add_heading_ids", lambda html: html)
    policy = publish(make_policy(), note="First published.", body=SECTIONS)
    version = PublishedVersion.objects.get(page_id=policy.pk)
    assert 'id="why-we-have-this-policy"' not in version.content_html

    html = soup(client.get(policy.url))
    _, links = contents_of(html)
    assert links[0] == ("Why we have this policy", "#why-we-have-this-policy")
    assert_links_reach_headings(html, links)


def test_a_preview_of_a_draft_lists_the_drafts_headings(client, soup):
    policy = publish(make_policy(), note="First published.", body=SECTIONS)
    draft = policy.get_latest_revision_as_object()
    draft.body = [heading("A new first section"), paragraph("New."), *SECTIONS]
    html = soup(draft.make_preview_request())
    _, links = contents_of(html)
    assert links[0] == ("A new first section", "#a-new-first-section")
    assert_links_reach_headings(html, links)


def test_the_commitment_page_lists_its_three_parts(client, soup):
    commitment = CommitmentPage(
        title="Our commitment",
        slug="our-commitment",
        what_to_expect=[paragraph("We will be polite.")],
        how_you_can_help=[paragraph("Be patient with us.")],
        feedback=[paragraph("Tell us.")],
    )
    home_page().add_child(instance=commitment)
    publish(commitment, note="First published.")
    html = soup(client.get("/our-commitment/"))
    _, links = contents_of(html)
    assert [text for text, _ in links] == [
        "What you can expect from us",
        "How you can help us",
        "Tell us what you think",
    ]
    assert_links_reach_headings(html, links)


def test_a_page_with_a_single_section_has_no_contents_list(client, soup):
    policy = publish(
        make_policy(), note="First published.", body=[heading("Only one"), paragraph("Text.")]
    )
    nav, _ = contents_of(soup(client.get(policy.url)))
    assert nav is None


def test_a_poster_has_no_contents_list(client, soup):
    poster = publish(make_poster(), note="First published.")
    nav, _ = contents_of(soup(client.get(poster.url)))
    assert nav is None


def test_headings_keep_their_own_ids_and_new_ones_avoid_taken_ones():
    html = '<h2 id="kept">Kept</h2><p id="examples">x</p><h2 class="a">Examples</h2><h2>  </h2>'
    content, entries = with_contents(html)
    assert [(e.text, e.anchor) for e in entries] == [("Kept", "kept"), ("Examples", "examples-2")]
    assert content == (
        '<h2 id="kept">Kept</h2><p id="examples">x</p>'
        '<h2 id="examples-2" class="a">Examples</h2><h2>  </h2>'
    )
    assert with_contents(content)[0] == content
