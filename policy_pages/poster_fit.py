"""Posters that fit their paper: type set smaller as the words grow, and a check on the
laid-out A4 and A3 pages before publishing, so no poster is printed with words cut off,
hidden behind the QR panel or pushed onto a second sheet."""

import math
from dataclasses import dataclass

from .forms import VersionedPageForm

# Sizes step down as the words grow; see the --headline-* and --text-* rules in
# static/print/poster.css. A headline of up to 24 characters is set at full size (three
# short lines at most), up to 40 a step smaller; a list and consequences of up to 200
# characters in all at full size, up to 330 a step smaller.
HEADLINE_STEPS = ((24, ""), (40, "sc-poster--headline-m"))
HEADLINE_SMALLEST = "sc-poster--headline-s"
TEXT_STEPS = ((200, ""), (330, "sc-poster--text-m"))
TEXT_SMALLEST = "sc-poster--text-s"

# What an editor is asked to shorten, by the class of the part of the poster.
PARTS = {
    "sc-poster__headline": "the headline",
    "sc-poster__behaviours": "the behaviours we will not accept",
    "sc-poster__consequences": "what will happen",
}
FOOTER = "sc-poster__footer"
# CSS pixels in a millimetre: WeasyPrint measures its boxes in CSS pixels.
MM = 96 / 25.4


def _step(length: int, steps, smallest: str) -> str:
    for most, name in steps:
        if length <= most:
            return name
    return smallest


def size_classes(headline: str, behaviours: list[str], consequences: str) -> str:
    """The poster's size classes for words of these lengths."""
    text = sum(len(item) for item in behaviours) + len(consequences)
    names = [
        _step(len(headline), HEADLINE_STEPS, HEADLINE_SMALLEST),
        _step(text, TEXT_STEPS, TEXT_SMALLEST),
    ]
    return " ".join(name for name in names if name)


@dataclass
class PaperFit:
    """How a poster's words sit on one paper size."""

    paper: str
    pages: int
    # Words that reach into the QR panel, or past the edge of the sheet.
    overlaps: bool
    # Lines of each part of the poster, by its class.
    lines: dict[str, int]
    # How far the words run past the sheet, in lines of the behaviours' type.
    lines_over: int

    @property
    def fits(self) -> bool:
        return self.pages == 1 and not self.overlaps


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def _walk(box, inside=frozenset()):
    """Every box under ``box``, with the classes of the elements it sits in; list
    bullets left out."""
    if (getattr(box, "element_tag", None) or "").endswith("::marker"):
        return
    classes = inside | _classes(box)
    yield box, classes
    for child in getattr(box, "children", ()):
        yield from _walk(child, classes)


def measure(document, paper: str) -> PaperFit:
    """Read a laid-out poster (``posters.lay_out_poster``): its pages, where its words
    sit against the QR panel and the sheet's edges, and how many lines each part takes."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    lines = dict.fromkeys(PARTS, 0)
    overlaps = False
    for page in document.pages:
        boxes = list(_walk(page._page_box))
        footer_tops = [box.position_y for box, classes in boxes if FOOTER in _classes(box)]
        footer_top = min(footer_tops) if footer_tops else None
        for box, classes in boxes:
            if "sc-poster" in _classes(box) and (
                box.position_y + box.margin_height() > page.height + 0.5
            ):
                # The poster's margin at the foot of the sheet, which keeps the QR panel
                # clear of the edge a printer cannot reach, would be cut off.
                overlaps = True
            if isinstance(box, LineBox):
                for part in PARTS:
                    lines[part] += part in classes
            if not isinstance(box, TextBox):
                continue
            right = box.position_x + box.width
            bottom = box.position_y + box.height
            if right > page.width + 0.5 or bottom > page.height + 0.5:
                overlaps = True
            if FOOTER not in classes and footer_top is not None and bottom > footer_top + 0.5:
                overlaps = True
    return PaperFit(paper, len(document.pages), overlaps, lines, 0)


def lines_over(document, paper_height: float) -> int:
    """How many lines of the list's type a poster laid on a tall sheet runs past the
    height of its paper (0 when it does not)."""
    from weasyprint.formatting_structure.boxes import LineBox

    poster_height, line_height = 0.0, None
    for box, classes in _walk(document.pages[0]._page_box):
        if "sc-poster" in _classes(box):
            poster_height = max(poster_height, box.margin_height())
        if line_height is None and isinstance(box, LineBox) and "sc-poster__behaviours" in classes:
            line_height = box.height
    excess = poster_height - paper_height
    if excess <= 0.5 or not line_height:
        return 0
    return math.ceil(excess / line_height)


def check_fit(page) -> list[PaperFit]:
    """Lay the poster page's words out on A4 and A3 as they would print, and measure
    each; where they do not fit, lay them out again on a taller sheet to tell how far
    they run over."""
    from .posters import PAPERS, lay_out_poster
    from .versions import freeze_content

    html = freeze_content(page)
    title = page.title or "Poster"
    results = []
    for paper, size in PAPERS.items():
        result = measure(lay_out_poster(html, paper, title=title), paper)
        if not result.fits:
            tall = lay_out_poster(html, paper, title=title, sheet_height_mm=3 * size.height_mm)
            result.lines_over = lines_over(tall, size.height_mm * MM)
        results.append(result)
    return results


def fit_message(results: list[PaperFit]) -> str | None:
    """What to tell the editor when the words do not fit, naming what to shorten; None
    when they fit every paper size."""
    failed = [result for result in results if not result.fits]
    if not failed:
        return None
    papers = " or ".join(result.paper.upper() for result in failed)
    worst = max(failed, key=lambda result: result.lines_over)
    named = [f"{name} ({_lines(worst.lines[part])})" for part, name in PARTS.items()]
    parts = f"{', '.join(named[:-1])} or {named[-1]}"
    over = f" by about {_lines(worst.lines_over)} in all" if worst.lines_over else ""
    return (
        f"The words are too long for an {papers} poster: printed, they would push the QR "
        f"code off the foot of the sheet. Shorten {parts}{over}, then publish again."
    )


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"


class PosterPageForm(VersionedPageForm):
    """The poster editor's form: before publishing, lays the poster out on A4 and A3 and
    refuses it, saying what to shorten, if its words do not fit."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors or not self._is_publishing():
            return
        message = fit_message(check_fit(self.instance))
        if message:
            self.add_error(None, message)
