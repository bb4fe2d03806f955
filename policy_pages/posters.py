"""Posters as print-ready PDFs: the poster stylesheet and a stored render per version."""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from home.pdf import PDF_OPTIONS, PdfError, font_uris, static_path, url_fetcher

PAPER_SIZES = {"a4": "A4", "a3": "A3"}
POSTER_STYLESHEET = "print/poster.css"


class PosterError(PdfError):
    """A poster PDF could not be made."""


def policy_current_address(policy_page_id: int) -> str:
    """The permanent address that always leads to a policy's current version."""
    path = reverse("policy_pages:permanent_current", kwargs={"page_id": policy_page_id})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def render_poster_pdf(version, paper: str) -> bytes:
    """Lay out a poster version's frozen content on A4 or A3 as a tagged PDF."""
    from weasyprint import CSS, HTML

    if paper not in PAPER_SIZES:
        raise PosterError(f"Posters come in A4 and A3, not {paper!r}.")
    uris = font_uris()
    fonts = {"400Regular": uris[400], "700Bold": uris[700]}
    document = render_to_string(
        "policy_pages/poster_print.html",
        {"version": version, "paper": PAPER_SIZES[paper], "fonts": fonts},
    )
    fetcher = url_fetcher()
    stylesheet = CSS(filename=str(static_path(POSTER_STYLESHEET)), url_fetcher=fetcher)
    html = HTML(string=document, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return html.write_pdf(stylesheets=[stylesheet], **PDF_OPTIONS)


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
