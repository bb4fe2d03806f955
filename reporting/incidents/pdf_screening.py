"""Screening of PDFs attached as evidence.

A PDF can carry more than pages: scripts that run when it is opened, actions that start
another program, and whole files tucked inside it. Evidence is opened later by managers,
investigators and sometimes lawyers, so a PDF carrying any of these is turned away, and
so is one that cannot be read at all (damaged, or locked with a password), since nobody
could tell what it holds.

The check opens the file with pikepdf and looks at every object in it, together with the
dictionaries and arrays written inside each one. It does not follow references (each
object referred to is visited in its own turn), so every object is read once and the
work is bounded by the size of the file, which is itself capped.
"""

import io
from collections import deque

from django.core.exceptions import ValidationError

# pikepdf is imported when a PDF is first checked, not whenever the site starts.

SCRIPT = "script"
LAUNCH = "launch"
EMBEDDED = "embedded"

# Far more dictionaries and arrays than a genuine ten-megabyte PDF holds.
MAX_NODES = 500_000

REDO = "Print it to a new PDF and try again"
MESSAGES = {
    SCRIPT: "“{name}” contains a script, so it cannot be attached as evidence. " + REDO,
    LAUNCH: (
        "“{name}” contains an action that opens another program, so it cannot be "
        "attached as evidence. " + REDO
    ),
    EMBEDDED: (
        "“{name}” has other files inside it, so it cannot be attached as evidence. "
        "Attach those files separately, or print the PDF to a new PDF and try again"
    ),
}
LOCKED = (
    "“{name}” is protected by a password, so it cannot be checked or attached as evidence. "
    "Remove the password, or print it to a new PDF, and try again"
)
DAMAGED = (
    "“{name}” is damaged or is not a PDF we can read, so it cannot be attached as "
    "evidence. Open it to check it, print it to a new PDF and try again"
)
TOO_COMPLEX = (
    "“{name}” is too complicated for us to check, so it cannot be attached as evidence. " + REDO
)

# pikepdf's names compare equal to these strings.
JAVASCRIPT = "/JavaScript"
LAUNCH_ACTION = "/Launch"
FILESPEC = "/Filespec"
EMBEDDED_FILE = "/EmbeddedFile"
FILE_ATTACHMENT = "/FileAttachment"


class TooComplex(Exception):
    pass


def _finding(dictionary):
    """What is wrong with one dictionary, or None. Scripts are reported first."""
    keys = set(dictionary.keys())
    action = dictionary.get("/S")
    if action == JAVASCRIPT or "/JS" in keys or "/JavaScript" in keys:
        # An action running a script, or a names tree of document scripts.
        return SCRIPT
    if action == LAUNCH_ACTION:
        return LAUNCH
    kind = dictionary.get("/Type")
    if (
        "/EmbeddedFiles" in keys
        or kind == EMBEDDED_FILE
        or (kind == FILESPEC and "/EF" in keys)
        or ("/EF" in keys and "/F" in keys)
        or dictionary.get("/Subtype") == FILE_ATTACHMENT
    ):
        return EMBEDDED
    return None


def _children(container):
    import pikepdf

    if isinstance(container, pikepdf.Array):
        return list(container)
    return [value for _key, value in container.items()]


def findings(pdf):
    """The set of problems found anywhere in an open ``pikepdf.Pdf``."""
    import pikepdf

    found = set()
    visited = 0
    for item in pdf.objects:
        if isinstance(item, pikepdf.Stream):
            item = item.stream_dict
        if not isinstance(item, pikepdf.Dictionary | pikepdf.Array):
            continue
        waiting = deque([item])
        while waiting:
            node = waiting.popleft()
            visited += 1
            if visited > MAX_NODES:
                raise TooComplex
            if isinstance(node, pikepdf.Dictionary):
                problem = _finding(node)
                if problem:
                    found.add(problem)
            for child in _children(node):
                if not isinstance(child, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream):
                    continue  # names, numbers and strings hold nothing further
                if child.is_indirect:
                    continue  # visited in its own turn
                waiting.append(child.stream_dict if isinstance(child, pikepdf.Stream) else child)
    return found


def screen(upload, name):
    """Raise ValidationError, naming the file, if the PDF in ``upload`` may not be kept."""
    import pikepdf

    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            found = findings(pdf)
    except pikepdf.PasswordError:
        raise ValidationError(LOCKED.format(name=name), code="pdf_locked") from None
    except TooComplex:
        raise ValidationError(TOO_COMPLEX.format(name=name), code="pdf_complex") from None
    except Exception:  # anything a hostile or broken file can cause
        raise ValidationError(DAMAGED.format(name=name), code="pdf_damaged") from None
    for problem in (SCRIPT, LAUNCH, EMBEDDED):
        if problem in found:
            raise ValidationError(MESSAGES[problem].format(name=name), code=f"pdf_{problem}")
