"""Writing the audit trail. Every read and change of a case record goes through here.

Each event is chained to the one written before it (see chain.py). Two writers must never
chain to the same predecessor, so writing takes a lock first: on PostgreSQL a
transaction-level advisory lock, held until the surrounding transaction ends (with
``ATOMIC_REQUESTS`` that is the end of the request); SQLite lets one writer in at a time
already. Reading the latest hash, hashing and inserting all happen under the lock.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import connections, router, transaction
from django.utils import timezone

from .chain import GENESIS, event_digest
from .models import AuditEvent

# The key of the PostgreSQL advisory lock that guards the head of the chain: any fixed
# 64-bit number that nothing else in the database uses ("SC-AUDIT" in ASCII).
CHAIN_LOCK_KEY = 0x53432D4155444954
CUSTOMER_LABEL = "customers.customer"


def _subject_references(objects):
    """For each of ``objects``, the reference of the customer it concerns: a customer's own
    reference, else that of its ``customer``, else "". Customers not already loaded are
    read in one query, however many objects there are."""
    found = [""] * len(objects)
    wanted = {}  # customer pk -> positions in ``objects``
    customer_model = None
    for position, obj in enumerate(objects):
        if obj._meta.label_lower == CUSTOMER_LABEL:
            found[position] = obj.reference or ""
            continue
        try:
            field = obj._meta.get_field("customer")
        except FieldDoesNotExist:
            field = None
        if field is not None and field.many_to_one and not field.is_cached(obj):
            if obj.customer_id:
                wanted.setdefault(obj.customer_id, []).append(position)
                customer_model = field.related_model
            continue
        customer = getattr(obj, "customer", None)
        found[position] = getattr(customer, "reference", "") or ""
    if wanted:
        pairs = customer_model._base_manager.filter(pk__in=wanted).values_list("pk", "reference")
        for pk, reference in pairs:
            for position in wanted[pk]:
                found[position] = reference or ""
    return found


def _event(*, actor, action, obj, note, subject_reference=""):
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_reference=getattr(obj, "reference", "") or "",
        subject_reference=subject_reference,
        note=note[:200],
    )


def _lock_chain(using):
    """Wait for, then hold until the transaction ends, the right to add to the chain."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def chain_head(using=None):
    """The hash of the latest event, which the next event chains to."""
    latest = (
        AuditEvent._base_manager.using(using)
        .order_by("-pk")
        .values_list("event_hash", flat=True)
        .first()
    )
    return latest or GENESIS


def _write(events):
    """Chain ``events`` in order after the latest stored event, and insert them."""
    if not events:
        return events
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        _lock_chain(using)
        previous = chain_head(using)
        now = timezone.now()
        for event in events:
            event.at = now
            event.previous_hash = previous
            event.event_hash = previous = event_digest(event, previous)
        if len(events) == 1:
            events[0].save(using=using)
        else:
            events = AuditEvent.objects.using(using).bulk_create(events)
    return events


def record(*, actor, action, obj, note="", subject_reference=None):
    """Write one AuditEvent for ``obj``; ``note`` must never hold personal data.

    ``subject_reference`` names the customer the event concerns when ``obj`` does not
    say (reading the audit trail about one person, say); by default it comes from ``obj``.
    """
    if subject_reference is None:
        (subject,) = _subject_references([obj])
    else:
        subject = subject_reference
    event = _event(actor=actor, action=action, obj=obj, note=note, subject_reference=subject)
    return _write([event])[0]


def record_many(*, actor, action, objects, note="", notes=None):
    """Write one AuditEvent for each of ``objects``, chained in order, in a single insert.
    ``note`` goes on every event, unless ``notes`` gives each object its own, in order."""
    objects = list(objects)
    notes = [note] * len(objects) if notes is None else list(notes)
    subjects = _subject_references(objects)
    return _write(
        [
            _event(actor=actor, action=action, obj=obj, note=text, subject_reference=subject)
            for obj, text, subject in zip(objects, notes, subjects, strict=True)
        ]
    )


def remove_oldest_events_for_retention(*, before_id):
    """Delete every event older than event ``before_id`` (which stays) under the retention
    schedule, holding the chain's lock so nothing is written meanwhile. Returns (how many
    went, the first kept event's id and the hash it follows), which the schedule records so
    the verifier knows where the kept chain starts. Only works inside
    ``home.immutable.retention_path()``."""
    using = router.db_for_write(AuditEvent)
    with transaction.atomic(using=using):
        _lock_chain(using)
        first_kept = AuditEvent._base_manager.using(using).get(pk=before_id)
        removed, _ = AuditEvent.objects.using(using).filter(pk__lt=before_id).delete()
    return removed, first_kept.pk, first_kept.previous_hash
