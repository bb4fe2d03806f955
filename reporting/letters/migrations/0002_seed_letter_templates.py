"""Start each type of letter with a published template in plain English, and let policy
approvers edit and publish them. Information governance and health and safety may read
issued letters in the admin."""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

SIGN_OFF = """Yours sincerely

Customer Relations Team
{council_name}"""

HELP = """## If you need this letter in another way

{adjustments}"""

POLICY = """## The policy we have followed

We made this decision under our policy on unacceptable behaviour. The version in force \
today will always be available at this address, even after the policy changes:

{policy_link}"""

DISAGREE = """## If you disagree

{reconsideration}

{ombudsman}"""

TEMPLATES = {
    "warning": (
        "A warning about your behaviour towards our staff",
        f"""Dear {{customer_name}}

We are writing about the way you have behaved when dealing with {{council_name}}. We \
want to help you, and we also need our staff to be safe and treated with respect while \
they do their work.

## What happened

{{behaviour}}

Behaviour like this is not acceptable under our policy, which you can read at \
{{policy_link}}

## What we are asking you to do

{{change_expected}}

## What will happen if it continues

{{consequences}}

This letter is a warning only. We have not limited how you contact us, and you can \
still use all of our services in the usual way.

{HELP}

{SIGN_OFF}""",
    ),
    "restriction": (
        "We are limiting how you contact us",
        f"""Dear {{customer_name}}

We have decided to limit, for a time, how you contact {{council_name}}. This letter \
explains why, what changes and what stays the same, how to reach essential services, and \
what you can do if you disagree.

The decision was made on {{decision_date}} by {{decision_maker_role}}.

## Why we made this decision

{{behaviour}}

{{reasons}}

## What changes

From {{start_date}}:

{{restrictions}}

{{arrangements}}

{{scope}}

Your contact: {{named_contact}}

Everything else stays the same. We will go on dealing with your enquiries and providing \
the services you are entitled to.

## Essential services and emergencies

{{essential_services}}

## How long this lasts

This starts on {{start_date}} and lasts {{end_date}}. We will review it by \
{{review_date}}. At the review an officer looks at how contact has gone since this \
decision and decides whether to keep, change or lift the limits. We will write to you \
with the outcome.

{DISAGREE}

{POLICY}

{HELP}

{SIGN_OFF}""",
    ),
    "review_continued": (
        "Review of the limits on how you contact us: they continue",
        f"""Dear {{customer_name}}

We have reviewed our decision to limit how you contact {{council_name}}. We have decided \
that the limits should stay in place, unchanged, for now.

## Why

{{review_reasons}}

## What still applies

{{restrictions}}

{{arrangements}}

The limits last {{end_date}}. We will review them again by {{next_review_date}}, and \
write to you with the outcome.

{DISAGREE}

{POLICY}

{HELP}

{SIGN_OFF}""",
    ),
    "variation": (
        "Review of the limits on how you contact us: they have changed",
        f"""Dear {{customer_name}}

We have reviewed our decision to limit how you contact {{council_name}}. We have decided \
to change the limits. This letter sets out the limits as they stand now.

## Why

{{review_reasons}}

## What has changed

{{changes}}

## What applies now

{{restrictions}}

{{arrangements}}

{{scope}}

Your contact: {{named_contact}}

## Essential services and emergencies

{{essential_services}}

## How long this lasts

The limits now last {{end_date}}. We will review them again by {{next_review_date}}, \
and write to you with the outcome.

{DISAGREE}

{POLICY}

{HELP}

{SIGN_OFF}""",
    ),
    "review_lifted": (
        "The limits on how you contact us have been lifted",
        f"""Dear {{customer_name}}

We have reviewed our decision to limit how you contact {{council_name}}, and we have \
decided to lift the limits.

{{restriction_ended}}

From now on you can contact us in the usual ways.

## Why

{{review_reasons}}

{POLICY}

{HELP}

{SIGN_OFF}""",
    ),
    "ended": (
        "The limits on how you contact us have ended",
        f"""Dear {{customer_name}}

We are writing to let you know that the limits on how you contact {{council_name}} have \
come to an end.

{{restriction_ended}}

From now on you can contact us in the usual ways.

{POLICY}

{HELP}

{SIGN_OFF}""",
    ),
}

LABELS = {
    "warning": "Warning",
    "restriction": "Restriction decision",
    "review_continued": "Review: restriction continues",
    "variation": "Review: restriction varied",
    "review_lifted": "Review: restriction lifted",
    "ended": "Restriction has ended",
}


def _permission(apps, model, action):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="letters", model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"{action}_{model}",
        defaults={"name": f"Can {action} {model.replace('letter', 'letter ')}".strip()},
    )
    return permission


def grant(apps):
    Group = apps.get_model("auth.Group")
    approvers = Group.objects.filter(name="Policy approver").first()
    if approvers:
        approvers.permissions.add(
            *(
                _permission(apps, "lettertemplate", action)
                for action in ("add", "change", "view", "publish")
            )
        )
    readers = Group.objects.filter(name__in=["Information governance", "Health and safety"])
    view_letter = _permission(apps, "letter", "view")
    for group in readers:
        group.permissions.add(view_letter)


def seed(apps, schema_editor):
    grant(apps)
    ContentType = apps.get_model("contenttypes.ContentType")
    Revision = apps.get_model("wagtailcore.Revision")
    LetterTemplate = apps.get_model("letters.LetterTemplate")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="letters", model="lettertemplate"
    )
    now = timezone.now()
    for letter_type, (subject, body) in TEMPLATES.items():
        if LetterTemplate.objects.filter(letter_type=letter_type).exists():
            continue
        template = LetterTemplate.objects.create(
            letter_type=letter_type,
            subject=subject,
            body=body,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
        )
        # A published revision, as Wagtail's own publishing makes: letters pin it.
        revision = Revision.objects.create(
            content_type=content_type,
            base_content_type=content_type,
            object_id=str(template.pk),
            created_at=now,
            object_str=LABELS[letter_type],
            content=get_serializable_data_for_fields(template),
        )
        template.latest_revision = revision
        template.live_revision = revision
        template.save(update_fields=["latest_revision", "live_revision"])


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_initial"),
        ("access", "0002_staff_roles"),
        ("policy_pages", "0002_roles_and_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
