"""Every character prints: posters and letters share home/pdf.py's fonts, which draw
Welsh's ŵ and ŷ and the rest of Latin Extended-A, with fallbacks for symbols and emoji,
and the web previews load the same fonts."""

import io
import re
import subprocess
from urllib.parse import unquote, urlparse

import pikepdf
import pytest
from django.contrib.staticfiles import finders
from fontTools.ttLib import TTFont

from home import pdf
from policy_pages.models import PosterPage
from tests.customers.factories import CustomerFactory
from tests.factories import make_policy, make_poster, publish
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import RestrictionFactory

pytestmark = pytest.mark.django_db

WELSH_HEADLINE = "Parchwch ein staff yn y tŷ hwn"
WELSH_BEHAVIOURS = ["Gweiddi neu regi", "Taflu dŵr at y staff", "Ŵyr neu Ŷd, pawb yr un fath"]
LATIN_EXTENDED_A = [chr(code) for code in range(0x100, 0x180)]


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """A font's ToUnicode map: which character each glyph in the PDF stands for."""
    text = cmap.decode("latin-1")
    mapping = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, chars in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(chars).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        pattern = r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>"
        for low, high, first in re.findall(pattern, block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(int(first, 16) + offset)
    return mapping


def printed_glyphs(data: bytes) -> dict[str, set[tuple[str, bool]]]:
    """Each character the PDF prints, with the embedded fonts it is drawn from and
    whether that font really has a drawing for it (not .notdef, not an empty glyph)."""
    found = {}
    with pikepdf.open(io.BytesIO(data)) as document:
        for page in document.pages:
            for _, font in page.resources.get("/Font", {}).items():
                name = str(font.BaseFont).split("+")[-1]
                descriptor = font.DescendantFonts[0].FontDescriptor
                embedded = TTFont(io.BytesIO(descriptor.FontFile2.read_bytes()))
                order = embedded.getGlyphOrder()
                outlines = embedded.get("glyf")
                for glyph_id, chars in _to_unicode(font.ToUnicode.read_bytes()).items():
                    glyph = order[glyph_id] if glyph_id < len(order) else ".notdef"
                    drawn = glyph_id != 0 and glyph != ".notdef"
                    if drawn and outlines is not None:
                        drawn = outlines[glyph].numberOfContours != 0
                    found.setdefault(chars, set()).add((name, drawn))
    return found


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "printed.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(text.stdout.decode().split())


def drawn_by(glyphs, char):
    """The fonts that draw ``char``; fails if any would print an empty box."""
    assert char in glyphs, f"{char!r} is not in the PDF's text"
    assert all(drawn for _, drawn in glyphs[char]), f"{char!r} prints as an empty box"
    return {name for name, _ in glyphs[char]}


@pytest.fixture
def policy():
    return publish(make_policy(), note="First published.")


def download(client, poster, paper):
    response = client.get(f"{poster.url}versions/1/pdf/{paper}/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("paper", ["a4", "a3"])
def test_a_welsh_poster_prints_w_and_y_circumflex_in_its_own_font(client, policy, tmp_path, paper):
    poster = publish(
        make_poster(headline=WELSH_HEADLINE, slug="cymraeg", policy=policy),
        note="Poster Cymraeg.",
        behaviours=[{"type": "behaviour", "value": text} for text in WELSH_BEHAVIOURS],
        consequences="Byddwn yn dod â'r sgwrs i ben.",
    )
    data = download(client, poster, paper)
    text = pdf_text(data, tmp_path)
    assert WELSH_HEADLINE in text
    assert "Taflu dŵr at y staff" in text
    assert "Ŵyr neu Ŷd" in text
    glyphs = printed_glyphs(data)
    for char in "ŵŷŴŶ":
        fonts = drawn_by(glyphs, char)
        assert fonts
        assert all(name.startswith("Atkinson-Hyperlegible") for name in fonts)


def test_emoji_and_symbols_on_a_poster_fall_back_to_fonts_that_have_them(client, policy, tmp_path):
    poster = publish(
        make_poster(headline="No smoking 🚭 here", slug="emoji", policy=policy),
        note="First printed.",
        behaviours=[
            {"type": "behaviour", "value": "Threats ⚠ of any kind"},
            {"type": "behaviour", "value": "Queue jumping → back of the line ✓"},
            {"type": "behaviour", "value": "Esperanto ĉ ĝ, Sámi ŋ ŧ"},
        ],
    )
    data = download(client, poster, "a4")
    text = pdf_text(data, tmp_path)
    assert "No smoking 🚭 here" in text
    glyphs = printed_glyphs(data)
    # The headline is bold: the emoji comes from Noto Emoji's bold weight.
    assert drawn_by(glyphs, "🚭") == {"Noto-Emoji-Bold"}
    assert drawn_by(glyphs, "⚠") == {"Noto-Emoji"}
    # Arrows and ticks, which neither Atkinson nor the Noto fonts have: Debian's DejaVu.
    assert drawn_by(glyphs, "→") == {"DejaVu-Sans"}
    assert drawn_by(glyphs, "✓") == {"DejaVu-Sans"}
    # Letters Atkinson Hyperlegible Next lacks come from Noto Sans, not an empty box.
    for char in "ĉĝŋŧ":
        assert drawn_by(glyphs, char) == {"Noto-Sans"}


def file_path(uri):
    return unquote(urlparse(uri).path)


def test_the_embedded_fonts_cover_all_of_latin_extended_a():
    by_weight = {}
    for family, weight, uri in pdf.font_faces():
        if family == "Noto Emoji":
            continue
        cmap = TTFont(file_path(uri)).getBestCmap()
        by_weight.setdefault(weight, set()).update(cmap)
    assert set(by_weight) == {400, 700}
    for weight, covered in by_weight.items():
        missing = [char for char in LATIN_EXTENDED_A if ord(char) not in covered]
        assert missing == [], f"weight {weight} lacks {''.join(missing)}"
    project_font = TTFont(file_path(pdf.font_uris()[400])).getBestCmap()
    assert all(ord(char) in project_font for char in "ŵŷŴŶâêîôûŵ")


def font_files(stylesheet, family):
    """The static files an @font-face rule of ``stylesheet`` loads for ``family``."""
    rules = re.findall(r"@font-face\s*{(.*?)}", stylesheet, re.S)
    urls = [
        re.search(r'src:\s*url\("([^"]+)"\)', rule).group(1)
        for rule in rules
        if f'font-family: "{family}"' in rule
    ]
    return [re.sub(r"^(/static/|\.\./)", "", url) for url in urls]


@pytest.mark.parametrize("stylesheet", ["scss/council/_posters.scss", "print/letter.css"])
def test_the_web_previews_load_fonts_that_draw_w_and_y_circumflex(stylesheet):
    source = (finders.find(stylesheet) or "").strip()
    assert source, stylesheet
    with open(source, encoding="utf-8") as file:
        css = file.read()
    files = font_files(css, "Atkinson Hyperlegible")
    assert len(files) == 2
    for name in files:
        path = finders.find(name)
        assert path, f"{name} is not in the static files"
        cmap = TTFont(path).getBestCmap()
        assert all(ord(char) in cmap for char in "ŵŷŴŶ"), name
    assert font_files(css, "Noto Emoji"), "the preview has no emoji font"


def test_the_poster_preview_shows_welsh_words(client, policy):
    poster = publish(
        make_poster(headline=WELSH_HEADLINE, slug="rhagolwg", policy=policy),
        note="Poster Cymraeg.",
    )
    response = client.get(PosterPage.objects.get(pk=poster.pk).url)
    assert response.status_code == 200
    assert WELSH_HEADLINE in response.content.decode()


def test_a_letter_in_welsh_words_prints_w_and_y_circumflex_in_its_own_font(housing, tmp_path):
    from reporting.letters.enums import LetterType
    from reporting.letters.pdf import render_letter_pdf
    from reporting.letters.services import prepare_letter

    cite_policy()
    customer = CustomerFactory(first_name="Gwŷn", last_name="Prŵs", postcode="LL55 4UR")
    IncidentFactory(customer=customer, service_area=housing)
    restriction = RestrictionFactory(
        customer=customer,
        incidents=list(customer.incidents.all()),
        reasons="Fe daflwyd dŵr at y staff yn y tŷ cymunedol.",
    )
    restriction.service_areas.set([housing])
    data = render_letter_pdf(prepare_letter(LetterType.RESTRICTION, restriction=restriction))
    text = pdf_text(data, tmp_path)
    assert "Gwŷn Prŵs" in text
    assert "Fe daflwyd dŵr at y staff yn y tŷ cymunedol." in text
    glyphs = printed_glyphs(data)
    for char in "ŵŷ":
        fonts = drawn_by(glyphs, char)
        assert fonts
        assert all(name.startswith("Atkinson-Hyperlegible") for name in fonts)
