"""The PDF toolkit posters and letters share: static files read from disk, the project's
own fonts, QR codes and the tagged (PDF/UA-1) output WeasyPrint makes for both."""

from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders

# The fonts ship with the project (npm, SIL Open Font License), so PDFs look the same
# everywhere. Atkinson Hyperlegible Next covers English and Welsh (ŵ, ŷ) and most of
# Latin Extended-A; Noto Sans has the letters it lacks (ĉ, ŋ, ŧ…) and Greek and
# Cyrillic; Noto Emoji draws emoji and many symbols in one colour, as a printer would.
# DejaVu Sans (Debian's fonts-dejavu-core) comes last, for arrows, ticks and stars.
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_DIR = "fonts/atkinson-hyperlegible"
FONT_FILES = {
    400: "AtkinsonHyperlegibleNext_400Regular.ttf",
    700: "AtkinsonHyperlegibleNext_700Bold.ttf",
}
FALLBACK_FONTS = {
    "Noto Sans": (
        "fonts/noto-sans",
        {400: "NotoSans_400Regular.ttf", 700: "NotoSans_700Bold.ttf"},
    ),
    "Noto Emoji": (
        "fonts/noto-emoji",
        {400: "NotoEmoji_400Regular.ttf", 700: "NotoEmoji_700Bold.ttf"},
    ),
}
SYMBOL_FONT = "DejaVu Sans"
# The font-family every PDF's text uses: each character from the first font that has it.
FONT_STACK = (
    ", ".join(f'"{family}"' for family in (FONT_FAMILY, *FALLBACK_FONTS, SYMBOL_FONT))
    + ", sans-serif"
)

# WeasyPrint options for every PDF: tagged for screen readers.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


class PdfError(Exception):
    """A PDF could not be made."""


def static_path(name: str) -> Path:
    """A static file on disk: from the source folders, else from ``STATIC_ROOT``."""
    found = finders.find(name)
    if found:
        return Path(found)
    path = Path(settings.STATIC_ROOT) / name
    if not path.exists():
        raise PdfError(f"The static file {name} is missing; run collectstatic.")
    return path


def url_fetcher():
    """WeasyPrint's fetcher for local files and inline data only: a PDF never reaches out
    to the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("file", "data"))


def font_uris() -> dict[int, str]:
    """The project font's file of each weight, as file URIs for ``@font-face`` rules."""
    return {
        weight: static_path(f"{FONT_DIR}/{name}").as_uri() for weight, name in FONT_FILES.items()
    }


def font_faces() -> list[tuple[str, int, str]]:
    """Every font the PDFs embed, as (family, weight, file URI): the project's font, then
    its fallbacks."""
    faces = [(FONT_FAMILY, weight, uri) for weight, uri in font_uris().items()]
    for family, (folder, files) in FALLBACK_FONTS.items():
        faces += [
            (family, weight, static_path(f"{folder}/{name}").as_uri())
            for weight, name in files.items()
        ]
    return faces


def font_face_css() -> str:
    """``@font-face`` rules for the project's font and its fallbacks, one per weight."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-style: normal; '
        f'font-weight: {weight}; src: url("{uri}"); }}'
        for family, weight, uri in font_faces()
    )


def qr_code_svg(url: str, *, label: str) -> str:
    """An inline SVG QR code for ``url``, titled for screen readers and tagged PDFs."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, border=2, title=label, dark="#000000", light="#ffffff")
