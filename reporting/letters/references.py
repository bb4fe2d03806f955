"""Letter references: ``<initials>-<year>-<number>``, such as ``FDC-2026-00042``. In each
year the numbers run 1, 2, 3… with no gaps and no repeats.

The year's ``LetterSequence`` row holds the last number used. Taking a number locks that
row until the transaction ends, so a letter that takes one must not then do anything
slow: every other letter of the council queues behind it. Issuing
(``services.issue_letter``) therefore works in this order:

1. ``predict(year)`` reads the counter *without* locking it: the number the letter will
   get if no other letter is issued first. The letter is filled in with that reference,
   its check code worked out and its PDF rendered, with the counter free.
2. ``take(year)`` then locks the row, moves it on by one and returns the number. Only the
   inserts follow (the PDF file, the letter, its audit event) before the transaction ends.
3. If the number taken is the one predicted, which is nearly always so, the PDF already
   rendered is the letter's. If another letter took that number in the meantime, the
   letter is filled in and rendered again with the number taken, under the lock: slower
   for that letter, but never wrong, and each letter renders at most twice.

Gapless: the counter moves only in ``take``, in the same transaction as the letter's own
insert, so a number is used exactly when the letter holding it is saved. A render that
fails before ``take`` has changed nothing; anything that fails after it (a second render,
the insert, the audit, or the request that issued the letter) rolls the counter back
with the letter. Unique: numbers come only from the locked row, one transaction at a
time, and ``Letter.reference`` is unique besides. The PDF always prints the reference
stored on the letter, because the letter is rendered again whenever the two differ.
"""

from django.conf import settings

from .models import LetterSequence


def reference_prefix(council_name):
    """The letters before each reference: the initials of the council's name."""
    prefix = getattr(settings, "LETTER_REFERENCE_PREFIX", "")
    if not prefix:
        prefix = "".join(word[0] for word in council_name.split() if word[:1].isupper())
    return (prefix or "L")[:5].upper()


def reference(prefix, year, number):
    """The reference of letter ``number`` of ``year``."""
    return f"{prefix}-{year}-{number:05d}"


def predict(year):
    """The number the next letter of ``year`` gets if no other letter is issued first.
    Reads the counter without locking it, so it may already be out of date."""
    last = LetterSequence.objects.filter(year=year).values_list("last_number", flat=True)
    return (last.first() or 0) + 1


def take(year):
    """Lock the year's counter, move it on by one and return the new number. The row stays
    locked until the transaction ends: call this as late as possible, with nothing slow
    after it."""
    sequence = LetterSequence.objects.select_for_update().filter(year=year).first()
    if sequence is None:
        # The year's first letter: make the row (another letter may be making it too),
        # then lock it.
        LetterSequence.objects.bulk_create([LetterSequence(year=year)], ignore_conflicts=True)
        sequence = LetterSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number
