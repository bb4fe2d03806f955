"""The wording behind each placeholder: what a letter says of the person, the
restriction, its scope and dates, the reconsideration, the ombudsman and the policy,
and how a template's body becomes headings, paragraphs and lists."""

from dataclasses import dataclass

from django.utils import timezone

from home.dates import long_date
from reporting.customers.enums import PreferredLanguage
from reporting.restrictions.enums import Scope

from .enums import TemplateFormat
from .languages import values_for
from .placeholders import (
    HEADING_MARK,
    LIST_PLACEHOLDERS,
    PARAGRAPH_BREAK,
    PLACEHOLDER,
)


@dataclass(frozen=True)
class Block:
    """One part of a letter's body: a heading, a paragraph or a bulleted list."""

    kind: str  # "heading", "paragraph" or "list"
    text: str = ""
    items: tuple = ()

    @property
    def lines(self):
        return self.text.split("\n")


def _long_date(day):
    return long_date(day) if day else ""


def address_lines(customer):
    lines = [line.strip() for line in (customer.address or "").splitlines() if line.strip()]
    if customer.postcode and customer.postcode not in lines:
        lines.append(customer.postcode)
    return lines


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


def _reconsideration(wording, council, letter_date):
    """How to ask for a reconsideration, in the words of the reconsideration settings the
    policy page prints too."""
    by = wording.deadline(letter_date, nation=council.nation)
    contact = wording.contact or _council_contact(council)
    where = f" Write to {contact}." if contact else ""
    return (
        "If you think this decision is wrong, you can ask us to look at it again. Write to "
        f"us within {wording.period_words} of the date of this letter, that is by "
        f"{_long_date(by)}.{where} Tell us why you think the decision should change: for "
        "example, that a fact we relied on is wrong, that we missed something important, "
        "that you have new information, or that the restriction goes further than it needs "
        "to. The person who looks at it again took no part in the decision, and we will "
        "reply in writing."
    )


def _ombudsman(wording):
    """The ombudsmen the council's settings name, with how to reach each."""
    ombudsmen = wording.ombudsmen_in_order()
    if not ombudsmen:
        return (
            "If you are still unhappy once we have looked at the decision again, you can ask "
            "an ombudsman to consider it. Ask us which one deals with your complaint."
        )
    parts = [
        "If you are still unhappy once we have looked at the decision again, you can ask "
        "an ombudsman to consider it. An ombudsman is independent and free to use."
    ]
    for ombudsman in ombudsmen:
        ways = [
            f"visit {ombudsman.website_words}" if ombudsman.website else "",
            f"telephone {ombudsman.telephone}" if ombudsman.telephone else "",
        ]
        reach = " or ".join(way for way in ways if way)
        sentence = f"The {ombudsman.name} looks into {ombudsman.covers}"
        sentence += f": {reach}." if reach else "."
        if ombudsman.time_limit:
            sentence += f" It usually expects to hear from you {ombudsman.time_limit}."
        parts.append(sentence)
    return " ".join(parts)


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
        "decision_maker_role": restriction.decided_by_role,
        "decision_date": _long_date(timezone.localdate(restriction.decided_at))
        if restriction.decided_at
        else "",
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


# What each outcome of a reconsideration says first, keyed by its stored value.
_OUTCOME_WORDS = {
    "upheld": "We have looked again at our decision to limit how you contact us, and we "
    "have decided that it stands. The restriction continues as before.",
    "varied": "We have looked again at our decision to limit how you contact us, and we "
    "have decided to change the restriction.",
    "lifted": "We have looked again at our decision to limit how you contact us, and we "
    "have decided to lift the restriction.",
}


def _reconsideration_values(reconsideration, restriction):
    """What a reconsideration outcome letter says: the outcome, why, and what next."""
    outcome = reconsideration.outcome
    words = _OUTCOME_WORDS.get(outcome, "")
    if outcome == "varied" and reconsideration.changes:
        words = f"{words} {reconsideration.changes}"
    if outcome == "lifted":
        ended = restriction.ended_on or timezone.localdate(reconsideration.decided_at)
        words = f"{words} It ended on {_long_date(ended)} and no longer applies to you."
        next_steps = (
            "You can contact us in the usual ways again. You do not need to do anything "
            "more about this decision."
        )
    else:
        ends = (
            f" It lasts until {_long_date(restriction.ends_on)}."
            if restriction.ends_on
            else " It lasts until it is lifted at a review."
        )
        next_steps = (
            f"From now on, this is how you may contact us: {restriction.arrangements.rstrip('.')}."
            f"{ends} We will review it by {_long_date(restriction.review_on)} and write to "
            "you with the outcome. This is our final answer to your request."
        )
    decided = reconsideration.decided_at
    return {
        "request_date": _long_date(reconsideration.received_on),
        "reconsideration_outcome": words,
        "reconsideration_reasons": reconsideration.reasons,
        "next_steps": next_steps,
        "changes": reconsideration.changes,
        "decision_maker_role": reconsideration.decided_by_role,
        "decision_date": _long_date(timezone.localdate(decided)) if decided else "",
    }


def reference_wording(reference):
    return reference or "(given when the letter is issued)"


def letter_values(prepared):
    """What each placeholder becomes in this letter."""
    council, customer = prepared.council, prepared.customer
    version = prepared.policy_version
    values = {
        "council_name": council.name,
        "customer_name": customer.full_name,
        "customer_address": "\n".join(address_lines(customer)),
        "letter_date": _long_date(prepared.letter_date),
        "letter_reference": reference_wording(prepared.reference),
        "policy_link": version.permanent_url,
        "policy_version": f"{version.title}, version {version.number}, published "
        f"{_long_date(timezone.localdate(version.published_at))}",
        "adjustments": _adjustments(council),
        "reconsideration": _reconsideration(prepared.wording, council, prepared.letter_date),
        "ombudsman": _ombudsman(prepared.wording),
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
    reconsideration = getattr(prepared, "reconsideration", None)
    if reconsideration is not None:
        values.update(_reconsideration_values(reconsideration, restriction))
    language = getattr(prepared, "language", PreferredLanguage.ENGLISH)
    format = getattr(prepared, "format", TemplateFormat.STANDARD)
    return values_for(values, prepared, language, format)


def fill_text(text, values):
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
            blocks.append(Block("heading", fill_text(chunk[len(HEADING_MARK) :], values).strip()))
            continue
        filled = fill_text(chunk, values).strip()
        for paragraph in PARAGRAPH_BREAK.split(filled):
            if paragraph.strip():
                blocks.append(Block("paragraph", paragraph.strip()))
    return blocks
