"""Readers choose any two versions to compare; choices that cannot be compared are
refused with a message saying what to do."""

import pytest

from policy_pages.forms import CompareVersionsForm
from tests.factories import make_policy, paragraph, publish


@pytest.fixture
def policy(db):
    """Three versions: the first says 'call', the second 'meeting', the third 'visit'."""
    page = publish(make_policy(text="We may end the call."), note="First published.")
    page = publish(page, note="Meetings too.", body=[paragraph("We may end the meeting.")])
    return publish(page, note="Visits too.", body=[paragraph("We may end the visit.")])


def choose_url(page):
    return f"{page.url}versions/compare/"


def words(node):
    return " ".join(node.get_text(" ").split())


def error_messages(html):
    return [words(item) for item in html.select(".govuk-error-summary__list li")]


def test_the_list_of_versions_offers_a_choice_of_any_two(client, soup, policy):
    html = soup(client.get(f"{policy.url}versions/"))
    form = html.select_one("form.sc-compare-form")
    assert form["method"] == "get"
    assert form["action"] == choose_url(policy)
    for name in ("from", "to"):
        select = form.select_one(f'select[name="{name}"]')
        label = form.select_one(f'label[for="{select["id"]}"]')
        assert label is not None
        assert [option["value"] for option in select.select("option")] == ["3", "2", "1"]
    # The latest change is chosen until the reader chooses otherwise.
    assert form.select_one('select[name="from"] option[selected]')["value"] == "2"
    assert form.select_one('select[name="to"] option[selected]')["value"] == "3"


def test_choosing_the_first_and_the_third_version_shows_what_changed_between_them(
    client, soup, policy
):
    response = client.get(choose_url(policy), {"from": "1", "to": "3"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{policy.url}versions/3/compare/1/"
    html = soup(response)
    assert words(html.select_one("h1")) == "Changes from version 1 to version 3"
    diff = html.select_one("main .sc-diff")
    assert [words(node) for node in diff.select("del")] == ["removed: call (end of removed text)"]
    assert [words(node) for node in diff.select("ins")] == ["added: visit (end of added text)"]
    # Both change notes between them are listed.
    assert "Meetings too." in words(html.select_one(".sc-version-facts"))
    assert "Visits too." in words(html.select_one(".sc-version-facts"))


def test_the_newer_version_may_be_chosen_first(client, policy):
    response = client.get(choose_url(policy), {"from": "3", "to": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{policy.url}versions/3/compare/2/"


def test_the_comparison_page_lets_the_reader_choose_again(client, soup, policy):
    html = soup(client.get(f"{policy.url}versions/3/compare/1/"))
    form = html.select_one("form.sc-compare-form")
    assert form.select_one('select[name="from"] option[selected]')["value"] == "1"
    assert form.select_one('select[name="to"] option[selected]')["value"] == "3"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2", "to": "2"}, CompareVersionsForm.SAME_VERSION),
        ({"from": "1", "to": "9"}, CompareVersionsForm.NOT_A_VERSION),
        ({"from": "one", "to": "3"}, CompareVersionsForm.NOT_A_VERSION),
        ({"to": "3"}, CompareVersionsForm.CHOOSE_FIRST),
        ({"from": "1", "to": ""}, CompareVersionsForm.CHOOSE_SECOND),
    ],
    ids=["same", "unknown", "not-a-number", "first-missing", "second-missing"],
)
def test_choices_that_cannot_be_compared_are_refused_with_a_message(
    client, soup, policy, query, message
):
    response = client.get(choose_url(policy), query)
    assert response.status_code == 400
    html = soup(response)
    assert error_messages(html) == [message]
    assert words(html.select_one(".govuk-error-message")) == f"Error: {message}"
    assert html.select_one("title").get_text().startswith("Error: ")
    # The form is offered again, ready to correct.
    assert html.select_one("form.sc-compare-form select[name='to']") is not None


def test_a_page_with_one_version_says_there_is_nothing_to_compare(client, soup, db):
    policy = publish(make_policy(), note="First published.")
    html = soup(client.get(choose_url(policy), {"from": "1", "to": "1"}))
    assert html.select_one("form.sc-compare-form") is None
    assert "only one published version" in words(html.select_one("main"))
    assert soup(client.get(f"{policy.url}versions/")).select_one("form.sc-compare-form") is None
