"""On PostgreSQL, the database itself refuses UPDATE and DELETE on published versions (see
home/migrations/0008_refuse_changes_to_kept_records.py)."""

from django.db import migrations

TABLE = "policy_pages_publishedversion"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE TRIGGER {TABLE}_kept BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION safecontact_refuse_change();"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_kept ON {TABLE};")


class Migration(migrations.Migration):
    dependencies = [
        ("policy_pages", "0007_reconsideration_block"),
        ("home", "0008_refuse_changes_to_kept_records"),
    ]

    operations = [migrations.RunPython(create, drop)]
