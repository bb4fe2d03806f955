"""Letters to customers: preparing a letter from the live template and the record, and
issuing it. What templates may say is in ``placeholders``; which letter a case calls for
is in ``needs``; what a letter cannot go without is in ``readiness``; how references are
numbered is in ``references``.

A letter is prepared from the *published* revision of its type's template and the record
it answers (a warning, a restriction, or a restriction's latest review). Issuing gives it
the next reference of the year, renders the PDF, stores it with its SHA-256 and pins the
template revision and the policy version it cites. An issued letter never changes: a
correction is a new letter that supersedes it.

The PDF prints the reference, so the reference must be known before the PDF is made; yet
taking a reference locks the year's counter until the transaction ends, and every letter
of the council waits for that lock. So the PDF is rendered *before* the counter is
locked, with the reference the letter will get if no other letter comes first
(``references.predict``); the number is then taken (``references.take``) just before the
inserts. If another letter took the predicted number meanwhile, the letter is rendered
again with the number it got, so its PDF always prints its own reference and check code.
Numbers stay gapless because the counter moves only in the transaction that saves the
letter (references.py explains why).
"""

import copy
import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from home.immutable import in_retention_path
from home.models import CouncilSettings, ReconsiderationSettings
from home.rules import RuleError
from home.stored_files import delete_files_on_commit
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.permissions import StaffAccess
from reporting.customers.enums import PreferredLanguage
from reporting.customers.selectors import current_record
from reporting.customers.services import lock_customer
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import (
    CustomerWarning,
    Reconsideration,
    Restriction,
    RestrictionReview,
)
from reporting.restrictions.services.decisions import (
    bring_into_force,
    dates_if_told_on,
    mark_warning_given,
)

from . import check_codes, references
from .delivery import queue_delivery
from .enums import LetterType, TemplateFormat
from .models import Letter, LetterTemplate, template_title
from .needs import (
    letters_called_for,
    reconsideration_letter,
    why_no_reconsideration_letter,
    why_not_called_for,
)
from .pdf import render_letter_pdf
from .placeholders import template_problems
from .readiness import missing_for_issue
from .wording import address_lines, fill_blocks, fill_text, letter_values, reference_wording

logger = logging.getLogger(__name__)

# The letter as prepared --------------------------------------------------------------


@dataclass
class PreparedLetter:
    """A letter filled in and ready to show or issue; nothing is stored yet."""

    letter_type: str
    customer: object
    template: LetterTemplate
    revision: object
    content: LetterTemplate  # the template as published in ``revision``
    policy_version: object
    council: object
    wording: object  # the reconsideration settings: period, contact, ombudsmen
    letter_date: datetime.date
    warning: object = None
    restriction: object = None
    review: object = None
    reconsideration: object = None
    reference: str = ""
    check_code: str = ""  # given at issue, with the reference (check_codes.py)
    subject: str = ""
    blocks: list = field(default_factory=list)
    values: dict = field(default_factory=dict, repr=False)

    def fill_in(self, reference=""):
        """Fill the template in, with ``reference`` once the letter has one. The values
        are worked out once; giving the reference later only writes it in."""
        self.reference = reference
        if not self.values:
            self.values = letter_values(self)
        self.values["letter_reference"] = reference_wording(reference)
        self.subject = " ".join(fill_text(self.content.subject, self.values).split())
        self.blocks = fill_blocks(self.content.body, self.values)

    @property
    def record(self):
        return self.reconsideration or self.warning or self.restriction

    @property
    def format(self):
        """The layout the letter is written for: standard, large print or Easy Read."""
        return self.template.format

    @property
    def language(self):
        return self.template.language

    @property
    def type_label(self):
        return LetterType(self.letter_type).label

    @property
    def policy_url(self):
        return self.policy_version.permanent_url

    @property
    def newer_version(self):
        """The policy's latest version, when one was published after the version cited."""
        latest = self.policy_version.latest_version
        return latest if latest.number > self.policy_version.number else None

    @property
    def address_lines(self):
        return [self.customer.full_name, *address_lines(self.customer)]

    @property
    def body_text(self):
        """The words of the letter as plain text, as kept with the issued letter."""
        parts = []
        for block in self.blocks:
            if block.kind == "list":
                parts.append("\n".join(f"• {item}" for item in block.items))
            else:
                parts.append(block.text)
        return "\n\n".join(parts)


def _council():
    return CouncilSettings.load()


def cited_policy_version(council=None):
    """The current published version of the policy the council's settings name, for a
    letter whose record pinned none; ``RuleError`` when there is none to cite."""
    council = council or _council()
    page = council.cited_policy_page
    if page is None:
        raise RuleError(
            "Letters must cite the council's policy, but the council's settings do not name "
            "one. An administrator sets “The policy whose current published version letters "
            "cite” in the admin, under Settings, then Council settings"
        )
    version = page.current_version if page.live else None
    if version is None:
        raise RuleError(
            f"Letters cite “{page.title}”, but it has no published version. Publish the "
            "policy before issuing letters"
        )
    return version


def letter_format(customer):
    """The template format and language a letter to ``customer`` is written from: their
    preferred format when a template is written for it (large print, Easy Read), else
    standard print, which is also what Braille and translations are made from."""
    preferred = customer.preferred_format
    fmt = preferred if preferred in TemplateFormat.values else TemplateFormat.STANDARD
    return fmt, customer.preferred_language or PreferredLanguage.ENGLISH


def live_template(letter_type, format=TemplateFormat.STANDARD, language=PreferredLanguage.ENGLISH):
    """The template of ``letter_type`` in ``format`` and ``language`` and its published
    revision, as a pair. ``RuleError`` naming the template to write when there is none."""
    template = (
        LetterTemplate.objects.select_related("live_revision")
        .filter(letter_type=letter_type, format=format, language=language)
        .first()
    )
    if template is None or not template.live or template.live_revision is None:
        title = template_title(letter_type, format, language)
        if (format, language) == (TemplateFormat.STANDARD, PreferredLanguage.ENGLISH):
            raise RuleError(
                f"There is no published template for {LetterType(letter_type).label.lower()} "
                "letters. A policy approver publishes one in the admin, under Letter templates"
            )
        needs = _needs_words(format, language)
        raise RuleError(
            f"This person needs letters {needs}, but the template “{title}” is not "
            "published, so this letter cannot be written. A policy approver writes and "
            "publishes it in the admin, under Letter templates, choosing that type, format "
            "and language. Nothing has been issued"
        )
    return template, template.live_revision


def _needs_words(format, language):
    parts = []
    if format == TemplateFormat.LARGE_PRINT:
        parts.append("in large print")
    elif format == TemplateFormat.EASY_READ:
        parts.append("in Easy Read")
    if language == PreferredLanguage.WELSH:
        parts.append("in Welsh")
    return " and ".join(parts)


def _check_state(letter_type, *, warning, restriction, review):
    """Find the record the letter answers, refusing a letter the record's state does not
    call for (``needs.letters_called_for``). Returns (warning, restriction, review)."""
    if letter_type not in LetterType.values:
        raise RuleError("There is no such type of letter")
    if letter_type == LetterType.WARNING:
        if warning is None:
            raise RuleError("A warning letter is written about a warning")
        return warning, None, None
    if restriction is None:
        restriction = review.restriction if review is not None else None
    if restriction is None:
        raise RuleError("This letter is written about a restriction")
    for needed in letters_called_for(restriction):
        answers_it = review is None or needed.review is None or needed.review.pk == review.pk
        if needed.letter_type == letter_type and answers_it:
            return None, restriction, needed.review
    raise RuleError(why_not_called_for(letter_type, restriction, review))


def relied_on_version(*, warning, restriction, review, reconsideration=None):
    """The policy version the record's decision relied on: the reconsideration's for its
    outcome letter, the review's for a review letter, else the restriction's or the
    warning's, pinned when it was decided."""
    for record in (reconsideration, review, restriction, warning):
        if record is not None and record.policy_version_id is not None:
            return record.policy_version
    return None


def _as_if_told_on(restriction, day):
    """A decided restriction as its letter will state it: in force from ``day`` (or its
    later planned start), with its dates running from then. Nothing is saved."""
    if restriction is None or restriction.status != RestrictionStatus.DECIDED:
        return restriction
    told = copy.copy(restriction)
    told.starts_on, told.ends_on, told.review_on = dates_if_told_on(restriction, day)
    return told


def _check_reconsideration(letter_type, reconsideration):
    """The reconsideration an outcome letter answers, refusing one not decided yet."""
    if letter_type != LetterType.RECONSIDERATION and reconsideration is not None:
        raise RuleError("A letter about a reconsideration tells the person its outcome")
    if letter_type != LetterType.RECONSIDERATION:
        return None
    if reconsideration is None or reconsideration_letter(reconsideration) is None:
        raise RuleError(why_no_reconsideration_letter(reconsideration))
    return reconsideration


def prepare_letter(
    letter_type,
    *,
    warning=None,
    restriction=None,
    review=None,
    reconsideration=None,
    reference="",
    on=None,
):
    """Fill in the live template of ``letter_type`` for the record, citing the version
    of the council's policy the decision relied on (the current one when it pinned
    none). Raises ``RuleError`` when it cannot be written."""
    reconsideration = _check_reconsideration(letter_type, reconsideration)
    if reconsideration is not None:
        warning, restriction, review = None, reconsideration.restriction, None
    else:
        warning, restriction, review = _check_state(
            letter_type, warning=warning, restriction=restriction, review=review
        )
    letter_date = on or timezone.localdate()
    restriction = _as_if_told_on(restriction, letter_date)
    council = _council()
    version = relied_on_version(
        warning=warning, restriction=restriction, review=review, reconsideration=reconsideration
    )
    version = version or cited_policy_version(council)
    record = warning or restriction
    customer = current_record(record.customer)
    template, revision = live_template(letter_type, *letter_format(customer))
    content = revision.as_object()
    if template_problems(letter_type, content.subject, content.body):
        raise RuleError(
            "The published template for this letter is missing something it must say. A "
            "policy approver corrects and publishes it again"
        )
    prepared = PreparedLetter(
        letter_type=letter_type,
        customer=customer,
        template=template,
        revision=revision,
        content=content,
        policy_version=version,
        council=council,
        wording=ReconsiderationSettings.load(),
        letter_date=letter_date,
        warning=warning,
        restriction=restriction,
        review=review,
        reconsideration=reconsideration,
    )
    prepared.fill_in(reference)
    return prepared


# Issuing -----------------------------------------------------------------------------


def _check_supersedes(supersedes, prepared):
    if supersedes is None:
        return None
    earlier = Letter.objects.select_for_update().filter(pk=supersedes.pk).first()
    same_record = earlier is not None and (
        earlier.letter_type == prepared.letter_type
        and earlier.warning_id == getattr(prepared.warning, "pk", None)
        and earlier.restriction_id == getattr(prepared.restriction, "pk", None)
        and earlier.review_id == getattr(prepared.review, "pk", None)
        and earlier.reconsideration_id == getattr(prepared.reconsideration, "pk", None)
    )
    if not same_record:
        raise RuleError(
            "A corrected letter replaces a letter of the same type about the same record"
        )
    if Letter.objects.filter(supersedes=earlier).exists():
        raise RuleError(f"Letter {earlier.reference} has already been replaced")
    return earlier


def _lock(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk) if obj is not None else None


@transaction.atomic
def issue_letter(
    letter_type,
    *,
    by,
    warning=None,
    restriction=None,
    review=None,
    reconsideration=None,
    supersedes=None,
    now=None,
):
    """Issue the letter: give it the next reference, render and store its PDF with its
    SHA-256, pin the template revision and policy version, and write the audit trail.

    Issuing is what tells the person: a warning by letter counts from today, and a
    decided restriction comes into force today (or on its later planned start). ``now``
    is for demo content and tests only; the staff pages never pass it."""
    issued_at = now or timezone.now()
    letter_date = timezone.localdate(issued_at)
    # Lock the person, then the record, so that its state cannot change while its letter
    # is written; the person first, as every write about one person does.
    if reconsideration is not None:
        restriction = restriction or reconsideration.restriction
    record = warning or restriction or (review.restriction if review is not None else None)
    lock_customer(getattr(record, "customer_id", None))
    warning = _lock(CustomerWarning, warning)
    restriction = _lock(Restriction, restriction)
    review = _lock(RestrictionReview, review)
    reconsideration = _lock(Reconsideration, reconsideration)
    prepared = prepare_letter(
        letter_type,
        warning=warning,
        restriction=restriction,
        review=review,
        reconsideration=reconsideration,
        on=letter_date,
    )
    if not StaffAccess(by).can_issue_letters(restriction or warning or review.restriction):
        raise RuleError("Only a manager who can open this person's record issues letters")
    missing = missing_for_issue(prepared)
    if missing:
        raise RuleError(errors={item.field: item.message for item in missing})
    earlier = _check_supersedes(supersedes, prepared)
    if letter_type == LetterType.WARNING and warning.given_on is None:
        prepared.warning = mark_warning_given(warning=warning, on=letter_date, by=by)
    if letter_type == LetterType.RESTRICTION and restriction.status == RestrictionStatus.DECIDED:
        prepared.restriction = bring_into_force(restriction=restriction, on=letter_date, by=by)

    # The slow part, the PDF, is made before the year's counter is locked, with the number
    # the letter will get unless another letter takes it first (references.py).
    year = letter_date.year
    prefix = references.reference_prefix(prepared.council.name)
    predicted = references.predict(year)
    data = _fill_in_and_render(prepared, references.reference(prefix, year, predicted))
    # From here until the transaction ends the counter is locked: only the inserts follow.
    number = references.take(year)
    if number != predicted:
        # Another letter took the predicted number: this one prints the number it got.
        data = _fill_in_and_render(prepared, references.reference(prefix, year, number))
    letter = Letter(
        reference=prepared.reference,
        letter_type=letter_type,
        customer=prepared.customer,
        warning=prepared.warning,
        restriction=prepared.restriction,
        review=prepared.review,
        reconsideration=prepared.reconsideration,
        template=prepared.template,
        template_revision=prepared.revision,
        policy_version=prepared.policy_version,
        policy_url=prepared.policy_url,
        subject=prepared.subject,
        channel=prepared.customer.preferred_channel,
        format=prepared.customer.preferred_format,
        language=prepared.language,
        body_text=prepared.body_text,
        sha256=hashlib.sha256(data).hexdigest(),
        check_code=prepared.check_code,
        size=len(data),
        issued_by=by,
        issued_at=issued_at,
        supersedes=earlier,
    )
    letter.pdf.save(f"{prepared.reference}.pdf", ContentFile(data), save=False)
    try:
        letter.save()
        _audit_issue(letter, prepared, earlier, by)
    except Exception:
        # Nothing is kept of a letter that was not saved, its PDF included.
        letter.pdf.storage.delete(letter.pdf.name)
        raise
    _queue_delivery(letter)
    return letter


def _queue_delivery(letter):
    """Queue the letter's sending through GOV.UK Notify when it is configured (delivery.py).
    Whatever goes wrong there is logged and the letter stays issued, to be posted by hand."""
    try:
        with transaction.atomic():
            queue_delivery(letter)
    except Exception:
        logger.exception("Could not queue letter %s for GOV.UK Notify", letter.reference)


def _fill_in_and_render(prepared, reference):
    """Write ``reference`` and its check code into the letter and render its PDF."""
    prepared.fill_in(reference)
    prepared.check_code = check_codes.check_code(prepared.reference, prepared.body_text)
    return render_letter_pdf(prepared)


def _audit_issue(letter, prepared, earlier, by):
    record = prepared.record
    note = f"{prepared.type_label} letter for {record.reference}"
    if earlier is not None:
        note += f", replacing {earlier.reference}"
    audit.record(actor=by, action=AuditAction.CREATE, obj=letter, note=note)


def remove_letters_for_retention(*, letters) -> tuple[int, int]:
    """Delete issued letters and their PDFs under the retention schedule; returns (letters,
    files). Only works inside ``home.immutable.retention_path()``, which the schedule opens:
    anywhere else the letters' guards refuse. Newest first, so a letter that supersedes
    another goes before the one it replaced."""
    if not in_retention_path():
        raise RuleError("Issued letters leave only under the retention schedule.")
    removed = files = 0
    for letter in letters.order_by("-issued_at", "-pk"):
        files += delete_files_on_commit([letter.pdf])
        Letter.objects.filter(pk=letter.pk).delete()
        removed += 1
    return removed, files
