"""Incidents of some kinds (threats, violence) go to health and safety as well."""

from django.db import migrations, models

# Incidents of these kinds go to health and safety too (violence is also asked directly).
TELL_HEALTH_AND_SAFETY = ["Violence or physical contact", "Threats"]


def flag(apps, schema_editor):
    Category = apps.get_model("incidents.BehaviourCategory")
    Category.objects.filter(name__in=TELL_HEALTH_AND_SAFETY).update(tells_health_and_safety=True)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_categories_and_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="behaviourcategory",
            name="tells_health_and_safety",
            field=models.BooleanField(
                default=False,
                help_text="Whether an incident of this kind, such as a threat, goes to health and safety as well as the service's managers.",
            ),
        ),
        migrations.RunPython(flag, migrations.RunPython.noop),
    ]
