"""Keeping other people out of a subject-access export: staff named by role unless the
council chooses otherwise, fields about others replaced, and other people's full names
taken out of free text."""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

from reporting.access.enums import Role
from reporting.access.selectors import staff_names_among
from reporting.customers.selectors import customer_names_among

REDACTED = "[redacted: another person]"
STAFF_MEMBER = "a member of staff"
WORD = re.compile(r"[^\W\d_][\w'’-]*")
NOT_RECORDED = "—"


def redact_staff_names() -> bool:
    return getattr(settings, "SAR_REDACT_STAFF_NAMES", True)


# Each member of staff's role, looked up once per export however many records they made.
_roles_seen = ContextVar("subject_access_roles_seen", default=None)


@contextmanager
def remembering_roles():
    token = _roles_seen.set({})
    try:
        yield
    finally:
        _roles_seen.reset(token)


def _role(user):
    seen = _roles_seen.get()
    if seen is not None and user.pk in seen:
        return seen[user.pk]
    groups = {group.name for group in user.groups.all()}
    roles = [role for role in Role.ALL if role in groups]
    role = roles[-1] if roles else ""
    if seen is not None:
        seen[user.pk] = role
    return role


def staff_label(user):
    """A member of staff as the export names them: by role, or by name if the council
    chooses (``SAR_REDACT_STAFF_NAMES``)."""
    if user is None:
        return NOT_RECORDED
    if not redact_staff_names():
        return user.get_full_name() or user.get_username()
    role = _role(user)
    return f"{STAFF_MEMBER} ({role})" if role else STAFF_MEMBER


def about_others(value):
    """Text that names or describes other people: kept out, but its existence shown."""
    return REDACTED if value else NOT_RECORDED


def _name_pairs(text):
    """Each two words in a row, in lower case: the candidates for a full name (not only
    capitalised ones, since notes are not always typed with care)."""
    words = [word.lower() for word in WORD.findall(text)]
    return set(zip(words, words[1:], strict=False))


def redact_names_in_free_text(sections, customers):
    """Replace, in every answer, the full name of any other customer on record (and of
    any member of staff, unless staff are named) — never the person's own name."""
    texts = [
        text
        for section in sections
        for record in section.records
        for text in [*(value for _label, value in record.rows), *record.files]
    ]
    pairs = set().union(*(_name_pairs(text) for text in texts)) if texts else set()
    own = {(person.first_name.lower(), person.last_name.lower()) for person in customers}
    pairs -= own
    if not pairs:
        return
    others = customer_names_among(pairs, exclude_ids=[person.pk for person in customers])
    replacements = dict.fromkeys(others, REDACTED)
    if redact_staff_names():
        for pair in staff_names_among(pairs) - set(replacements):
            replacements[pair] = STAFF_MEMBER
    if not replacements:
        return
    pattern = re.compile(
        "|".join(rf"\b{re.escape(first)}\s+{re.escape(last)}\b" for first, last in replacements),
        re.IGNORECASE,
    )

    def replace(match):
        first, last = match.group(0).lower().split(maxsplit=1)
        return replacements.get((first, " ".join(last.split())), REDACTED)

    for section in sections:
        for record in section.records:
            record.rows = [(label, pattern.sub(replace, value)) for label, value in record.rows]
            record.files = [pattern.sub(replace, name) for name in record.files]
