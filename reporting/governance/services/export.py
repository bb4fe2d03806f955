"""Making a subject-access export: one ZIP of the index (HTML and PDF) and the letters
as issued, written to the audit trail as an export of the person's record."""

import io
import zipfile

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from home.models import CouncilSettings
from home.pdf import PDF_OPTIONS, font_face_css, url_fetcher
from reporting.access import audit
from reporting.access.enums import AuditAction

from ..selectors.export import export_contents, letter_pdfs
from ..selectors.export_records import shown
from ..selectors.redaction import redact_staff_names

INDEX_TEMPLATE = "governance/subject_access_index.html"


def render_index_html(contents):
    """The readable index, also the document its PDF is laid out from."""
    return render_to_string(
        INDEX_TEMPLATE,
        {
            "contents": contents,
            "council_name": CouncilSettings.load().name,
            "made_at": shown(contents.made_at),
            "staff_redacted": redact_staff_names(),
        },
    )


def render_index_pdf(html) -> bytes:
    """The index as a tagged A4 PDF in the project's font, with nothing fetched from
    the network."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fetcher = url_fetcher()
    fonts = CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[fonts], font_config=font_config, **PDF_OPTIONS)


def export_file_name(contents):
    return f"subject-access-{contents.reference}-{contents.made_at:%Y-%m-%d}.zip"


def make_subject_access_export(*, customer, by):
    """The ZIP's name and bytes. Raises ``LetterIntegrityError`` if a letter's stored
    PDF no longer matches its hash: then no export is made, but the failure stays
    recorded (so the letters are read outside the export's transaction)."""
    contents = export_contents(customer)
    letters = letter_pdfs(contents, by=by)
    html = render_index_html(contents)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", html)
        archive.writestr("index.pdf", render_index_pdf(html))
        for path, data in letters:
            archive.writestr(path, data)
    with transaction.atomic():
        audit.record(
            actor=by,
            action=AuditAction.EXPORT,
            obj=customer,
            note=f"SAR export: {contents.summary()}",
        )
    return export_file_name(contents), buffer.getvalue()
