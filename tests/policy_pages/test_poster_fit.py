"""A poster never prints with words hidden: long headlines and lists are set smaller and
stay clear of the QR panel, and words that still do not fit A4 and A3 are refused before
publishing, with a message saying what to shorten."""

import re
import subprocess

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html
from wagtail.test.utils.form_data import streamfield as streamfield_data

from policy_pages.models import PosterPage, PublishedVersion
from tests.factories import make_policy, make_poster, publish

pytestmark = pytest.mark.django_db

# The longest headline the editor allows (60 characters), which used to run to five
# lines and push what will happen behind the QR panel.
LONGEST_HEADLINE = "Everyone who works here deserves respect, every single day ok"[:60]
# The longest behaviour allowed (70 characters).
LONGEST_BEHAVIOUR = "Shouting, swearing or using offensive words at our staff or visitors!!"[:70]
LONGEST_CONSEQUENCES = (
    "We may end your call or visit, ask you to leave the building and limit how you can "
    "contact us in future. We report serious incidents to the police, and they may lead "
    "to action in the courts against the person responsible."
)[:220]
FULL_LIST = [
    "Shouting or swearing at anyone",
    "Threats, spoken or written",
    "Pushing, hitting or spitting",
    "Damaging our buildings",
    "Filming staff without asking",
    "Racist or sexist remarks",
]
CONSEQUENCES = "We may end the conversation and limit how you contact us in future."


def test_the_longest_sizes_are_what_the_editor_is_allowed():
    fields = {field.name: field for field in PosterPage._meta.get_fields()}
    assert len(LONGEST_HEADLINE) == fields["headline"].max_length == 60
    assert len(LONGEST_CONSEQUENCES) == fields["consequences"].max_length == 220
    block = PosterPage.behaviours.field.stream_block
    assert block.meta.max_num == 6
    assert len(LONGEST_BEHAVIOUR) == block.child_blocks["behaviour"].field.max_length == 70


@pytest.fixture
def policy():
    return publish(make_policy(), note="First published.")


@pytest.fixture
def poster(policy):
    return make_poster(policy=policy)


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def poster_form(client, page, *, headline, behaviours, consequences, note="First printed."):
    """The poster editor's form as a browser would post it, with these words."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
    blocks = [("behaviour", text) for text in behaviours]
    for name, value in nested_form_data({"behaviours": streamfield_data(blocks)}).items():
        data[name] = value
    data["headline"] = headline
    data["consequences"] = consequences
    data["change_note"] = note
    return data


def publish_in_editor(client, page, **words):
    data = poster_form(client, page, **words)
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page), data)


def text_boxes(pdf, tmp_path):
    """Every word of the PDF's first page with its box, read back by pdftotext."""
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return [
        (word.get_text(), *(float(word[edge]) for edge in ("xmin", "ymin", "xmax", "ymax")))
        for word in BeautifulSoup(xml, "html.parser").find_all("word")
    ]


def pages(pdf, tmp_path):
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return int(next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))[6:])


def download(client, page, paper):
    response = client.get(f"{page.url}versions/1/pdf/{paper}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_the_longest_headline_and_a_full_list_print_whole_beside_the_qr_code(
    client, superuser, poster, tmp_path, paper
):
    client.force_login(superuser)
    response = publish_in_editor(
        client,
        poster,
        headline=LONGEST_HEADLINE,
        behaviours=FULL_LIST,
        consequences=CONSEQUENCES,
    )
    assert response.status_code == 302
    poster = PosterPage.objects.get(pk=poster.pk)
    assert poster.live
    pdf = download(client, poster, paper)
    assert pages(pdf, tmp_path) == 1
    words = text_boxes(pdf, tmp_path)
    printed = " ".join(word[0] for word in words)
    for text in (LONGEST_HEADLINE, *FULL_LIST, CONSEQUENCES):
        assert " ".join(text.split()) in printed
    # What will happen ends above the QR panel's words, which stay on the sheet.
    last_word = max((word for word in words if word[0] == "future."), key=lambda word: word[4])
    panel_top = min(word[2] for word in words if word[0] == "Read")
    assert last_word[4] < panel_top
    sheet_height = {"a4": 841.9, "a3": 1190.6}[paper]
    assert max(word[4] for word in words) < sheet_height


def refusal(client, soup, poster, behaviours):
    """Try to publish the longest headline and consequences with ``behaviours``; the
    message shown, or None when it published."""
    response = publish_in_editor(
        client,
        poster,
        headline=LONGEST_HEADLINE,
        behaviours=behaviours,
        consequences=LONGEST_CONSEQUENCES,
    )
    if response.status_code == 302:
        return None
    assert response.status_code == 200
    return " ".join(soup(response).get_text(" ").split())


def test_everything_at_its_longest_is_refused_saying_what_to_shorten(
    client, soup, superuser, poster
):
    client.force_login(superuser)
    message = refusal(client, soup, poster, [LONGEST_BEHAVIOUR] * 6)
    assert message is not None
    assert "The words are too long for an A4 or A3 poster" in message
    assert re.search(
        r"Shorten the headline \(3 lines\), the behaviours we will not accept \(12 lines\) "
        r"or what will happen \(\d lines\) by about \d+ lines? in all, then publish again\.",
        message,
    )
    assert not Page.objects.get(pk=poster.pk).live
    assert not PublishedVersion.objects.filter(page_id=poster.pk).exists()


def test_shortening_as_asked_lets_the_poster_publish(client, soup, superuser, poster):
    client.force_login(superuser)
    message = refusal(client, soup, poster, [LONGEST_BEHAVIOUR] * 6)
    over = int(re.search(r"by about (\d+) line", message).group(1))
    assert 1 <= over <= 5
    # Each long behaviour takes two lines; said in one, it saves a line.
    shorter = [LONGEST_BEHAVIOUR] * (6 - over) + ["Threats of any kind"] * over
    assert refusal(client, soup, poster, shorter) is None
    assert PublishedVersion.objects.filter(page_id=poster.pk).count() == 1


def test_a_poster_too_long_to_print_can_still_be_saved_as_a_draft(client, superuser, poster):
    client.force_login(superuser)
    data = poster_form(
        client,
        poster,
        headline=LONGEST_HEADLINE,
        behaviours=[LONGEST_BEHAVIOUR] * 6,
        consequences=LONGEST_CONSEQUENCES,
    )
    response = client.post(edit_url(poster), data)
    assert response.status_code == 302
    draft = PosterPage.objects.get(pk=poster.pk).get_latest_revision_as_object()
    assert draft.headline == LONGEST_HEADLINE
    assert not PublishedVersion.objects.filter(page_id=poster.pk).exists()


def test_longer_headlines_are_set_in_smaller_type(policy):
    short = publish(make_poster(policy=policy), note="First printed.")
    long = publish(
        make_poster(headline=LONGEST_HEADLINE, slug="long", policy=policy), note="First printed."
    )
    short_html = PublishedVersion.objects.get(page_id=short.pk).content_html
    long_html = PublishedVersion.objects.get(page_id=long.pk).content_html
    assert "sc-poster--headline-s" in long_html
    assert "sc-poster--headline-" not in short_html
