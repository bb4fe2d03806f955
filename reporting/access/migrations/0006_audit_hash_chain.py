"""The audit trail becomes a hash chain (reporting/access/chain.py), and each event names
the customer it concerns.

Events written before this migration are chained here, oldest (lowest id) first, so the
chain covers the whole trail from the first event: their hashes vouch for them as they
stood when this migration ran. Their ``subject_reference`` is filled in only where the
event is about a customer record itself (the other tables belong to apps above this one);
events written from now on name the customer whatever the record.

On PostgreSQL the trigger from 0004 refuses UPDATE on the trail, so this migration's own
transaction sets ``safecontact.retention`` for the duration of the backfill only.
"""

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from reporting.access.chain import GENESIS, event_digest

BATCH = 1000


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("access", "AuditEvent")
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL safecontact.retention = 'on'")
    previous, batch = GENESIS, []
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=BATCH):
        if event.object_type == "customer":
            event.subject_reference = event.object_reference
        event.previous_hash = previous
        event.event_hash = previous = event_digest(event, previous)
        batch.append(event)
        if len(batch) >= BATCH:
            AuditEvent.objects.bulk_update(
                batch, ["subject_reference", "previous_hash", "event_hash"]
            )
            batch = []
    if batch:
        AuditEvent.objects.bulk_update(batch, ["subject_reference", "previous_hash", "event_hash"])
    if connection.vendor == "postgresql":
        schema_editor.execute("SET LOCAL safecontact.retention = 'off'")


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0005_audit_actions_for_need_to_know"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="event_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="subject_reference",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="The customer reference of the person the record concerns, if any.",
                max_length=40,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["object_reference"], name="access_audit_object_ref"),
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
    ]
