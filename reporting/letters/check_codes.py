"""The short check code printed on every letter, which the public letter check asks for.

The code cannot come from the PDF's own SHA-256, because it is printed inside the PDF.
It is fixed before the PDF is made: an HMAC-SHA-256 over the letter's reference and its
words as sent (``body_text``), keyed with ``LETTER_CHECK_KEY`` (by default a key derived
from ``SECRET_KEY``). Keying it means someone holding a copy of the words, or guessing a
reference, still cannot work the code out. The first 50 bits are written as ten
characters of Crockford's base32 in two groups of five (``7KQ2M-X9D4T``): no I, L, O or
U, so it reads aloud and types without confusion. Codes are stored on the letter when it
is issued, so a later change of key never changes a letter's code.
"""

import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
# Crockford's decoding: letters easily mistaken for digits are read as those digits.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SALT = "safecontact.letters.check_code"


def _key():
    return getattr(settings, "LETTER_CHECK_KEY", "") or settings.SECRET_KEY


def check_code(reference: str, body_text: str) -> str:
    """The stored form of a letter's check code: ten characters, no separator."""
    message = f"{reference}\n{body_text}"
    digest = salted_hmac(_SALT, message, secret=_key(), algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * LENGTH)
    characters = []
    for _ in range(LENGTH):
        number, index = divmod(number, 32)
        characters.append(ALPHABET[index])
    return "".join(reversed(characters))


def display(code: str) -> str:
    """The code as printed: two groups of five joined by a hyphen."""
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code


def normalise(typed: str) -> str:
    """What someone typed, as a stored code would be: case, spaces and hyphens ignored,
    O read as 0 and I or L as 1. Empty when it cannot be a code."""
    text = "".join(str(typed or "").split()).replace("-", "").upper().translate(_READ_AS)
    if len(text) != LENGTH or any(character not in ALPHABET for character in text):
        return ""
    return text


def same_code(stored: str, typed: str) -> bool:
    """Whether a typed code is the stored one, compared in constant time."""
    if not stored:
        return False
    return hmac.compare_digest(stored.encode(), normalise(typed).encode())
