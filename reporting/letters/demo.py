"""The demo council's letters: a large-print and an Easy Read restriction letter template,
published beside the standard ones, and the demo restriction's letter, issued as a manager
issues it (the letter tells the person, so the restriction comes into force today)."""

from reporting.customers.enums import PreferredLanguage
from reporting.restrictions.enums import RestrictionStatus
from reporting.restrictions.models import Restriction

from .enums import LetterType, TemplateFormat
from .models import Letter, LetterTemplate
from .services import issue_letter

LARGE_PRINT_RESTRICTION = (
    "We are limiting how you contact us",
    """Dear {customer_name}

We have decided to limit, for a time, how you contact {council_name}.

This letter tells you why, what changes, what stays the same, and what you can do if \
you disagree.

{decision_maker_role} made this decision on {decision_date}.

## Why we decided this

{behaviour}

{reasons}

## What changes from {start_date}

{restrictions}

{arrangements}

{scope}

Your contact: {named_contact}

## What stays the same

We will go on dealing with your enquiries. You keep every service you are entitled to.

## Essential services and emergencies

{essential_services}

## How long this lasts

It starts on {start_date} and lasts {end_date}.

We will review it by {review_date}. An officer will look at how contact has gone and \
decide whether to keep, change or lift the limits. We will write to tell you.

## If you disagree

{reconsideration}

{ombudsman}

## The policy we followed

We followed our policy on unacceptable behaviour. The version we used stays at this \
address:

{policy_link}

## This letter in another way

{adjustments}

Yours sincerely

Customer Relations Team
{council_name}""",
)

EASY_READ_RESTRICTION = (
    "We are changing how you can contact us",
    """Dear {customer_name}

This letter is from {council_name}.

We have made a decision about you.

We are changing how you can contact us.

This is for a time only.

## Who decided

{decision_maker_role} decided.

They decided on {decision_date}.

## Why we decided this

This is what happened.

{behaviour}

This is why we decided to do this.

{reasons}

## What changes

These things change.

{restrictions}

This is how you can contact us now.

{arrangements}

{scope}

Your contact at the council: {named_contact}

## What stays the same

Everything else stays the same.

We will still help you.

You can still use our services.

## Help in an emergency

{essential_services}

## When it starts and stops

It starts on {start_date}.

It lasts {end_date}.

We will look at it again by {review_date}.

This is called a review.

At the review we look at how things have gone.

Then we keep the changes, alter them or stop them.

We will write to you to tell you.

## If you do not agree

{reconsideration}

{ombudsman}

## Our rules

We used our rules to decide.

The rules are called a policy.

You can read the policy here:

{policy_link}

## Help with this letter

{adjustments}

From the Customer Relations Team

{council_name}""",
)

# (type, format, language): (subject, body)
TEMPLATES = {
    (
        LetterType.RESTRICTION,
        TemplateFormat.LARGE_PRINT,
        PreferredLanguage.ENGLISH,
    ): LARGE_PRINT_RESTRICTION,
    (
        LetterType.RESTRICTION,
        TemplateFormat.EASY_READ,
        PreferredLanguage.ENGLISH,
    ): EASY_READ_RESTRICTION,
}


def publish_template(letter_type, format, language, subject, body, *, by=None):
    """Add a template of ``letter_type`` in ``format`` and ``language`` and publish it, as a
    policy approver does in the admin. Returns the template."""
    template = LetterTemplate.objects.create(
        letter_type=letter_type,
        format=format,
        language=language,
        subject=subject,
        body=body,
        live=False,
    )
    template.save_revision(user=by).publish(user=by)
    template.refresh_from_db()
    return template


def load(context):
    added = 0
    for (letter_type, format, language), (subject, body) in TEMPLATES.items():
        if not LetterTemplate.objects.filter(
            letter_type=letter_type, format=format, language=language
        ).exists():
            publish_template(letter_type, format, language, subject, body)
            added += 1
    if added:
        context.report(f"published {added} large-print and Easy Read letter templates")
    if Letter.objects.exists():
        return
    restriction = (
        Restriction.objects.filter(status=RestrictionStatus.DECIDED).order_by("pk").first()
    )
    if restriction is None:
        return
    issue_letter(
        LetterType.RESTRICTION, by=context.user("housing.manager"), restriction=restriction
    )
    context.report(
        f"issued the restriction letter for {restriction.reference}, which brings it into force"
    )
