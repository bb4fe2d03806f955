"""Letters to customers: preparing a letter from the live template and the record, and
issuing it. What templates may say is in ``placeholders``; which letter a case calls for
is in ``needs``.

A letter is prepared from the *published* revision of its type's template and the record
it answers (a warning, a restriction, or a restriction's latest review). Issuing gives it
the next reference of the year, renders the PDF, stores it with its SHA-256 and pins the
template revision and the policy version it cites. An issued letter never changes: a
correction is a new letter that supersedes it.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from home.dates import long_date
from home.models import CouncilSettings
from home.rules import RuleError
from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.access.permissions import StaffAccess
from reporting.customers.selectors import current_record
from reporting.restrictions.enums import Scope
from reporting.restrictions.models import CustomerWarning, Restriction, RestrictionReview

from .enums import LetterType
from .models import Letter, LetterSequence, LetterTemplate
from .needs import letters_called_for, why_not_called_for
from .pdf import render_letter_pdf
from .placeholders import (
    HEADING_MARK,
    LIST_PLACEHOLDERS,
    PARAGRAPH_BREAK,
    PLACEHOLDER,
    RECONSIDERATION_DAYS,
    template_problems,
)

# The letter as prepared --------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One part of a letter's body: a heading, a paragraph or a bulleted list."""

    kind: str  # "heading", "paragraph" or "list"
    text: str = ""
    items: tuple = ()

    @property
    def lines(self):
        return self.text.split("\n")


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
    letter_date: datetime.date
    warning: object = None
    restriction: object = None
    review: object = None
    reference: str = ""
    subject: str = ""
    blocks: list = field(default_factory=list)
    values: dict = field(default_factory=dict, repr=False)

    def fill_in(self, reference=""):
        """Fill the template in, with ``reference`` once the letter has one. The values
        are worked out once; giving the reference later only writes it in."""
        self.reference = reference
        if not self.values:
            self.values = letter_values(self)
        self.values["letter_reference"] = _reference_wording(reference)
        self.subject = " ".join(_fill(self.content.subject, self.values).split())
        self.blocks = fill_blocks(self.content.body, self.values)

    @property
    def record(self):
        return self.warning or self.restriction

    @property
    def type_label(self):
        return LetterType(self.letter_type).label

    @property
    def policy_url(self):
        return self.policy_version.permanent_url

    @property
    def address_lines(self):
        return [self.customer.full_name, *_address_lines(self.customer)]

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


def _long_date(day):
    return long_date(day) if day else ""


def _address_lines(customer):
    lines = [line.strip() for line in (customer.address or "").splitlines() if line.strip()]
    if customer.postcode and customer.postcode not in lines:
        lines.append(customer.postcode)
    return lines


def _council():
    return CouncilSettings.load()


def cited_policy_version(council=None):
    """The current published version of the policy the council's settings name for
    letters to cite; ``RuleError`` when there is none to cite."""
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


def live_template(letter_type):
    """The template of ``letter_type`` and its published revision, as a pair."""
    template = (
        LetterTemplate.objects.select_related("live_revision")
        .filter(letter_type=letter_type)
        .first()
    )
    if template is None or not template.live or template.live_revision is None:
        raise RuleError(
            f"There is no published template for {LetterType(letter_type).label.lower()} "
            "letters. A policy approver publishes one in the admin, under Letter templates"
        )
    return template, template.live_revision


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


# The wording behind each placeholder -------------------------------------------------


def _scope_wording(restriction):
    if restriction.scope == Scope.MATTER:
        covers = f"It covers your contact with us about {restriction.scope_matter.rstrip('.')}."
    elif restriction.scope == Scope.SERVICE:
        names = [area.name for area in restriction.service_areas.order_by("name")]
        covers = f"It covers your contact with {_and_list(names)}."
        if len(names) > 1:
            covers = f"It covers your contact with these services: {_and_list(names)}."
    else:
        covers = "It covers your contact with every part of the council."
    return (
        f"{covers} It applies to you only, not to other people in your household or "
        "anyone you work with."
    )


def _and_list(names):
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _council_contact(council):
    ways = []
    if council.address_lines:
        ways.append(f"by post to {', '.join(council.address_lines)}")
    if council.email:
        ways.append(f"by e-mail to {council.email}")
    return " or ".join(ways)


def _reconsideration(restriction, council, letter_date):
    by = letter_date + datetime.timedelta(days=RECONSIDERATION_DAYS)
    contact = _council_contact(council)
    how = f" You can write {contact}." if contact else ""
    return (
        "If you think this decision is wrong, you can ask us to look at it again. Write to "
        f"{restriction.reconsideration_contact} within {RECONSIDERATION_DAYS} days of the "
        f"date of this letter, that is by {_long_date(by)}.{how} Tell us why you think the "
        "decision should change: for example, that a fact we relied on is wrong, that we "
        "missed something important, that you have new information, or that the "
        "restriction goes further than it needs to. The person who looks at it again took "
        "no part in the decision, and we will reply in writing."
    )


OMBUDSMAN = (
    "If you are still unhappy once we have looked at the decision again, you can ask the "
    "Local Government and Social Care Ombudsman to consider it. The ombudsman is "
    "independent and free to use: visit www.lgo.org.uk or telephone 0300 061 0614. If your "
    "complaint is about your council tenancy or your home, the Housing Ombudsman deals with "
    "it instead: visit www.housing-ombudsman.org.uk or telephone 0300 111 3000. An "
    "ombudsman normally expects a complaint within 12 months of when you first knew about "
    "the problem."
)


def _adjustments(council):
    ways = []
    if council.telephone:
        ways.append(f"telephone {council.telephone}")
    if council.email:
        ways.append(f"e-mail {council.email}")
    how = f" To ask, {' or '.join(ways)}." if ways else " Please tell us if you need this."
    return (
        "We can send this letter in large print, in Easy Read, in another language or in "
        "another format, and we can make other changes to help you deal with us."
        f"{how} Asking for this will not affect how we treat you."
    )


def _restriction_values(restriction, council, letter_date):
    ends = restriction.ends_on
    return {
        "behaviour": restriction.behaviour,
        "reasons": restriction.reasons,
        "restrictions": [t.letter_wording for t in restriction.types.all()],
        "arrangements": restriction.arrangements,
        "scope": _scope_wording(restriction),
        "named_contact": restriction.named_contact
        or "There is no single named contact; please use the ways set out in this letter.",
        "essential_services": restriction.essential_services,
        "start_date": _long_date(restriction.starts_on),
        "end_date": f"until {_long_date(ends)}" if ends else "until it is lifted at a review",
        "review_date": _long_date(restriction.review_on),
        "next_review_date": _long_date(restriction.review_on),
        "decision_maker_role": (
            "an officer authorised to decide restrictions, who took no part in the events "
            "this letter describes"
        ),
        "decision_date": _long_date(timezone.localdate(restriction.decided_at))
        if restriction.decided_at
        else "",
        "reconsideration": _reconsideration(restriction, council, letter_date),
        "ombudsman": OMBUDSMAN,
    }


def _ended_values(restriction, review):
    ended = restriction.ended_on
    if ended is None and review is not None:
        ended = timezone.localdate(review.reviewed_at)
    ended = ended or timezone.localdate()
    return {
        "ended_date": _long_date(ended),
        "restriction_ended": (
            "The restriction on how you contact us, which started on "
            f"{_long_date(restriction.starts_on)}, ended on {_long_date(ended)}. It no "
            "longer applies to you."
        ),
    }


def _reference_wording(reference):
    return reference or "(given when the letter is issued)"


def letter_values(prepared):
    """What each placeholder becomes in this letter."""
    council, customer = prepared.council, prepared.customer
    version = prepared.policy_version
    values = {
        "council_name": council.name,
        "customer_name": customer.full_name,
        "customer_address": "\n".join(_address_lines(customer)),
        "letter_date": _long_date(prepared.letter_date),
        "letter_reference": _reference_wording(prepared.reference),
        "policy_link": version.permanent_url,
        "policy_version": f"{version.title}, version {version.number}, published "
        f"{_long_date(timezone.localdate(version.published_at))}",
        "adjustments": _adjustments(council),
    }
    warning, restriction, review = prepared.warning, prepared.restriction, prepared.review
    if warning is not None:
        values.update(
            behaviour=warning.behaviour,
            change_expected=warning.change_expected,
            consequences=warning.consequences,
        )
    if restriction is not None:
        values.update(_restriction_values(restriction, council, prepared.letter_date))
        values.update(_ended_values(restriction, review))
    if review is not None:
        values.update(review_reasons=review.reasons, changes=review.changes)
        if review.next_review_on:
            values["next_review_date"] = _long_date(review.next_review_on)
    return values


def _fill(text, values):
    def value(match):
        found = values.get(match.group(1).strip(), "")
        if isinstance(found, list | tuple):
            return " ".join(found)
        return found

    return PLACEHOLDER.sub(value, text)


def fill_blocks(body, values):
    """Split ``body`` into headings, paragraphs and lists, with placeholders filled in."""
    blocks = []
    for chunk in PARAGRAPH_BREAK.split((body or "").replace("\r\n", "\n").strip()):
        chunk = chunk.strip()
        if not chunk:
            continue
        alone = PLACEHOLDER.fullmatch(chunk)
        if alone and alone.group(1).strip() in LIST_PLACEHOLDERS:
            items = tuple(values.get(alone.group(1).strip()) or ())
            blocks.append(Block("list", items=items))
            continue
        if chunk.startswith(HEADING_MARK):
            blocks.append(Block("heading", _fill(chunk[len(HEADING_MARK) :], values).strip()))
            continue
        filled = _fill(chunk, values).strip()
        for paragraph in PARAGRAPH_BREAK.split(filled):
            if paragraph.strip():
                blocks.append(Block("paragraph", paragraph.strip()))
    return blocks


def prepare_letter(
    letter_type, *, warning=None, restriction=None, review=None, reference="", on=None
):
    """Fill in the live template of ``letter_type`` for the record, citing the current
    version of the council's policy. Raises ``RuleError`` when it cannot be written."""
    warning, restriction, review = _check_state(
        letter_type, warning=warning, restriction=restriction, review=review
    )
    council = _council()
    version = cited_policy_version(council)
    template, revision = live_template(letter_type)
    content = revision.as_object()
    if template_problems(letter_type, content.subject, content.body):
        raise RuleError(
            "The published template for this letter is missing something it must say. A "
            "policy approver corrects and publishes it again"
        )
    record = warning or restriction
    prepared = PreparedLetter(
        letter_type=letter_type,
        customer=current_record(record.customer),
        template=template,
        revision=revision,
        content=content,
        policy_version=version,
        council=council,
        letter_date=on or timezone.localdate(),
        warning=warning,
        restriction=restriction,
        review=review,
    )
    prepared.fill_in(reference)
    return prepared


# Issuing -----------------------------------------------------------------------------


def reference_prefix(council_name):
    """The letters before each reference: the initials of the council's name."""
    prefix = getattr(settings, "LETTER_REFERENCE_PREFIX", "")
    if not prefix:
        prefix = "".join(word[0] for word in council_name.split() if word[:1].isupper())
    return (prefix or "L")[:5].upper()


def next_reference(year, prefix):
    """The next reference of ``year``: numbers run 1, 2, 3… without gaps, because the
    year's row stays locked until the letter that takes the number is saved."""
    LetterSequence.objects.bulk_create([LetterSequence(year=year)], ignore_conflicts=True)
    sequence = LetterSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{sequence.last_number:05d}"


def _check_supersedes(supersedes, prepared):
    if supersedes is None:
        return None
    earlier = Letter.objects.select_for_update().filter(pk=supersedes.pk).first()
    same_record = earlier is not None and (
        earlier.letter_type == prepared.letter_type
        and earlier.warning_id == getattr(prepared.warning, "pk", None)
        and earlier.restriction_id == getattr(prepared.restriction, "pk", None)
        and earlier.review_id == getattr(prepared.review, "pk", None)
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
def issue_letter(letter_type, *, by, warning=None, restriction=None, review=None, supersedes=None):
    """Issue the letter: give it the next reference, render and store its PDF with its
    SHA-256, pin the template revision and policy version, and write the audit trail."""
    # Lock the record so that its state cannot change while its letter is written.
    warning = _lock(CustomerWarning, warning)
    restriction = _lock(Restriction, restriction)
    review = _lock(RestrictionReview, review)
    prepared = prepare_letter(letter_type, warning=warning, restriction=restriction, review=review)
    if not StaffAccess(by).can_issue_letters(prepared.customer):
        raise RuleError("Only a manager who can open this person's record issues letters")
    earlier = _check_supersedes(supersedes, prepared)

    issued_at = timezone.now()
    year = timezone.localdate(issued_at).year
    prepared.fill_in(next_reference(year, reference_prefix(prepared.council.name)))
    data = render_letter_pdf(prepared)
    letter = Letter(
        reference=prepared.reference,
        letter_type=letter_type,
        customer=prepared.customer,
        warning=prepared.warning,
        restriction=prepared.restriction,
        review=prepared.review,
        template=prepared.template,
        template_revision=prepared.revision,
        policy_version=prepared.policy_version,
        policy_url=prepared.policy_url,
        subject=prepared.subject,
        body_text=prepared.body_text,
        sha256=hashlib.sha256(data).hexdigest(),
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
    return letter


def _audit_issue(letter, prepared, earlier, by):
    record = prepared.record
    note = f"{prepared.type_label} letter for {record.reference}"
    if earlier is not None:
        note += f", replacing {earlier.reference}"
    audit.record(actor=by, action=AuditAction.CREATE, obj=letter, note=note)
