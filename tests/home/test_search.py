"""The public search finds published, public pages by their words, and nothing else.

The database search backend stems words on PostgreSQL but not on SQLite, so every
search here uses a word exactly as the page spells it.
"""

import pytest
from wagtail.models import PageViewRestriction

from policy_pages.models import CommitmentPage, StandardPage
from tests.factories import home_page, make_policy, paragraph, publish

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def search(client, soup, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return soup(response)


def result_links(html):
    return [
        (link.get_text(strip=True), link["href"])
        for link in html.select(".sc-search-results .sc-search-result h3 a")
    ]


def results_heading(html):
    heading = html.select_one("#search-results-heading")
    return " ".join(heading.get_text().split()) if heading else None


def published_policy(text, *, title="Behaviour policy", slug="behaviour-policy", **changes):
    return publish(make_policy(title=title, slug=slug, text=text), note="First.", **changes)


def test_finds_a_published_policy_by_a_word_in_its_body(client, soup):
    page = published_policy("We may refer serious cases to the ombudsman.")
    html = search(client, soup, "ombudsman")
    assert results_heading(html) == "1 result for ‘ombudsman’"
    assert result_links(html) == [("Behaviour policy", page.url)]


def test_a_result_links_to_the_page_and_shows_its_summary_and_address(client, soup):
    page = published_policy(
        "Nothing here but wording about ombudsman referrals.",
        summary="How we respond when contact becomes unacceptable.",
    )
    html = search(client, soup, "ombudsman")
    result = html.select_one(".sc-search-result")
    assert result.h3.a["href"] == "/behaviour-policy/" == page.url
    assert "How we respond when contact becomes unacceptable." in result.get_text()
    assert "/behaviour-policy/" in result.select_one(".govuk-hint").get_text()
    # The address leads to the page itself.
    assert client.get(result.h3.a["href"]).status_code == 200


def test_a_result_without_a_summary_shows_its_search_description(client, soup):
    published_policy("Ombudsman wording.", search_description="Read our policy in full.")
    html = search(client, soup, "ombudsman")
    assert "Read our policy in full." in html.select_one(".sc-search-result").get_text()


def test_finds_the_home_page_commitment_and_plain_pages(client, soup):
    home = home_page()
    home.body = "<p>Welcome, neighbours.</p>"
    home.save_revision().publish()
    commitment = CommitmentPage(
        title="Our commitment",
        slug="our-commitment",
        what_to_expect=[paragraph("We will answer neighbours politely.")],
    )
    home.add_child(instance=commitment)
    publish(commitment, note="First.")
    plain = StandardPage(
        title="Accessibility", slug="accessibility", body=[paragraph("For neighbours.")]
    )
    home.add_child(instance=plain)
    plain.save_revision().publish()

    html = search(client, soup, "neighbours")
    assert results_heading(html) == "3 results for ‘neighbours’"
    assert sorted(href for _title, href in result_links(html)) == [
        "/",
        "/accessibility/",
        "/our-commitment/",
    ]


def test_words_only_in_a_draft_revision_are_not_found(client, soup):
    page = published_policy("The live wording mentions the ombudsman.")
    draft = page.get_latest_revision_as_object()
    draft.title = "Kangaroo title"
    draft.summary = "Kangaroo summary"
    draft.body = [paragraph("A secret draft about kangaroos and wombats.")]
    draft.change_note = "Draft only."
    draft.save_revision()

    for word in ["wombats", "Kangaroo", "secret"]:
        html = search(client, soup, word)
        assert results_heading(html) == f"0 results for ‘{word}’", word
        assert result_links(html) == []
    # The live wording is still found, under the live title.
    assert result_links(search(client, soup, "ombudsman")) == [("Behaviour policy", page.url)]


def test_a_never_published_page_is_not_found(client, soup):
    page = make_policy(slug="unpublished", text="Never published wombats.")
    page.change_note = "Not yet."
    page.save_revision()
    html = search(client, soup, "wombats")
    assert results_heading(html) == "0 results for ‘wombats’"
    assert "We could not find any pages" in html.main.get_text()


def test_an_unpublished_page_is_no_longer_found(client, soup):
    page = published_policy("Wording about wombats.")
    assert len(result_links(search(client, soup, "wombats"))) == 1
    page.unpublish()
    assert result_links(search(client, soup, "wombats")) == []


def test_a_private_page_is_not_found(client, soup):
    page = published_policy("Wording about wombats.")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    assert result_links(search(client, soup, "wombats")) == []


@pytest.mark.parametrize("query", [None, "", "   ", "\t\n"])
def test_a_blank_search_shows_just_the_form(client, soup, query):
    published_policy("Ombudsman wording.")
    response = client.get(SEARCH) if query is None else client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    html = soup(response)
    assert html.select_one("input.govuk-input[name=q]")
    assert html.select_one("label.govuk-label")["for"] == html.select_one("input[name=q]")["id"]
    assert html.select_one("button.govuk-button")
    assert results_heading(html) is None
    assert not html.select(".sc-search-result")
    assert not html.select(".govuk-error-summary")


def test_a_very_long_search_is_refused_with_a_clear_message(client, soup):
    published_policy("Ombudsman wording.")
    html = search(client, soup, "ombudsman " * 100)
    summary = html.select_one(".govuk-error-summary")
    assert "200 characters or fewer" in summary.get_text()
    assert summary.a["href"] == "#" + html.select_one("input[name=q]")["id"]
    assert "200 characters or fewer" in html.select_one(".govuk-error-message").get_text()
    assert html.title.get_text().startswith("Error:")
    assert results_heading(html) is None
    assert not html.select(".sc-search-result")


def test_a_search_of_exactly_the_limit_is_accepted(client, soup):
    published_policy("Ombudsman wording.")
    query = ("ombudsman " * 20)[:200]
    html = search(client, soup, query)
    assert not html.select(".govuk-error-summary")
    assert len(result_links(html)) == 1


@pytest.mark.parametrize(
    "query",
    [
        "!!! ??? ***",
        '"ombudsman',
        "ombudsman\"'",
        "' OR 1=1 --",
        "NEAR(ombudsman wording)",
        "AND OR NOT",
        "ombudsman*",
        "(((",
        "^ombudsman:body",
        "a\x00b",
        "x" * 1000,
        "ünïcödé ‘quotes’ — 😀",
        "%_%",
    ],
)
def test_odd_searches_answer_with_a_clear_message(client, soup, query):
    published_policy("Ombudsman wording.")
    html = search(client, soup, query)
    message = html.select_one(".govuk-error-summary") or html.select_one("#search-results-heading")
    assert message is not None, query
    if html.select_one(".govuk-error-summary") is None:
        assert "result" in message.get_text()


def test_more_than_ten_results_are_paginated(client, soup):
    for number in range(1, 13):
        published_policy(
            f"Numbered wording about wombats, part {number}.",
            title=f"Wombat policy {number}",
            slug=f"wombat-policy-{number}",
        )

    first = search(client, soup, "wombats")
    assert results_heading(first) == "12 results for ‘wombats’"
    assert len(result_links(first)) == 10
    nav = first.select_one("nav.govuk-pagination")
    assert nav.select_one(".govuk-pagination__prev") is None
    current = nav.select_one(".govuk-pagination__item--current a")
    assert current.get_text(strip=True) == "1"
    assert current["aria-current"] == "page"
    next_link = nav.select_one(".govuk-pagination__next a")["href"]
    assert "q=wombats" in next_link
    assert "page=2" in next_link

    second = soup(client.get(SEARCH + next_link))
    assert results_heading(second) == "12 results for ‘wombats’"
    assert len(result_links(second)) == 2
    nav = second.select_one("nav.govuk-pagination")
    assert nav.select_one(".govuk-pagination__next") is None
    assert "page=1" in nav.select_one(".govuk-pagination__prev a")["href"]

    every_title = {title for title, _href in result_links(first) + result_links(second)}
    assert every_title == {f"Wombat policy {number}" for number in range(1, 13)}


@pytest.mark.parametrize(("page", "expected"), [("abc", 10), ("99", 2), ("-1", 2), ("0", 2)])
def test_a_bad_page_number_still_shows_results(client, soup, page, expected):
    for number in range(1, 13):
        published_policy(
            "Wording about wombats.", title=f"Policy {number}", slug=f"policy-{number}"
        )
    html = search(client, soup, "wombats", page=page)
    assert len(result_links(html)) == expected


def test_one_page_of_results_has_no_pagination(client, soup):
    published_policy("Ombudsman wording.")
    assert search(client, soup, "ombudsman").select_one(".govuk-pagination") is None


def test_the_site_navigation_links_to_search(client, soup):
    published_policy("Ombudsman wording.", show_in_menus=True)
    html = soup(client.get("/"))
    assert html.select_one(".govuk-service-navigation").find("a", string="Search")["href"] == (
        SEARCH
    )
    html = search(client, soup, "")
    link = html.select_one(".govuk-service-navigation").find("a", string="Search")
    assert link["aria-current"] == "page"


@pytest.mark.parametrize("query", ['"ombudsman', "ombudsman!", "(ombudsman)", "«ombudsman»"])
def test_punctuation_around_a_word_is_ignored(client, soup, query):
    page = published_policy("Ombudsman wording.")
    assert result_links(search(client, soup, query)) == [("Behaviour policy", page.url)]


def test_a_search_of_symbols_alone_finds_nothing(client, soup):
    published_policy("Ombudsman wording.")
    html = search(client, soup, "!!! ***")
    assert results_heading(html) == "0 results for ‘!!! ***’"
    assert "We could not find any pages" in html.main.get_text()
