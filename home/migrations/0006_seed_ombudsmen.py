"""Start the list of ombudsmen with the four a UK council may answer to, apply the two an
English council usually does (councils elsewhere change this in the settings), and let
policy approvers keep the reconsideration wording and the ombudsmen."""

from django.db import migrations

# (name, what it looks into, website, telephone, time limit, sort order, applies by default)
OMBUDSMEN = [
    (
        "Local Government and Social Care Ombudsman",
        "complaints about councils in England",
        "https://www.lgo.org.uk",
        "0300 061 0614",
        "within 12 months of when you first knew about the problem",
        1,
        True,
    ),
    (
        "Housing Ombudsman",
        "complaints about a council tenancy or home in England",
        "https://www.housing-ombudsman.org.uk",
        "0300 111 3000",
        "within 12 months of the end of the council's complaints process",
        2,
        True,
    ),
    (
        "Scottish Public Services Ombudsman",
        "complaints about councils in Scotland",
        "https://www.spso.org.uk",
        "0800 377 7330",
        "within 12 months of when you first knew about the problem",
        3,
        False,
    ),
    (
        "Public Services Ombudsman for Wales",
        "complaints about councils in Wales",
        "https://www.ombudsman.wales",
        "0300 790 0203",
        "within 12 months of when you first knew about the problem",
        4,
        False,
    ),
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


def seed(apps, schema_editor):
    Ombudsman = apps.get_model("home.Ombudsman")
    Settings = apps.get_model("home.ReconsiderationSettings")
    Group = apps.get_model("auth.Group")
    applying = []
    for name, covers, website, telephone, time_limit, order, default in OMBUDSMEN:
        ombudsman, _ = Ombudsman.objects.get_or_create(
            name=name,
            defaults={
                "covers": covers,
                "website": website,
                "telephone": telephone,
                "time_limit": time_limit,
                "sort_order": order,
            },
        )
        if default:
            applying.append(ombudsman)
    settings = Settings.objects.order_by("pk").first() or Settings.objects.create()
    if not settings.ombudsmen.exists():
        settings.ombudsmen.set(applying)
    approvers = Group.objects.filter(name="Policy approver").first()
    if approvers:
        approvers.permissions.add(
            _permission(apps, "home", "reconsiderationsettings", "change_reconsiderationsettings"),
            *(
                _permission(apps, "home", "ombudsman", f"{action}_ombudsman")
                for action in ("add", "change", "view")
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_reconsideration_settings"),
        ("policy_pages", "0002_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
