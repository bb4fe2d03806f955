"""The placeholders letter templates may use and what each type of letter must say.

The rules of a template's wording, checked when it is edited and again by every way of
publishing it (``LetterTemplate.publish``), so no template goes live missing what its
letter must say.
"""

import re

from django.core.exceptions import ValidationError

from .enums import LetterType

# Every placeholder a template may use, with what it becomes. docs/letters.md lists them.
PLACEHOLDERS = {
    "council_name": "The council's name, from its settings.",
    "customer_name": "The person's full name.",
    "customer_address": "The person's postal address, one line per row.",
    "letter_date": "The date the letter is issued, such as 23 November 2026.",
    "letter_reference": "The letter's own reference, such as FDC-2026-00042.",
    "behaviour": "The behaviour relied on, with examples and dates, as recorded.",
    "reasons": "The reasons for the restriction, as recorded.",
    "restrictions": "The chosen restrictions in the catalogue's letter wording. On a "
    "paragraph of its own it becomes a bulleted list.",
    "arrangements": "Exactly how the person may contact the council now.",
    "scope": "What the restriction covers (one matter, some services or the whole "
    "council), and that it binds the person only.",
    "named_contact": "The officer, team or mailbox to use, or a sentence saying there is none.",
    "essential_services": "How essential services and urgent help stay reachable.",
    "start_date": "The date the restriction starts.",
    "end_date": "“until 23 February 2027”, or “until it is lifted at a review” when no "
    "end date is set.",
    "review_date": "The date of the next review of the restriction.",
    "decision_maker_role": "The role of the person who decided (never their name).",
    "decision_date": "The date of the decision.",
    "change_expected": "What the warning asks the person to change.",
    "consequences": "What the council will do if the behaviour continues.",
    "review_reasons": "The reasons given at the review.",
    "changes": "What a review changed, for a varied restriction.",
    "next_review_date": "The date of the next review after this one.",
    "ended_date": "The date the restriction ended.",
    "restriction_ended": "A plain sentence saying that the restriction has ended and no "
    "longer applies, with the date.",
    "reconsideration": "How to ask for the decision to be looked at again: to whom, by "
    "when (the period in the reconsideration settings, counted from the letter's date) and "
    "on what grounds.",
    "ombudsman": "The right to go to the ombudsmen the reconsideration settings name, how "
    "to reach each, and the time limit.",
    "policy_link": "The permanent address of the policy version the letter relies on.",
    "policy_version": "The policy's title, version number and publication date.",
    "adjustments": "An offer of large print, Easy Read, another language or other help.",
    "request_date": "The date the request for reconsideration was received.",
    "reconsideration_outcome": "A plain sentence of what was decided on reconsideration: "
    "the decision stands, the restriction changes, or it ends.",
    "reconsideration_reasons": "The reasons given for the outcome of the reconsideration.",
    "next_steps": "What happens next: the restriction as it now stands and its next review, "
    "or that the person may contact the council in the usual ways again.",
}

# Placeholders holding several items: a paragraph of just one of these is a list.
LIST_PLACEHOLDERS = frozenset({"restrictions"})

_SAYS_IT_ENDED = ("restriction_ended", "policy_link", "adjustments")

# What each type of letter must contain, following docs/letters.md and the checklist of
# what restriction decisions and letters must hold.
REQUIRED_PLACEHOLDERS = {
    LetterType.WARNING: (
        "behaviour",
        "change_expected",
        "consequences",
        "policy_link",
        "adjustments",
    ),
    LetterType.RESTRICTION: (
        "behaviour",
        "reasons",
        "restrictions",
        "arrangements",
        "scope",
        "essential_services",
        "start_date",
        "end_date",
        "review_date",
        "decision_maker_role",
        "decision_date",
        "reconsideration",
        "ombudsman",
        "policy_link",
        "adjustments",
    ),
    LetterType.REVIEW_CONTINUED: (
        "review_reasons",
        "restrictions",
        "arrangements",
        "next_review_date",
        "reconsideration",
        "ombudsman",
        "policy_link",
        "adjustments",
    ),
    LetterType.VARIATION: (
        "review_reasons",
        "changes",
        "restrictions",
        "arrangements",
        "scope",
        "essential_services",
        "end_date",
        "next_review_date",
        "reconsideration",
        "ombudsman",
        "policy_link",
        "adjustments",
    ),
    LetterType.REVIEW_LIFTED: ("review_reasons", *_SAYS_IT_ENDED),
    LetterType.ENDED: _SAYS_IT_ENDED,
    LetterType.RECONSIDERATION: (
        "reconsideration_outcome",
        "reconsideration_reasons",
        "next_steps",
        "ombudsman",
        "policy_link",
        "adjustments",
    ),
}

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
HEADING_MARK = "## "


def placeholders_in(text):
    """The placeholder names in ``text``, in order of first use."""
    return list(dict.fromkeys(match.strip() for match in PLACEHOLDER.findall(text or "")))


def _braces_unbalanced(text):
    return bool(re.search(r"[{}]", PLACEHOLDER.sub("", text or "")))


def _named(names):
    return ", ".join("{" + name + "}" for name in names)


def template_problems(letter_type, subject, body):
    """What stops a template from being published, as {field name: message}: unknown
    placeholders, stray curly brackets, and placeholders its letter type requires."""
    errors = {}
    for name, text in (("subject", subject), ("body", body)):
        unknown = [p for p in placeholders_in(text) if p not in PLACEHOLDERS]
        problems = []
        if unknown:
            problems.append(
                f"There is no placeholder called {_named(unknown)}. Check the spelling "
                "against the list of placeholders"
            )
        if _braces_unbalanced(text):
            problems.append(
                "A curly bracket is not part of a placeholder. Placeholders look like "
                "{customer_name}"
            )
        if problems:
            errors[name] = ". ".join(problems)
    used = set(placeholders_in(subject)) | set(placeholders_in(body))
    missing = [p for p in REQUIRED_PLACEHOLDERS.get(letter_type, ()) if p not in used]
    if missing:
        label = LetterType(letter_type).label.lower() if letter_type else "this"
        message = f"A {label} letter must include {_named(missing)}"
        errors["body"] = f"{errors['body']}. {message}" if "body" in errors else message
    return errors


def check_publishable(template):
    """Raise ``ValidationError`` if ``template`` (the content about to go live) may not be
    published. Every way of publishing a letter template goes through this."""
    errors = template_problems(template.letter_type, template.subject, template.body)
    if errors:
        raise ValidationError(
            {
                name: f"This template cannot be published. {message}."
                for name, message in errors.items()
            }
        )
