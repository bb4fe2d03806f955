"""Letters as tagged A4 PDFs on the council's letterhead, in the project's own font.

Three things keep a letter well under WeasyPrint's usual time (docs/letters.md has the
figures): the stylesheet and the font configuration are parsed once per thread and
reused; the layout uses floats, not flex boxes, which WeasyPrint lays out far more
slowly; and the QR code of a policy version is drawn once. Fonts are subset (HarfBuzz
does it quickly; embedding them whole only made the PDF bigger and slower to compress).
Every letter is a tagged PDF/UA-1 with Atkinson Hyperlegible embedded.
"""

import atexit
import functools
import threading

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.pdf import PDF_OPTIONS, font_face_css, qr_code_svg, static_path, url_fetcher
from reporting.customers.enums import PreferredLanguage

from .check_codes import display
from .languages import date_words, frame

LETTER_STYLESHEET = "print/letter.css"
# The large-print, Easy Read and Welsh layouts, on top of the standard one.
FORMATS_STYLESHEET = "print/letter-formats.css"

_local = threading.local()
# Let go of the cached fonts before the interpreter tears WeasyPrint's libraries down.
atexit.register(lambda: _local.__dict__.clear())


def letter_context(prepared, *, in_page=False):
    """What the letter's template needs, for the staff preview and for the PDF alike."""
    council = prepared.council
    language = getattr(prepared, "language", PreferredLanguage.ENGLISH)
    version = prepared.policy_version
    newer = prepared.newer_version
    return {
        "letter": prepared,
        "html_lang": "cy" if language == PreferredLanguage.WELSH else "en-GB",
        "words": frame(language),
        "letter_date": date_words(prepared.letter_date, language),
        "published": date_words(timezone.localdate(version.published_at), language),
        "newer_published": date_words(timezone.localdate(newer.published_at), language)
        if newer
        else "",
        "council": council,
        "letterhead_lines": [
            line.strip() for line in council.letterhead_details.splitlines() if line.strip()
        ],
        "version": prepared.policy_version,
        "policy_url": prepared.policy_url,
        "qr_svg": policy_qr_svg(prepared.policy_url),
        # The public letter check's full address (public_urls.py), printed on every letter.
        "check_url": f"{settings.PUBLIC_BASE_URL}{reverse('letter_check')}",
        "check_code": display(prepared.check_code),
        "in_page": in_page,
    }


@functools.lru_cache(maxsize=32)
def policy_qr_svg(url):
    """The QR code of a policy version's address; letters citing it share the drawing."""
    return qr_code_svg(url, label="QR code: the policy version this letter relies on")


def _stylesheet_key():
    paths = [static_path(name) for name in (LETTER_STYLESHEET, FORMATS_STYLESHEET)]
    return tuple((str(path), path.stat().st_mtime_ns) for path in paths)


def _resources():
    """The parsed stylesheets and the font configuration they registered their fonts
    with, made once per thread (WeasyPrint's objects are not shared between threads)
    and again if the stylesheet changes."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    key = _stylesheet_key()
    cached = getattr(_local, "resources", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    font_config = FontConfiguration()
    fetcher = url_fetcher()
    stylesheets = [
        CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher),
        *(
            CSS(filename=path, font_config=font_config, url_fetcher=fetcher)
            for path, _changed in key
        ),
    ]
    resources = (stylesheets, font_config, fetcher)
    _local.resources = (key, resources)
    return resources


def render_letter_html(prepared):
    """The standalone HTML document the PDF is laid out from."""
    return render_to_string("letters/letter_print.html", letter_context(prepared))


def render_letter_pdf(prepared) -> bytes:
    """Lay the prepared letter out on A4 as a tagged PDF."""
    from weasyprint import HTML

    stylesheets, font_config, fetcher = _resources()
    html = HTML(
        string=render_letter_html(prepared),
        base_url=str(settings.BASE_DIR),
        url_fetcher=fetcher,
    )
    return html.write_pdf(stylesheets=stylesheets, font_config=font_config, **PDF_OPTIONS)
