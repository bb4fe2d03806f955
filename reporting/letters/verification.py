"""The public letter check: does a reference and check code belong to an issued letter,
and is an uploaded PDF byte for byte the one issued? Every check is logged as a
``LetterCheck`` row holding only when, the outcome and (when it matched) the letter;
nothing typed is kept, logged or written to the server's logs.

The answer for a wrong code and for a reference that does not exist is the same, and
takes the same path (a constant-time comparison against a stand-in code), so the check
never tells anyone whether a reference exists.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.db import transaction

from .check_codes import LENGTH, same_code
from .enums import CheckOutcome
from .models import Letter, LetterCheck

# Compared against when no letter has the reference, so both paths do the same work.
_STAND_IN = "0" * LENGTH


@dataclass(frozen=True)
class CheckAnswer:
    """What the public check may say: the outcome and, when it matched, the letter."""

    outcome: str
    letter: Letter | None = None
    replaced: bool = False

    @property
    def matched(self) -> bool:
        return self.letter is not None

    @property
    def pdf_checked(self) -> bool:
        return self.outcome in (CheckOutcome.PDF_MATCHED, CheckOutcome.PDF_DIFFERS)


def sha256_of(upload) -> str:
    """The SHA-256 of an uploaded file, read in chunks; the upload is not kept."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def normalise_reference(typed: str) -> str:
    return "".join(str(typed or "").split()).upper()


@transaction.atomic
def check_letter(*, reference: str, code: str, pdf_sha256: str = "") -> CheckAnswer:
    """Check a typed reference and code (and an uploaded PDF's SHA-256, if given), and
    log the check."""
    letter = (
        Letter.objects.select_related("policy_version")
        .filter(reference=normalise_reference(reference))
        .first()
    )
    matches = same_code(letter.check_code if letter else _STAND_IN, code)
    if letter is None or not matches:
        LetterCheck.objects.create(outcome=CheckOutcome.NOT_MATCHED)
        return CheckAnswer(CheckOutcome.NOT_MATCHED)
    if not pdf_sha256:
        outcome = CheckOutcome.MATCHED
    elif hmac.compare_digest(pdf_sha256.encode(), letter.sha256.encode()):
        outcome = CheckOutcome.PDF_MATCHED
    else:
        outcome = CheckOutcome.PDF_DIFFERS
    LetterCheck.objects.create(outcome=outcome, letter=letter)
    replaced = Letter.objects.filter(supersedes=letter).exists()
    return CheckAnswer(outcome, letter, replaced)


def record_refused() -> None:
    """Log a check refused because the address made too many wrong attempts."""
    LetterCheck.objects.create(outcome=CheckOutcome.LIMITED)
