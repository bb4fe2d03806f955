"""The contents list at the top of a long page: its section headings, each with an id.

`with_contents()` reads the ``<h2>`` headings of a page's content area, gives each one
that has no id a stable one made from its words, and returns the HTML with the entries
of the contents list. Only the opening tag of a heading without an id changes; every
other byte stays as it was, so a frozen copy that already has its ids comes back
identical.
"""

import html as html_module
import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.text import slugify

# A contents list with fewer entries than this does not help anyone find their way.
MIN_ENTRIES = 2
# Ids the page around the content area already uses.
RESERVED_IDS = frozenset({"main-content", "contents-title", "version-notice-title"})

_HEADING = re.compile(r"<h2(?P<attrs>(?:\s[^>]*)?)>(?P<inner>.*?)</h2\s*>", re.I | re.S)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the contents list: a heading's words and the id it links to."""

    text: str
    anchor: str

    @property
    def href(self):
        return f"#{self.anchor}"


def _id_of(attrs: str) -> str:
    found = _ID.search(attrs)
    return next((group for group in found.groups() if group), "") if found else ""


def _text_of(inner: str) -> str:
    return " ".join(html_module.unescape(_TAG.sub(" ", inner)).split())


def _unique_id(text: str, taken: set[str]) -> str:
    base = slugify(text)[:60].strip("-") or "section"
    anchor, number = base, 2
    while anchor in taken:
        anchor, number = f"{base}-{number}", number + 1
    taken.add(anchor)
    return anchor


def add_heading_ids(html: str) -> str:
    """``html`` with an id on every section heading; the same string if all had one."""
    return with_contents(html)[0]


@lru_cache(maxsize=64)
def with_contents(html: str) -> tuple[str, tuple[ContentsEntry, ...]]:
    """The content with an id on each section heading, and the contents list's entries.

    Ids come from the heading's words, in reading order, with -2, -3… for repeats, so the
    same wording always gets the same address.
    """
    taken = {_id_of(match.group(0)) for match in re.finditer(r"<[a-z][^>]*\sid=[^>]*>", html)}
    taken |= RESERVED_IDS
    entries: list[ContentsEntry] = []
    pieces: list[str] = []
    position = 0
    for heading in _HEADING.finditer(html):
        attrs, inner = heading.group("attrs"), heading.group("inner")
        text = _text_of(inner)
        if not text:
            continue
        anchor = _id_of(attrs)
        if not anchor:
            anchor = _unique_id(text, taken)
            pieces.append(html[position : heading.start()])
            pieces.append(f'<h2 id="{anchor}"{attrs}>{inner}</h2>')
            position = heading.end()
        entries.append(ContentsEntry(text, anchor))
    if not pieces:
        return html, tuple(entries)
    pieces.append(html[position:])
    return "".join(pieces), tuple(entries)


def contents_list(entries) -> tuple[ContentsEntry, ...]:
    """The entries worth showing as a contents list: none when there are too few."""
    return tuple(entries) if len(entries) >= MIN_ENTRIES else ()
