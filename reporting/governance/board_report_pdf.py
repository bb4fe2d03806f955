"""The quarterly board report as a tagged PDF, laid out by WeasyPrint with the project's
PDF toolkit (home/pdf.py): the same tables and charts as the monitoring page."""

from django.conf import settings
from django.template.loader import render_to_string

from home.pdf import PDF_OPTIONS, font_face_css, url_fetcher

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Atkinson Hyperlegible", sans-serif; font-size: 10pt; color: #0b0c0c; }
h1 { font-size: 20pt; } h2 { font-size: 15pt; margin-top: 18pt; } h3 { font-size: 12pt; }
table { border-collapse: collapse; width: 100%; margin-bottom: 6pt; }
caption { text-align: left; font-weight: bold; padding-bottom: 4pt; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 3pt 4pt; text-align: left; }
td, thead th + th { text-align: right; }
section { break-inside: avoid; }
svg { width: 100%; height: auto; }
"""


def render_board_report_html(**context) -> str:
    return render_to_string("governance/monitoring/board_report_print.html", context)


def render_board_report_pdf(**context) -> bytes:
    """Lay the board report out on A4 as a tagged PDF."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fetcher = url_fetcher()
    stylesheets = [
        CSS(string=font_face_css() + STYLE, font_config=font_config, url_fetcher=fetcher)
    ]
    html = HTML(
        string=render_board_report_html(**context),
        base_url=str(settings.BASE_DIR),
        url_fetcher=fetcher,
    )
    return html.write_pdf(stylesheets=stylesheets, font_config=font_config, **PDF_OPTIONS)
