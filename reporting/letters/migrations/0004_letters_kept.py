"""On PostgreSQL, the database itself refuses UPDATE and DELETE on issued letters (see
home/migrations/0008_refuse_changes_to_kept_records.py)."""

from django.db import migrations

TABLE = "letters_letter"


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
        ("letters", "0003_channel_and_format"),
        ("home", "0008_refuse_changes_to_kept_records"),
    ]

    operations = [migrations.RunPython(create, drop)]
