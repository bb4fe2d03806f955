"""The retention schedule's starting periods, and information governance's right to keep
the rules and legal holds in the admin. The council changes the periods there."""

from django.db import migrations

DEFAULTS = [
    ("incident_nfa", 12, "incident_reported"),
    ("incident_relied_on", 72, "restriction_ended"),
    ("warning", 24, "warning_given"),
    ("restriction", 24, "restriction_ended"),
    ("caution_marker", 24, "marker_removed"),
    ("read_and_file", 24, "restriction_ended"),
    ("audit_event", 72, "event_written"),
    ("evidence", 72, "incident_reported"),
]

PERMISSIONS = [
    (model, f"{action}_{model}")
    for model in ("retentionrule", "legalhold")
    for action in ("add", "change", "view")
] + [("retentionrun", "view_retentionrun")]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("governance", "RetentionRule")
    for kind, months, runs_from in DEFAULTS:
        RetentionRule.objects.get_or_create(
            kind=kind, defaults={"months": months, "runs_from": runs_from}
        )
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    group = Group.objects.get(name="Information governance")
    for model, codename in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="governance", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": codename.replace("_", " ").capitalize()},
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0001_retention_schedule"),
        ("access", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
