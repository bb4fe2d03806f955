"""Let health and safety and information governance read customer records in the admin."""

from django.db import migrations


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


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    view = _permission(apps, "customers", "customer", "view_customer")
    for name in ("Information governance", "Health and safety"):
        Group.objects.get(name=name).permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0001_initial"),
        ("access", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
