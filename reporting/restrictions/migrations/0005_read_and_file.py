"""Read and file: the named reader becomes a person whose tasks the customer's items land
in, and each item the customer sends is logged, with its attachments and its reading.

The free-text reader of earlier decisions is carried over: a name, username or e-mail
address that matches exactly one user names that user; anything else is kept, word for
word, at the end of the decision's arrangements, so nothing a decision said is lost."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

import reporting.incidents.models


def _matching_user(User, text):
    first, _, last = text.partition(" ")
    found = User.objects.filter(
        Q(username__iexact=text)
        | Q(email__iexact=text)
        | Q(first_name__iexact=first, last_name__iexact=last.strip())
    )
    users = list(found[:2])
    return users[0] if len(users) == 1 else None


def carry_readers_over(apps, schema_editor):
    Restriction = apps.get_model("restrictions.Restriction")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for restriction in Restriction.objects.exclude(read_and_file_reader=""):
        text = restriction.read_and_file_reader.strip()
        user = _matching_user(User, text) if text else None
        if user is not None:
            Restriction.objects.filter(pk=restriction.pk).update(reader=user)
        elif text:
            kept = f"{restriction.arrangements}\n\nCorrespondence is read and filed by: {text}"
            Restriction.objects.filter(pk=restriction.pk).update(arrangements=kept)


def bring_readers_back(apps, schema_editor):
    Restriction = apps.get_model("restrictions.Restriction")
    for restriction in Restriction.objects.exclude(reader=None).select_related("reader"):
        reader = restriction.reader
        name = f"{reader.first_name} {reader.last_name}".strip() or reader.username
        Restriction.objects.filter(pk=restriction.pk).update(read_and_file_reader=name[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("restrictions", "0004_reconsideration"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="restriction",
            name="reader",
            field=models.ForeignKey(
                blank=True,
                help_text="Who reads each item the customer sends, checking it for new issues, "
                "complaints and safeguarding concerns, where contact is read and filed.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="restrictions_read",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(carry_readers_over, bring_readers_back),
        migrations.RemoveField(model_name="restriction", name="read_and_file_reader"),
        migrations.CreateModel(
            name="ContactItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("reference", models.CharField(editable=False, max_length=12, unique=True)),
                (
                    "received_on",
                    models.DateField(help_text="The day the item reached the council."),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("letter", "Letter"),
                            ("email", "E-mail"),
                            ("online", "Online form"),
                            ("phone", "Telephone message"),
                            ("hand", "Delivered by hand"),
                            ("social", "Social media"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        help_text="What the item is about, briefly.", max_length=2000
                    ),
                ),
                ("logged_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("read_at", models.DateTimeField(blank=True, db_index=True, null=True)),
                ("raises_new_issue", models.BooleanField(default=False)),
                ("complaint", models.BooleanField(default=False)),
                ("safeguarding", models.BooleanField(default=False)),
                ("urgent", models.BooleanField(default=False)),
                (
                    "action",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("passed", "Passed to a service"),
                            ("answered", "Answered"),
                            ("filed", "Filed without a reply"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "action_detail",
                    models.TextField(
                        blank=True,
                        help_text="Which service it went to, how it was answered, or anything "
                        "else done.",
                        max_length=1000,
                    ),
                ),
                (
                    "logged_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "read_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "restriction",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="contact_items",
                        to="restrictions.restriction",
                    ),
                ),
            ],
            options={"ordering": ["received_on", "pk"]},
        ),
        migrations.CreateModel(
            name="ContactAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "file",
                    models.FileField(
                        storage=reporting.incidents.models.evidence_storage,
                        upload_to="correspondence/%Y/%m/",
                    ),
                ),
                ("original_name", models.CharField(max_length=200)),
                ("content_type", models.CharField(max_length=100)),
                ("size", models.PositiveIntegerField()),
                ("sha256", models.CharField(max_length=64)),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="restrictions.contactitem",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"ordering": ["uploaded_at", "pk"]},
        ),
    ]
