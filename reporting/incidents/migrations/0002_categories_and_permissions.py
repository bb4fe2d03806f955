"""Start the incident form with a list of behaviour categories the council can edit, and
let health and safety and information governance read incidents in the admin (health
and safety keeps the categories)."""

from django.db import migrations

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


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Category = apps.get_model("incidents.BehaviourCategory")
    for order, (kind, name, hint) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            name=name, defaults={"kind": kind, "hint": hint, "sort_order": order}
        )
    view = _permission(apps, "incidents", "incident", "view_incident")
    categories = [
        _permission(apps, "incidents", "behaviourcategory", f"{action}_behaviourcategory")
        for action in ("add", "change", "view")
    ]
    Group.objects.get(name="Information governance").permissions.add(view)
    Group.objects.get(name="Health and safety").permissions.add(view, *categories)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("access", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
