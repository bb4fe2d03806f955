"""The hash chain that makes the audit trail tamper-evident.

Each audit event stores the hash of the event written before it (``previous_hash``) and
its own hash (``event_hash``): SHA-256 over a canonical line made from its fields and the
previous hash. Changing, removing or reordering a stored event changes a hash that a later
event relies on, so ``manage.py verify_integrity`` finds it.

The canonical line is versioned ("v1") and must never change once events are hashed with
it: the migration that hashed the events written before the chain (access 0006) and the
verifier both use ``event_digest`` from here.
"""

import datetime
import hashlib
import json

VERSION = "v1"
# The previous hash of the very first event in the chain.
GENESIS = "0" * 64


def canonical_time(value):
    """A stored time as UTC ISO 8601 with microseconds, the same on SQLite and PostgreSQL."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(
    *,
    actor_id,
    action,
    object_type,
    object_id,
    object_reference,
    subject_reference,
    at,
    note,
    previous_hash,
):
    """The exact text an event's hash is taken over: its fields in a fixed order, as JSON."""
    return json.dumps(
        [
            VERSION,
            actor_id,
            str(action),
            object_type,
            object_id,
            object_reference or "",
            subject_reference or "",
            canonical_time(at),
            note or "",
            previous_hash or "",
        ],
        ensure_ascii=True,
        separators=(",", ":"),
    )


def event_digest(event, previous_hash):
    """The hash of ``event`` (an AuditEvent, or a historical model in a migration) when it
    follows an event whose hash is ``previous_hash``."""
    text = canonical(
        actor_id=event.actor_id,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_reference=event.object_reference,
        subject_reference=event.subject_reference,
        at=event.at,
        note=event.note,
        previous_hash=previous_hash,
    )
    return hashlib.sha256(text.encode("ascii")).hexdigest()
