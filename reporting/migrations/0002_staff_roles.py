"""Create the staff roles and the behaviour categories the incident form starts with."""

from django.db import migrations

ROLES = ["Staff", "Manager", "Decision maker", "Health and safety", "Information governance"]

# (kind, name, hint): a starting list the council can edit in the admin.
CATEGORIES = [
    ("abusive", "Violence or physical contact", "Hitting, pushing, spitting, throwing things"),
    ("abusive", "Threats", "Threats of violence, or to harm someone's family or property"),
    ("abusive", "Verbal abuse or intimidation", "Shouting, swearing, standing over someone"),
    ("abusive", "Discriminatory remarks", "Remarks aimed at who someone is"),
    ("abusive", "Malicious allegations", "Accusations the person knows to be untrue"),
    ("abusive", "Abuse online or on social media", "Posts or messages about staff"),
    ("abusive", "Contact through private accounts", "Staff's own phone, e-mail or profiles"),
    ("abusive", "Recording staff without consent", "Filming or recording with no lawful reason"),
    ("persistent", "Very frequent contact", "Many calls, e-mails or visits on one matter"),
    ("persistent", "Repeating a settled matter", "Raising again what has been answered"),
    ("persistent", "Unreasonable demands", "Insisting on one officer, or on instant replies"),
    ("persistent", "Contacting many staff at once", "The same issue sent to several people"),
]


def create(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Category = apps.get_model("reporting.BehaviourCategory")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for order, (kind, name, hint) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            name=name, defaults={"kind": kind, "hint": hint, "sort_order": order}
        )


def remove(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, remove)]
