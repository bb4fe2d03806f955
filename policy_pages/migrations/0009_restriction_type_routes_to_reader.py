"""Say which catalogue entries send the customer's contact to a named reader."""

from django.db import migrations, models

# The seeded entries under which a named person reads what comes in and files it.
READ_AND_FILE = ("Correspondence redirected to one contact", "Settled matter: read and filed")


def mark(apps, schema_editor):
    RestrictionType = apps.get_model("policy_pages.RestrictionType")
    RestrictionType.objects.filter(name__in=READ_AND_FILE).update(routes_to_reader=True)


class Migration(migrations.Migration):
    dependencies = [
        ("policy_pages", "0008_versions_kept"),
    ]

    operations = [
        migrations.AddField(
            model_name="restrictiontype",
            name="routes_to_reader",
            field=models.BooleanField(
                default=False,
                help_text="Whether contact goes to a named reader, who reads and files each "
                "item the customer sends and checks it for anything new, a complaint or a "
                "safeguarding concern.",
            ),
        ),
        migrations.RunPython(mark, migrations.RunPython.noop),
    ]
