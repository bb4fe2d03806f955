"""Posters as print-ready PDFs: QR codes, the poster stylesheet and a cached render per version."""

import hashlib
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

PAPER_SIZES = {"a4": "A4", "a3": "A3"}
POSTER_STYLESHEET = "print/poster.css"
POSTER_FONT_DIR = "fonts/atkinson-hyperlegible"


class PosterError(Exception):
    """A poster PDF could not be made."""


def policy_current_address(policy_page_id: int) -> str:
    """The permanent address that always leads to a policy's current version."""
    path = reverse("policy_pages:permanent_current", kwargs={"page_id": policy_page_id})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def qr_code_svg(url: str, *, label: str) -> str:
    """An inline SVG QR code for ``url``, titled for screen readers and tagged PDFs."""
    qr = segno.make(url, error="m")
    return qr.svg_inline(scale=4, border=2, title=label, dark="#000000", light="#ffffff")


def _static_path(name: str) -> Path:
    found = finders.find(name)
    if found:
        return Path(found)
    path = Path(settings.STATIC_ROOT) / name
    if not path.exists():
        raise PosterError(f"The static file {name} is missing; run collectstatic.")
    return path


def _fetcher():
    from weasyprint.urls import URLFetcher

    # Only local files and inline data: a poster never reaches out to the network.
    return URLFetcher(allowed_protocols=("file", "data"))


def render_poster_pdf(version, paper: str) -> bytes:
    """Lay out a poster version's frozen content on A4 or A3 as a tagged PDF."""
    from weasyprint import CSS, HTML

    if paper not in PAPER_SIZES:
        raise PosterError(f"Posters come in A4 and A3, not {paper!r}.")
    fonts = {
        weight: _static_path(f"{POSTER_FONT_DIR}/AtkinsonHyperlegible_{weight}.ttf").as_uri()
        for weight in ("400Regular", "700Bold")
    }
    document = render_to_string(
        "policy_pages/poster_print.html",
        {"version": version, "paper": PAPER_SIZES[paper], "fonts": fonts},
    )
    stylesheet = CSS(filename=str(_static_path(POSTER_STYLESHEET)), url_fetcher=_fetcher())
    html = HTML(string=document, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher())
    return html.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1")


def poster_pdf(version, paper: str):
    """The stored PDF of ``version`` on ``paper``, rendering it the first time only."""
    from .models import PosterPdf

    existing = PosterPdf.objects.filter(version=version, paper=paper).first()
    if existing:
        return existing
    data = render_poster_pdf(version, paper)
    record = PosterPdf(version=version, paper=paper, sha256=hashlib.sha256(data).hexdigest())
    record.file.save(
        f"poster-{version.page_id}-v{version.number}-{paper}.pdf", ContentFile(data), save=False
    )
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        # Another request rendered the same poster at the same moment: use theirs.
        record.file.delete(save=False)
        return PosterPdf.objects.get(version=version, paper=paper)
    return record
