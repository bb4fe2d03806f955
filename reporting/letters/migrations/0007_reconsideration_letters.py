"""Letters telling a person the outcome of a reconsideration: the letter type, the link
from a letter to the reconsideration it answers, and a published template to start from,
written for the council in plain English."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

LETTER_TYPES = [
    ("warning", "Warning"),
    ("restriction", "Restriction decision"),
    ("review_continued", "Review: restriction continues"),
    ("variation", "Review: restriction varied"),
    ("review_lifted", "Review: restriction lifted"),
    ("ended", "Restriction has ended"),
    ("reconsideration", "Reconsideration outcome"),
]

SUBJECT = "We have looked again at our decision about how you contact us"

BODY = """Dear {customer_name}

Thank you for asking us to look again at our decision to limit how you contact \
{council_name}. We received your request on {request_date}. Someone who had no part in \
the original decision has now considered it: {decision_maker_role}, on {decision_date}.

## What we decided

{reconsideration_outcome}

## Why

{reconsideration_reasons}

## What happens next

{next_steps}

## If you are still unhappy

{ombudsman}

## The policy we have followed

We looked at your request under our policy on unacceptable behaviour. The version we \
relied on will always be available at this address, even after the policy changes:

{policy_link}

## If you need this letter in another way

{adjustments}

Yours sincerely

Customer Relations Team
{council_name}"""


def seed(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Revision = apps.get_model("wagtailcore.Revision")
    LetterTemplate = apps.get_model("letters.LetterTemplate")
    if LetterTemplate.objects.filter(letter_type="reconsideration").exists():
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="letters", model="lettertemplate"
    )
    now = timezone.now()
    template = LetterTemplate.objects.create(
        letter_type="reconsideration",
        subject=SUBJECT,
        body=BODY,
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
        object_str="Reconsideration outcome",
        content=get_serializable_data_for_fields(template),
    )
    template.latest_revision = revision
    template.live_revision = revision
    template.save(update_fields=["latest_revision", "live_revision"])


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0006_fill_check_codes"),
        ("restrictions", "0004_reconsideration"),
    ]

    operations = [
        migrations.AlterField(
            model_name="letter",
            name="letter_type",
            field=models.CharField(choices=LETTER_TYPES, max_length=20),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="letter_type",
            field=models.CharField(choices=LETTER_TYPES, max_length=20, unique=True),
        ),
        migrations.AddField(
            model_name="letter",
            name="reconsideration",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="letters",
                to="restrictions.reconsideration",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
