"""Checks on the evidence files staff attach to a report.

A file is judged by what it contains, never by its name or by the type the browser
claims for it. Its first bytes (and, for saved e-mails, its structure) must be those of
a photo, a PDF, a sound recording or a saved e-mail, and the ending of its name must
agree with what it contains, so that a program or a web page renamed ``.pdf`` is turned
away. Every message names the file, so the person knows which one to change.
A PDF is also opened and refused if it carries scripts, launch actions or other files
(``pdf_screening``).

Nothing here writes to disk: the checks read the upload as Django received it.
"""

import hashlib
import math
import os
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from . import pdf_screening

MAX_FILES = 10
MAX_NAME_LENGTH = 200
# Enough to see the magic bytes, and the headers of a saved e-mail.
HEAD_BYTES = 64 * 1024

IMAGE_ENDINGS = frozenset({"jpg", "jpeg", "jpe", "png", "gif", "webp"})
AUDIO_ENDINGS = frozenset({"mp3", "wav", "m4a", "aac", "ogg", "oga", "opus"})
ALL_ENDINGS = IMAGE_ENDINGS | AUDIO_ENDINGS | {"pdf", "eml", "msg"}

WHAT_WE_ACCEPT = (
    "photos (JPEG, PNG, GIF or WebP), PDFs, sound recordings (MP3, WAV, M4A, AAC or OGG) "
    "or saved e-mails (EML or MSG)"
)


@dataclass(frozen=True)
class Kind:
    """A kind of file we accept: how to describe it, its content type, the endings its
    name may have, and the ending given to the stored copy."""

    description: str
    content_type: str
    endings: frozenset
    stored_ending: str


JPEG = Kind("a JPEG photo", "image/jpeg", IMAGE_ENDINGS, "jpg")
PNG = Kind("a PNG image", "image/png", IMAGE_ENDINGS, "png")
GIF = Kind("a GIF image", "image/gif", IMAGE_ENDINGS, "gif")
WEBP = Kind("a WebP image", "image/webp", IMAGE_ENDINGS, "webp")
PDF = Kind("a PDF", "application/pdf", frozenset({"pdf"}), "pdf")
MP3 = Kind("an MP3 recording", "audio/mpeg", AUDIO_ENDINGS, "mp3")
AAC = Kind("an AAC recording", "audio/aac", AUDIO_ENDINGS, "aac")
M4A = Kind("an M4A recording", "audio/mp4", AUDIO_ENDINGS, "m4a")
WAV = Kind("a WAV recording", "audio/wav", AUDIO_ENDINGS, "wav")
OGG = Kind("an OGG recording", "audio/ogg", AUDIO_ENDINGS, "ogg")
EML = Kind("a saved e-mail", "message/rfc822", frozenset({"eml"}), "eml")
MSG = Kind("a saved Outlook e-mail", "application/vnd.ms-outlook", frozenset({"msg"}), "msg")

# What a name's ending promises, for the message when the content breaks the promise.
PROMISED = {
    **dict.fromkeys(IMAGE_ENDINGS, "an image"),
    **dict.fromkeys(AUDIO_ENDINGS, "a sound recording"),
    "pdf": "a PDF",
    "eml": "a saved e-mail",
    "msg": "a saved Outlook e-mail",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Outlook keeps every message as named streams inside an OLE compound file; other OLE
# files (old Word or Excel documents) do not have these.
MSG_STREAMS = ("__properties_version1.0".encode("utf-16-le"), "__substg1.0_".encode("utf-16-le"))
MP4_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P "}
MP4_GENERAL_BRANDS = {b"isom", b"iso2", b"mp41", b"mp42"}

HEADER_LINE = re.compile(rb"[!-9;-~]+:[^\r\n]*")
CONTINUATION_LINE = re.compile(rb"[ \t][^\r\n]*")
MAIL_HEADERS = {
    b"from",
    b"to",
    b"cc",
    b"subject",
    b"date",
    b"message-id",
    b"received",
    b"return-path",
    b"mime-version",
    b"delivered-to",
    b"reply-to",
}


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed every check, with what we learnt about it."""

    upload: object
    name: str
    kind: Kind
    size: int
    sha256: str

    @property
    def content_type(self):
        return self.kind.content_type


def clean_name(name):
    """The file's own name, safe to store and show: no folders, no control or
    direction-changing characters, no leading dots, at most 200 characters."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    if not name:
        name = "evidence"
    if len(name) > MAX_NAME_LENGTH:
        stem, ending = os.path.splitext(name)
        ending = ending[:20]
        name = stem[: MAX_NAME_LENGTH - len(ending)] + ending
    return name


def ending_of(name):
    return os.path.splitext(name)[1].lower().lstrip(".")


def megabytes(size):
    """A size in MB to one decimal place, rounded up so that a file just over the limit
    never reads as exactly the limit."""
    tenths = math.ceil(size * 10 / (1024 * 1024))
    whole, tenth = divmod(tenths, 10)
    return f"{whole} MB" if tenth == 0 else f"{whole}.{tenth} MB"


def _looks_like_email(head):
    """True if ``head`` starts as an RFC 822 message does: header lines, then a blank line."""
    if b"\x00" in head:
        return False
    match = re.search(rb"\r?\n\r?\n", head)
    if match is None:
        return False
    lines = re.split(rb"\r?\n", head[: match.start()])
    if lines and lines[0].startswith(b"From "):  # the separator line of an mbox file
        lines = lines[1:]
    if not lines or not HEADER_LINE.fullmatch(lines[0]):
        return False
    names = set()
    for line in lines:
        if HEADER_LINE.fullmatch(line):
            names.add(line.split(b":", 1)[0].strip().lower())
        elif not CONTINUATION_LINE.fullmatch(line):
            return False
    return len(names & MAIL_HEADERS) >= 2


def _is_outlook_message(upload):
    """Read the whole file: the stream names may be anywhere in the compound file."""
    found = dict.fromkeys(MSG_STREAMS, False)
    tail = b""
    for chunk in upload.chunks():
        window = tail + chunk
        for marker in MSG_STREAMS:
            found[marker] = found[marker] or marker in window
        tail = window[-64:]
    return all(found.values())


def _ends_like_pdf(upload, size):
    upload.seek(max(0, size - 4096))
    return b"%%EOF" in upload.read(4096)


def _mp4_brands(head):
    box_size = int.from_bytes(head[0:4], "big")
    end = min(max(box_size, 16), len(head), 256)
    brands = {head[8:12]}
    brands.update(head[offset : offset + 4] for offset in range(16, end - 3, 4))
    return brands


def detect(upload, head, ending, size):
    """The kind of file ``upload`` holds, judged by its content, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"%PDF-"):
        return PDF if _ends_like_pdf(upload, size) else None
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"ID3"):
        return MP3
    if len(head) >= 2 and head[0] == 0xFF:
        second = head[1]
        if second & 0xF6 == 0xF0:  # the ADTS header of raw AAC
            return AAC
        if second & 0xE0 == 0xE0 and second & 0x06:  # an MPEG audio frame
            return MP3
    if head[4:8] == b"ftyp":
        brands = _mp4_brands(head)
        if brands & MP4_AUDIO_BRANDS or (brands & MP4_GENERAL_BRANDS and ending == "m4a"):
            return M4A
        return None
    if head.startswith(OLE_MAGIC):
        return MSG if _is_outlook_message(upload) else None
    if _looks_like_email(head):
        return EML
    return None


def check_file(upload):
    """Return a ``CheckedFile``, or raise ValidationError with a message naming the file."""
    name = clean_name(getattr(upload, "name", ""))
    ending = ending_of(name)
    size = upload.size or 0
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise ValidationError(
            f"“{name}” is {megabytes(size)}. Each file must be {megabytes(limit)} or smaller",
            code="too_big",
        )
    if size == 0:
        raise ValidationError(f"“{name}” is empty. Choose the file again", code="empty")
    if ending not in ALL_ENDINGS:
        raise ValidationError(
            f"“{name}” is not a kind of file we accept. Attach {WHAT_WE_ACCEPT}",
            code="not_accepted",
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    kind = detect(upload, head, ending, size)
    if kind is None or ending not in kind.endings:
        found = f" – it is {kind.description}" if kind else ""
        raise ValidationError(
            f"“{name}” is named as {PROMISED[ending]} but its content is not{found}. "
            f"Check you chose the right file. We accept {WHAT_WE_ACCEPT}",
            code="disguised",
        )
    if kind is PDF:
        pdf_screening.screen(upload, name)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload=upload, name=name, kind=kind, size=size, sha256=digest.hexdigest())


def check_files(uploads):
    """Check every upload. Raise one ValidationError listing each problem, or return the
    list of ``CheckedFile``."""
    uploads = [upload for upload in uploads if upload is not None]
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            f"Attach {MAX_FILES} files or fewer. You chose {len(uploads)}", code="too_many"
        )
    checked, problems = [], []
    for upload in uploads:
        try:
            checked.append(check_file(upload))
        except ValidationError as problem:
            problems.append(problem)
    if problems:
        raise ValidationError(problems)
    return checked
