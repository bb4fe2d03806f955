"""Compare two published versions of a page, word by word, from their frozen copies.

`compare_html()` is pure: it takes two HTML strings and says which parts were kept,
added, removed or reworded. `VersionComparisonMixin` serves the result at
``<page url>versions/<n>/compare/<m>/``.
"""

import difflib
import re
from dataclasses import dataclass
from functools import cached_property

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from django.http import Http404
from django.shortcuts import redirect
from wagtail.contrib.routable_page.models import path

SAME = "same"
ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"

# Elements whose text is one unit of the comparison, and what to call each unit.
UNIT_KINDS = {
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "summary": "heading",
    "caption": "heading",
    "p": "paragraph",
    "li": "item",
    "dt": "key",
    "dd": "value",
    "th": "cell",
    "td": "cell",
}
# Other elements that start a new line of text, so never join the text either side.
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "pre",
        "section",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
# Elements with no readable wording, such as a poster's QR code.
SKIPPED_TAGS = frozenset({"script", "style", "svg", "template", "noscript", "img", "iframe"})
STRUCTURE_TAGS = [*UNIT_KINDS, *BLOCK_TAGS]

# Two reworded units are paired when at least this share of their words still match;
# below it, the old one is shown as removed and the new one as added.
PAIRING_CUTOFF = 0.5
# How many unchanged units to show either side of a change; longer runs are collapsed.
CONTEXT = 1

_TOKENS = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Unit:
    """One block of text from a frozen copy: a heading, paragraph, list item or cell."""

    kind: str
    text: str


@dataclass(frozen=True)
class Segment:
    """A run of words that was kept, added or removed."""

    text: str
    change: str

    @property
    def is_added(self):
        return self.change == ADDED

    @property
    def is_removed(self):
        return self.change == REMOVED


@dataclass(frozen=True)
class Row:
    """One unit of the comparison: kept, added, removed, or changed in some words."""

    change: str
    kind: str
    segments: tuple[Segment, ...]

    @property
    def old_text(self):
        return "".join(s.text for s in self.segments if s.change != ADDED)

    @property
    def new_text(self):
        return "".join(s.text for s in self.segments if s.change != REMOVED)

    @property
    def text(self):
        """The wording as it now reads, or as it read for a removed unit."""
        return self.old_text if self.change == REMOVED else self.new_text


@dataclass(frozen=True)
class Section:
    """Consecutive rows shown together; a collapsed section holds only unchanged rows."""

    rows: tuple[Row, ...]
    collapsed: bool = False


@dataclass(frozen=True)
class Comparison:
    rows: tuple[Row, ...]

    def _count(self, change):
        return sum(1 for row in self.rows if row.change == change)

    @property
    def added(self):
        return self._count(ADDED)

    @property
    def removed(self):
        return self._count(REMOVED)

    @property
    def changed(self):
        return self._count(CHANGED)

    @property
    def has_changes(self):
        return any(row.change != SAME for row in self.rows)

    @cached_property
    def sections(self):
        return group_rows(self.rows, context=CONTEXT)


# --- Splitting HTML into units ------------------------------------------------------


def _is_skipped(tag: Tag) -> bool:
    return tag.name in SKIPPED_TAGS or tag.get("aria-hidden") == "true" or tag.has_attr("hidden")


def _text_of(node) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, PreformattedString):  # comments, doctypes and the like
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag) and not _is_skipped(child):
            parts.append(_inline_text(child))
    return "".join(parts)


def _inline_text(tag: Tag) -> str:
    if tag.name == "br":
        return " "
    if "govuk-visually-hidden" in tag.get("class", ()):
        # Read aloud as a word of its own, as in "Warning" before a warning.
        return f" {_text_of(tag)} "
    return _text_of(tag)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _collect(node, kind: str, units: list[Unit]) -> None:
    loose: list[str] = []

    def flush():
        text = _normalise("".join(loose))
        if text:
            units.append(Unit(kind, text))
        loose.clear()

    for child in node.children:
        if isinstance(child, PreformattedString):
            continue
        if isinstance(child, NavigableString):
            loose.append(str(child))
            continue
        if not isinstance(child, Tag) or _is_skipped(child):
            continue
        holds_blocks = child.find(STRUCTURE_TAGS) is not None
        if child.name in UNIT_KINDS and not holds_blocks:
            flush()
            text = _normalise(_text_of(child))
            if text:
                units.append(Unit(UNIT_KINDS[child.name], text))
        elif child.name in UNIT_KINDS or child.name in BLOCK_TAGS or holds_blocks:
            flush()
            _collect(child, UNIT_KINDS.get(child.name, kind), units)
        else:
            loose.append(_inline_text(child))
    flush()


def split_units(html: str) -> list[Unit]:
    """The block-level text units of ``html``, in reading order, whitespace tidied."""
    units: list[Unit] = []
    _collect(BeautifulSoup(html or "", "html.parser"), "text", units)
    return units


# --- Word differences ---------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _words(text: str) -> list[str]:
    return [token for token in _TOKENS.findall(text) if not token.isspace()]


def _merge_changes(chunks):
    """Join neighbouring changed chunks into one; chunks are [old, new, is_same]."""
    merged = []
    for chunk in chunks:
        if merged and not chunk[2] and not merged[-1][2]:
            merged[-1] = [merged[-1][0] + chunk[0], merged[-1][1] + chunk[1], False]
        else:
            merged.append(list(chunk))
    return merged


def _absorb_short_equalities(chunks):
    """Fold a kept run into the changes either side when it has no more words than either.

    Without this, rewording "the quick brown" as "a slow red" would alternate removed
    and added words around each kept space, which is hard to read and to hear. Words
    are counted, not characters, so "end the" kept between two one-word changes stays.
    """

    def size(text):
        return len(_words(text))

    while True:
        chunks = _merge_changes(chunks)
        for index in range(1, len(chunks) - 1):
            before, kept, after = chunks[index - 1], chunks[index], chunks[index + 1]
            if not kept[2] or before[2] or after[2]:
                continue
            words = size(kept[0])
            if words <= max(size(before[0]), size(before[1])) and words <= max(
                size(after[0]), size(after[1])
            ):
                chunks[index] = [kept[0], kept[1], False]
                break
        else:
            return chunks


def diff_words(old: str, new: str) -> tuple[Segment, ...]:
    """What changed between two pieces of text, as kept, removed and added runs."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    chunks = [
        ["".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2]), tag == "equal"]
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    segments = []
    for old_text, new_text, is_same in _absorb_short_equalities(chunks):
        if is_same:
            segments.append(Segment(new_text, SAME))
            continue
        if old_text:
            segments.append(Segment(old_text, REMOVED))
        if new_text:
            segments.append(Segment(new_text, ADDED))
    return tuple(segments)


# --- Aligning units -----------------------------------------------------------------


def _whole(unit: Unit, change: str) -> Row:
    return Row(change, unit.kind, (Segment(unit.text, change),))


def _pair_replaced(old_units, new_units) -> list[Row]:
    """Rows for a stretch where old units gave way to new ones.

    The most alike old and new unit are shown as one reworded unit, and the stretches
    before and after that pair are treated the same way; units too unlike any other are
    shown as removed, then added.
    """
    if not old_units or not new_units:
        return [_whole(u, REMOVED) for u in old_units] + [_whole(u, ADDED) for u in new_units]
    old_words = [_words(unit.text) for unit in old_units]
    best, best_ratio = None, 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    for j, new_unit in enumerate(new_units):
        matcher.set_seq2(_words(new_unit.text))
        for i, words in enumerate(old_words):
            matcher.set_seq1(words)
            floor = max(best_ratio, PAIRING_CUTOFF)
            if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                continue
            ratio = matcher.ratio()
            if ratio >= PAIRING_CUTOFF and ratio > best_ratio:
                best, best_ratio = (i, j), ratio
    if best is None:
        return [_whole(u, REMOVED) for u in old_units] + [_whole(u, ADDED) for u in new_units]
    i, j = best
    reworded = Row(CHANGED, new_units[j].kind, diff_words(old_units[i].text, new_units[j].text))
    return [
        *_pair_replaced(old_units[:i], new_units[:j]),
        reworded,
        *_pair_replaced(old_units[i + 1 :], new_units[j + 1 :]),
    ]


def compare_html(old_html: str, new_html: str) -> Comparison:
    """Compare two HTML documents unit by unit, then word by word within reworded units.

    Only wording counts: a unit whose text is the same in both is unchanged, even if its
    markup (a paragraph turned into a list item, say) is not.
    """
    old_units, new_units = split_units(old_html), split_units(new_html)
    matcher = difflib.SequenceMatcher(
        None, [u.text for u in old_units], [u.text for u in new_units], autojunk=False
    )
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(_whole(unit, SAME) for unit in new_units[j1:j2])
        else:
            rows.extend(_pair_replaced(old_units[i1:i2], new_units[j1:j2]))
    return Comparison(tuple(rows))


def group_rows(rows, *, context: int = CONTEXT) -> tuple[Section, ...]:
    """Split rows into sections, collapsing unchanged runs away from any change.

    Each change keeps ``context`` unchanged rows either side in view. A run of a single
    unchanged row is never collapsed: hiding it would save nothing.
    """
    changes = [index for index, row in enumerate(rows) if row.change != SAME]
    shown = [
        any(abs(index - change) <= context for change in changes) for index in range(len(rows))
    ]
    sections: list[Section] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index < len(rows) and shown[index] == shown[start]:
            continue
        run = tuple(rows[start:index])
        collapsed = not shown[start] and len(run) > 1
        if sections and not collapsed and not sections[-1].collapsed:
            sections[-1] = Section(sections[-1].rows + run)
        else:
            sections.append(Section(run, collapsed=collapsed))
        start = index
    return tuple(sections)


# --- A draft awaiting approval ------------------------------------------------------


@dataclass(frozen=True)
class DraftChanges:
    """What approving a page's latest draft would publish, beside its change note: the
    content word by word, and the title and summary where they change."""

    change_note: str
    live_number: int | None
    comparison: Comparison
    title: tuple[Segment, ...] | None = None
    summary: tuple[Segment, ...] | None = None

    @property
    def has_changes(self):
        return bool(self.comparison.has_changes or self.title or self.summary)


def _changed_words(old: str, new: str):
    old, new = _normalise(old or ""), _normalise(new or "")
    return diff_words(old, new) if old != new else None


def draft_changes(page) -> DraftChanges | None:
    """Compare the draft that approval would publish (the page's latest revision, with
    anything saved since it was submitted) with the version live now, from the draft's
    content frozen as publishing would freeze it."""
    from .versions import freeze_content

    revision = page.get_latest_revision()
    if revision is None:
        return None
    draft = revision.as_object()
    live = page.current_version if page.live else None
    return DraftChanges(
        change_note=(draft.change_note or "").strip(),
        live_number=live.number if live else None,
        comparison=compare_html(live.content_html if live else "", freeze_content(draft)),
        title=_changed_words(live.title, draft.title) if live else None,
        summary=_changed_words(page.summary, draft.summary) if live else None,
    )


# --- The view -----------------------------------------------------------------------


class VersionComparisonMixin:
    """Adds ``versions/<n>/compare/<m>/`` to a versioned page, and ``versions/compare/``,
    where the reader chooses the two versions.

    The two numbers may come in either order; the page always shows the changes from
    the older version to the newer one, read from their frozen copies.
    """

    def versions_to_choose(self):
        """Every published version of the page, newest first, without its frozen copy."""
        from .models import PublishedVersion

        return list(
            PublishedVersion.objects.filter(page_id=self.pk)
            .order_by("-number")
            .defer("content_html")
        )

    def compare_form(self, versions, older=None, newer=None):
        """The form for choosing two versions, showing ``older`` and ``newer`` if given,
        else the latest version and the one before it; None with fewer than two."""
        from .forms import CompareVersionsForm

        if len(versions) < 2:
            return None
        if older is None:
            older, newer = versions[1].number, versions[0].number
        return CompareVersionsForm(versions=versions, initial={"from": older, "to": newer})

    @path("versions/compare/", name="choose_compare")
    def choose_compare_view(self, request):
        from .forms import CompareVersionsForm

        versions = self.versions_to_choose()
        if not request.GET or len(versions) < 2:
            form = self.compare_form(versions)
        else:
            form = CompareVersionsForm(request.GET, versions=versions)
            if form.is_valid():
                older, newer = form.older_and_newer()
                return redirect(self.url + self.reverse_subpage("compare", args=(newer, older)))
        response = self.render(
            request,
            template="policy_pages/version_choose.html",
            context_overrides={"form": form, "versions": versions},
        )
        if form is not None and form.is_bound:
            # Choices that cannot be compared: say so, and keep the page out of caches.
            response.status_code = 400
        return response

    @path("versions/<int:number>/compare/<int:other>/", name="compare")
    def compare_view(self, request, number, other):
        from .models import PublishedVersion

        if number == other:
            raise Http404("A version cannot be compared with itself")
        found = {
            version.number: version
            for version in PublishedVersion.objects.filter(
                page_id=self.pk, number__in=(number, other)
            )
        }
        if len(found) != 2:
            raise Http404("No such version")
        older, newer = found[min(number, other)], found[max(number, other)]
        change_notes = PublishedVersion.objects.filter(
            page_id=self.pk, number__gt=older.number, number__lte=newer.number
        ).order_by("number")
        return self.render(
            request,
            template="policy_pages/version_compare.html",
            context_overrides={
                "older": older,
                "newer": newer,
                "change_notes": change_notes,
                "comparison": compare_html(older.content_html, newer.content_html),
                "form": self.compare_form(self.versions_to_choose(), older.number, newer.number),
            },
        )
