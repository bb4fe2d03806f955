"""On PostgreSQL, a function that refuses UPDATE and DELETE on records kept as written
(issued letters, published versions, the audit trail): the apps that own those tables
attach it with triggers. Only a transaction that sets ``safecontact.retention`` to
``on`` (the retention schedule's own path) gets through. SQLite keeps the ORM guards."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION safecontact_refuse_change() RETURNS trigger AS $$
BEGIN
    IF current_setting('safecontact.retention', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Rows of % are kept as written: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""

DROP = "DROP FUNCTION IF EXISTS safecontact_refuse_change();"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("home", "0007_decision_maker_roles")]

    operations = [migrations.RunPython(create, drop)]
