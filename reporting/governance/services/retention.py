"""Running the retention schedule: the one path by which issued letters leave the
database. What is due is fixed first, exactly as the dry run lists it; then records go in
the order of what relies on what — a restriction's letters, then the restriction (with its
reviews, reconsiderations and read-and-file items), a warning's letters and the warning,
caution markers, read-and-file items on their own, then incidents nothing relies on,
evidence on its own, and the oldest audit events —
each with its stored files, inside ``home.immutable.retention_path()``. What went is kept
as a count per kind with the rule, never a reference or a name."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from home.immutable import retention_path
from reporting.access import audit
from reporting.access.audit import remove_oldest_events_for_retention
from reporting.access.enums import AuditAction
from reporting.access.selectors import next_event_id
from reporting.incidents.services import (
    remove_evidence_for_retention,
    remove_incidents_for_retention,
)
from reporting.letters.selectors import letters_of_restrictions, letters_of_warnings
from reporting.letters.services import remove_letters_for_retention
from reporting.markers.services import remove_markers_for_retention
from reporting.restrictions.services.retention import (
    remove_contact_items_for_retention,
    remove_restrictions_for_retention,
    remove_warnings_for_retention,
)

from ..models import DeletionRecord, KeptChainStart, RecordKind, RetentionRun
from ..selectors.retention import due_for_retention, due_querysets


@dataclass
class RetentionResult:
    today: datetime.date
    dry_run: bool
    due: list = field(default_factory=list)
    removed: dict = field(default_factory=dict)
    files: int = 0
    run: RetentionRun | None = None

    @property
    def summary(self):
        if self.dry_run:
            return f"Retention (dry run): {sum(row.count for row in self.due)} records due"
        counts = ", ".join(f"{kind}: {count}" for kind, count in self.removed.items()) or "none"
        return f"Retention: removed {counts}; {self.files} files"


def _remove_restrictions(ids):
    """(restrictions, files, letters)."""
    letter_count, letter_files = remove_letters_for_retention(
        letters=letters_of_restrictions(restriction_ids=ids)
    )
    count, files = remove_restrictions_for_retention(restriction_ids=ids)
    return count, files + letter_files, letter_count


def _remove_warnings(ids):
    letter_count, letter_files = remove_letters_for_retention(
        letters=letters_of_warnings(warning_ids=ids)
    )
    count = remove_warnings_for_retention(warning_ids=ids)
    return count, letter_files, letter_count


def _remove_audit_events(ids, run):
    """The oldest events go; where the kept chain now starts is recorded for the verifier."""
    # The selector always keeps the latest event, so one follows the last event due.
    following = next_event_id(after_id=max(ids))
    removed, first_kept, previous_hash = remove_oldest_events_for_retention(before_id=following)
    KeptChainStart.objects.create(run=run, first_event_id=first_kept, previous_hash=previous_hash)
    return removed, 0, 0


def _remove(kind, ids, run):
    """Remove one kind's due records: (count, files, letters)."""
    if kind == RecordKind.RESTRICTION:
        return _remove_restrictions(ids)
    if kind == RecordKind.WARNING:
        return _remove_warnings(ids)
    if kind == RecordKind.CAUTION_MARKER:
        return remove_markers_for_retention(marker_ids=ids), 0, 0
    if kind == RecordKind.READ_AND_FILE:
        count, files = remove_contact_items_for_retention(item_ids=ids)
        return count, files, 0
    if kind == RecordKind.AUDIT_EVENT:
        return _remove_audit_events(ids, run)
    if kind == RecordKind.EVIDENCE:
        files = remove_evidence_for_retention(evidence_ids=ids)
        return len(ids), files, 0
    count, files = remove_incidents_for_retention(incident_ids=ids)
    return count, files, 0


def run_retention(*, dry_run=False, today=None) -> RetentionResult:
    """List what is due (``dry_run``, which changes nothing and records nothing) or remove
    it and record the counts."""
    today = today or timezone.localdate()
    result = RetentionResult(today=today, dry_run=dry_run)
    if dry_run:
        result.due = due_for_retention(today=today)
        return result
    with retention_path():
        run = RetentionRun.objects.create(dry_run=False)
        # Fixed before anything goes, so the run removes exactly what the dry run lists.
        plan = [
            (rule, list(queryset.values_list("pk", flat=True)))
            for rule, queryset in due_querysets(today=today)
        ]
        for rule, ids in plan:
            if not ids:
                continue
            count, files, letters = _remove(rule.kind, ids, run)
            if not count:
                continue
            rule_text = rule.describe()
            if letters:
                rule_text = f"{rule_text} ({letters} letters with them)"
            DeletionRecord.objects.create(
                run=run, kind=rule.kind, count=count, files=files, rule=rule_text[:200]
            )
            result.removed[rule.kind] = count
            result.files += files
        result.run = run
        if result.removed:
            # The trail says a run removed records, by kind and count: never which.
            audit.record(actor=None, action=AuditAction.RETENTION, obj=run, note=result.summary)
    return result
