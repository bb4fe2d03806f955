"""Let health and safety and information governance read staff records in the admin."""

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
    readers = [
        _permission(apps, "wagtailadmin", "admin", "access_admin"),
        _permission(apps, "reporting", "incident", "view_incident"),
        _permission(apps, "reporting", "customer", "view_customer"),
    ]
    lists = [
        _permission(apps, "reporting", model, f"{action}_{model}")
        for model in ("servicearea", "behaviourcategory")
        for action in ("add", "change", "view")
    ]
    Group.objects.get(name="Information governance").permissions.add(*readers)
    Group.objects.get(name="Health and safety").permissions.add(*readers, *lists)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_staff_roles"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
