"""Posters as print-ready PDFs: the poster stylesheet and a stored render per version."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from home.pdf import PDF_OPTIONS, PdfError, font_face_css, static_path, url_fetcher

PAPER_SIZES = {"a4": "A4", "a3": "A3"}
POSTER_STYLESHEET = "print/poster.css"


@dataclass(frozen=True)
class Paper:
    """A paper size, and the type size at which a poster fills it (an A3 poster is an
    A4 one enlarged by the square root of two)."""

    name: str
    width_mm: int
    height_mm: int
    font_size: str


PAPERS = {
    "a4": Paper("A4", 210, 297, "12pt"),
    "a3": Paper("A3", 297, 420, "16.97pt"),
}


class PosterError(PdfError):
    """A poster PDF could not be made."""


def policy_current_address(policy_page_id: int) -> str:
    """The permanent address that always leads to a policy's current version."""
    path = reverse("policy_pages:permanent_current", kwargs={"page_id": policy_page_id})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def lay_out_poster(content_html: str, paper: str, *, title: str, sheet_height_mm=None):
    """Lay a poster's content out on A4 or A3: WeasyPrint's document, its pages and boxes
    ready to check (``poster_fit``) or to write as a tagged PDF. ``sheet_height_mm``
    lays it on a taller sheet, to measure how far words that do not fit run on."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if paper not in PAPERS:
        raise PosterError(f"Posters come in A4 and A3, not {paper!r}.")
    document = render_to_string(
        "policy_pages/poster_print.html",
        {
            "title": title,
            "content_html": content_html,
            "paper": PAPERS[paper],
            "sheet_height_mm": sheet_height_mm or PAPERS[paper].height_mm,
            "font_css": font_face_css(),
        },
    )
    fetcher = url_fetcher()
    font_config = FontConfiguration()
    stylesheet = CSS(
        filename=str(static_path(POSTER_STYLESHEET)), url_fetcher=fetcher, font_config=font_config
    )
    html = HTML(string=document, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return html.render(stylesheets=[stylesheet], font_config=font_config, **PDF_OPTIONS)


def render_poster_pdf(version, paper: str) -> bytes:
    """Lay out a poster version's frozen content on A4 or A3 as a tagged PDF."""
    if paper not in PAPERS:
        raise PosterError(f"Posters come in A4 and A3, not {paper!r}.")
    title = f"{version.title} (version {version.number}, {PAPERS[paper].name})"
    document = lay_out_poster(version.content_html, paper, title=title)
    return document.write_pdf(**PDF_OPTIONS)


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
