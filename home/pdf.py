"""The PDF toolkit posters and letters share: static files read from disk, the project's
own font, QR codes and the tagged (PDF/UA-1) output WeasyPrint makes for both."""

from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders

# Atkinson Hyperlegible ships with the project (npm), so PDFs look the same everywhere.
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_DIR = "fonts/atkinson-hyperlegible"
FONT_FILES = {400: "AtkinsonHyperlegible_400Regular.ttf", 700: "AtkinsonHyperlegible_700Bold.ttf"}

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
    """The font file of each weight, as file URIs for ``@font-face`` rules."""
    return {
        weight: static_path(f"{FONT_DIR}/{name}").as_uri() for weight, name in FONT_FILES.items()
    }


def font_face_css() -> str:
    """``@font-face`` rules for the project's font, one per weight."""
    return "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-style: normal; '
        f'font-weight: {weight}; src: url("{uri}"); }}'
        for weight, uri in font_uris().items()
    )


def qr_code_svg(url: str, *, label: str) -> str:
    """An inline SVG QR code for ``url``, titled for screen readers and tagged PDFs."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, border=2, title=label, dark="#000000", light="#ffffff")
