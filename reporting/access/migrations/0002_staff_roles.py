"""Create the staff roles, and let health and safety and information governance into the
admin's staff records; health and safety keeps the list of service areas."""

from django.db import migrations

ROLES = ["Staff", "Manager", "Decision maker", "Health and safety", "Information governance"]


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
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    admin = _permission(apps, "wagtailadmin", "admin", "access_admin")
    areas = [
        _permission(apps, "access", "servicearea", f"{action}_servicearea")
        for action in ("add", "change", "view")
    ]
    Group.objects.get(name="Information governance").permissions.add(admin)
    Group.objects.get(name="Health and safety").permissions.add(admin, *areas)


def remove(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
