"""Comparing two versions: what was added, removed or reworded, read from frozen copies."""

import pytest

from policy_pages.compare import ADDED, CHANGED, REMOVED, SAME, compare_html, split_units
from policy_pages.models import PolicyPage
from tests.factories import make_policy, paragraph, publish


@pytest.fixture
def policy(db):
    """Version 1 says we 'may end the call'; version 2 'may end the meeting now'.

    Version 2 also drops the word 'politely' and keeps the closing paragraph unchanged.
    """
    page = publish(
        make_policy(text="We may politely end the call."),
        note="First published.",
    )
    return publish(
        page,
        note="Covered meetings as well as calls.",
        body=[
            paragraph("We may end the meeting now."),
            paragraph("You can ask us to think again."),
        ],
    )


def compare_url(page, number, other):
    return f"{page.url}versions/{number}/compare/{other}/"


def diff_of(soup, response):
    return soup(response).select_one("main .sc-diff")


# --- The page ---------------------------------------------------------------------------


def test_inserted_and_deleted_words_are_marked_for_every_reader(client, soup, policy):
    response = client.get(compare_url(policy, 2, 1))
    assert response.status_code == 200
    diff = diff_of(soup, response)

    added = [ins.get_text("", strip=True) for ins in diff.select("ins")]
    removed = [del_.get_text("", strip=True) for del_ in diff.select("del")]
    assert any("meeting" in text for text in added)
    assert any("politely" in text for text in removed)
    assert any("call" in text for text in removed)

    for mark, word in [
        *((ins, "added") for ins in diff.select("ins")),
        *((del_, "removed") for del_ in diff.select("del")),
    ]:
        hidden = mark.select_one(".govuk-visually-hidden")
        assert hidden is not None
        assert hidden.get_text().strip().startswith(f"{word}:")


def test_unchanged_text_is_not_marked(client, soup, policy):
    diff = diff_of(soup, client.get(compare_url(policy, 2, 1)))
    marked = " ".join(mark.get_text(" ") for mark in diff.select("ins, del"))
    assert "We may" not in marked
    assert "end the" not in marked
    # The paragraph that only version 2 has is added as a whole.
    assert "You can ask us to think again." in marked
    assert "We may" in diff.get_text(" ")


def test_the_page_names_both_versions_their_dates_and_links_back(client, soup, policy):
    html = soup(client.get(compare_url(policy, 2, 1)))
    main = html.find("main")
    assert main.h1.get_text(strip=True) == "Changes from version 1 to version 2"
    assert len(main.select(".sc-version-facts time")) == 2
    hrefs = {a["href"] for a in main.select("a")}
    assert {
        f"{policy.url}versions/1/",
        f"{policy.url}versions/2/",
        f"{policy.url}versions/",
    } <= hrefs
    assert "Covered meetings as well as calls." in main.get_text()
    assert "added" in main.select_one(".sc-diff-key").get_text()


def test_either_order_shows_changes_from_the_older_version(client, soup, policy):
    forwards = diff_of(soup, client.get(compare_url(policy, 2, 1)))
    backwards = diff_of(soup, client.get(compare_url(policy, 1, 2)))
    assert str(forwards) == str(backwards)


def test_comparison_reads_the_frozen_copies(client, soup, policy, monkeypatch):
    before = str(diff_of(soup, client.get(compare_url(policy, 2, 1))))
    monkeypatch.setattr(
        PolicyPage, "content_template", "policy_pages/content/commitment_page.html"
    )
    after = str(diff_of(soup, client.get(compare_url(policy, 2, 1))))
    assert after == before
    assert "meeting" in after


@pytest.mark.parametrize(("number", "other"), [(2, 3), (3, 2), (0, 1), (2, 2), (1, 1)])
def test_unknown_versions_and_a_version_with_itself_answer_404(client, policy, number, other):
    assert client.get(compare_url(policy, number, other)).status_code == 404


def test_versions_list_links_each_version_to_the_one_before(client, soup, policy):
    policy = publish(policy, note="Third.", body=[paragraph("We may end the meeting.")])
    rows = soup(client.get(f"{policy.url}versions/")).select("tbody tr")
    links = {row.th.a.get_text(strip=True): row.select_one("a.sc-compare-link") for row in rows}
    assert links["Version 1"] is None
    for number in (2, 3):
        link = links[f"Version {number}"]
        assert link.get_text(" ", strip=True).startswith("Compare with previous")
        assert link["href"] == compare_url(policy, number, number - 1)


def test_the_compare_link_shows_changes_from_the_previous_version(client, soup, policy):
    versions = soup(client.get(f"{policy.url}versions/"))
    href = versions.select_one("tbody tr a.sc-compare-link")["href"]
    html = soup(client.get(href))
    assert html.h1.get_text(strip=True) == "Changes from version 1 to version 2"


# --- The pure function ------------------------------------------------------------------


def rows_of(old, new):
    return [(row.change, row.text) for row in compare_html(old, new).rows]


def test_an_added_paragraph_is_added_whole():
    assert rows_of("<p>One.</p><p>Three.</p>", "<p>One.</p><p>Two.</p><p>Three.</p>") == [
        (SAME, "One."),
        (ADDED, "Two."),
        (SAME, "Three."),
    ]


def test_a_removed_list_item_is_removed_whole():
    old = "<ul><li>Shouting</li><li>Swearing</li><li>Threats</li></ul>"
    new = "<ul><li>Shouting</li><li>Threats</li></ul>"
    comparison = compare_html(old, new)
    assert [(row.change, row.kind, row.text) for row in comparison.rows] == [
        (SAME, "item", "Shouting"),
        (REMOVED, "item", "Swearing"),
        (SAME, "item", "Threats"),
    ]
    assert (comparison.added, comparison.removed, comparison.changed) == (0, 1, 0)


def test_a_changed_word_inside_a_sentence_is_the_only_change():
    comparison = compare_html(
        "<p>We may end the call at any time.</p>", "<p>We may end the meeting at any time.</p>"
    )
    (row,) = comparison.rows
    assert row.change == CHANGED
    assert [(s.change, s.text) for s in row.segments] == [
        (SAME, "We may end the "),
        (REMOVED, "call"),
        (ADDED, "meeting"),
        (SAME, " at any time."),
    ]


def test_a_rewritten_paragraph_is_removed_and_added_rather_than_paired():
    assert rows_of("<p>Call us on weekdays.</p>", "<p>Write to the chief executive.</p>") == [
        (REMOVED, "Call us on weekdays."),
        (ADDED, "Write to the chief executive."),
    ]


def test_units_come_from_headings_items_summary_lists_and_table_cells():
    html = (
        "<h2>Who decides</h2>"
        "<dl><div><dt>Decision</dt><dd><p>A senior manager</p></dd></div></dl>"
        "<table><tr><th>Step</th><td>Warning <b>in</b> writing</td></tr></table>"
        "<ol><li><h3>First</h3><div><p>We ask you to stop.</p></div></li></ol>"
        '<div class="govuk-warning-text"><span aria-hidden="true">!</span>'
        '<strong><span class="govuk-visually-hidden">Warning</span>We call the police.'
        "</strong></div><svg><title>QR code</title></svg>"
    )
    assert [(unit.kind, unit.text) for unit in split_units(html)] == [
        ("heading", "Who decides"),
        ("key", "Decision"),
        ("paragraph", "A senior manager"),
        ("cell", "Step"),
        ("cell", "Warning in writing"),
        ("heading", "First"),
        ("paragraph", "We ask you to stop."),
        ("text", "Warning We call the police."),
    ]


def test_long_unchanged_runs_are_collapsed_but_neighbours_of_a_change_stay_in_view():
    old = "".join(f"<p>Paragraph {n}.</p>" for n in range(1, 9))
    new = old.replace("Paragraph 5.", "Paragraph five.")
    sections = compare_html(old, new).sections
    assert [(section.collapsed, len(section.rows)) for section in sections] == [
        (True, 3),
        (False, 3),
        (True, 2),
    ]
    assert [row.text for row in sections[1].rows] == [
        "Paragraph 4.",
        "Paragraph five.",
        "Paragraph 6.",
    ]


def test_identical_html_has_no_changes():
    comparison = compare_html("<p>Same.</p><p>Words.</p>", "<p>Same.</p><p>Words.</p>")
    assert not comparison.has_changes
    assert all(row.change == SAME for row in comparison.rows)
