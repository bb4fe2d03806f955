"""The integrity check: is the audit trail's hash chain whole, and does every stored letter
PDF and poster PDF still match the SHA-256 recorded when it was made?

``verify()`` only reads and reports. ``raise_alarm()`` records each break found for the
first time as an ``INTEGRITY_FAILURE`` audit event and e-mails information governance one
list of references; a break already recorded is reported again but not e-mailed again
(the audit trail never changes, so a break in its chain stays there for good).
Run by ``manage.py verify_integrity`` and by the daily job. Nothing here prints or sends
personal data: only references, ids and what is wrong.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from policy_pages.models import PosterPdf
from reporting.access import audit, notify
from reporting.access.chain import GENESIS, event_digest
from reporting.access.enums import AuditAction, Role
from reporting.access.models import AuditEvent
from reporting.governance.selectors.retention import kept_chain_start
from reporting.letters.models import Letter

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
BATCH = 2000
# The summary and the e-mail name at most this many breaks; the audit trail has them all.
LISTED = 50


@dataclass(frozen=True)
class Break:
    kind: str  # "audit event", "letter" or "poster"
    reference: str
    problem: str
    obj: object = field(default=None, compare=False, repr=False)

    def line(self):
        return f"{self.kind} {self.reference}: {self.problem}"


@dataclass
class IntegrityReport:
    events: int = 0
    letters: int = 0
    posters: int = 0
    breaks: list = field(default_factory=list)
    new_breaks: int = 0

    @property
    def ok(self):
        return not self.breaks

    def line(self):
        checked = (
            f"checked {self.events} audit event{'s' if self.events != 1 else ''}, "
            f"{self.letters} letter PDF{'s' if self.letters != 1 else ''} and "
            f"{self.posters} poster PDF{'s' if self.posters != 1 else ''}"
        )
        if self.ok:
            return f"Integrity check: {checked}; no breaks found"
        count = len(self.breaks)
        return (
            f"Integrity check: {checked}; {count} break{'s' if count != 1 else ''} found "
            f"({self.new_breaks} new)"
        )

    def lines(self):
        """The summary, then each break (the first ``LISTED`` of them)."""
        found = [self.line(), *(f"  {item.line()}" for item in self.breaks[:LISTED])]
        if len(self.breaks) > LISTED:
            found.append(f"  and {len(self.breaks) - LISTED} more")
        return found

    def as_dict(self):
        return {
            "events": self.events,
            "letters": self.letters,
            "posters": self.posters,
            "breaks": [item.line() for item in self.breaks[:LISTED]],
            "break_count": len(self.breaks),
            "new_breaks": self.new_breaks,
        }


def check_chain(report):
    """Walk the audit trail oldest first, recomputing each event's hash from its fields and
    the stored hash of the event before it. After a break the walk goes on from the stored
    hash, so one changed event is reported once, not with everything after it. Once the
    retention schedule has removed the oldest events, the walk starts from the hash the
    first kept event follows, as the schedule recorded it."""
    start = kept_chain_start()
    previous = start.previous_hash if start else GENESIS
    events = AuditEvent._base_manager.order_by("pk").iterator(chunk_size=BATCH)
    for event in events:
        report.events += 1
        problem = ""
        if not event.event_hash:
            problem = "has no hash"
        elif event.previous_hash != previous:
            problem = "does not follow the event before it (an event removed or reordered)"
        elif event_digest(event, event.previous_hash) != event.event_hash:
            problem = "has been changed since it was written"
        if problem:
            report.breaks.append(Break("audit event", str(event.pk), problem, event))
        previous = event.event_hash


def _file_problem(stored_file, expected):
    """What is wrong with ``stored_file`` against the SHA-256 ``expected``, or ""."""
    if not stored_file.name:
        return "has no stored file"
    digest = hashlib.sha256()
    try:
        with stored_file.open("rb") as opened:
            for chunk in iter(lambda: opened.read(CHUNK), b""):
                digest.update(chunk)
    except (FileNotFoundError, OSError):
        return "stored file is missing"
    if digest.hexdigest() != expected:
        return "stored file does not match the SHA-256 recorded when it was made"
    return ""


def check_letters(report):
    for letter in Letter.objects.only("pk", "reference", "pdf", "sha256").iterator(
        chunk_size=BATCH
    ):
        report.letters += 1
        problem = _file_problem(letter.pdf, letter.sha256)
        if problem:
            report.breaks.append(Break("letter", letter.reference, problem, letter))


def poster_reference(poster):
    return f"page {poster.version.page_id} version {poster.version.number} {poster.paper}"


def check_posters(report):
    posters = PosterPdf.objects.select_related("version").only(
        "pk", "file", "sha256", "paper", "version__page_id", "version__number"
    )
    for poster in posters.iterator(chunk_size=BATCH):
        report.posters += 1
        problem = _file_problem(poster.file, poster.sha256)
        if problem:
            report.breaks.append(Break("poster", poster_reference(poster), problem, poster))


def verify():
    """Check the chain, the letters and the posters; write nothing."""
    report = IntegrityReport()
    check_chain(report)
    check_letters(report)
    check_posters(report)
    return report


def _already_recorded(item):
    return AuditEvent.objects.filter(
        action=AuditAction.INTEGRITY_FAILURE,
        object_type=item.obj._meta.model_name,
        object_id=item.obj.pk,
    ).exists()


def raise_alarm(report):
    """Record each break not recorded before, and e-mail information governance the list.
    Returns how many breaks were new."""
    new = [item for item in report.breaks if not _already_recorded(item)]
    for item in new:
        audit.record(
            actor=None,
            action=AuditAction.INTEGRITY_FAILURE,
            obj=item.obj,
            note=f"Integrity check: {item.problem}"[:200],
        )
    report.new_breaks = len(new)
    if not new:
        return 0
    listed = "\n".join(f"- {item.line()}" for item in new[:LISTED])
    more = f"\n- and {len(new) - LISTED} more" if len(new) > LISTED else ""
    count = len(new)
    notify.tell(
        notify.role_addresses(Role.INFORMATION_GOVERNANCE),
        subject=f"Integrity check: {count} new break{'s' if count != 1 else ''} found",
        what=(
            "The integrity check found records that no longer match what was written:\n\n"
            f"{listed}{more}\n\nPlease investigate. Each one is in the audit trail as "
            '"Failed its integrity check".'
        ),
        reference=f"Integrity check {timezone.localdate().isoformat()}",
        path=f"{reverse('staff:audit_trail')}?action={AuditAction.INTEGRITY_FAILURE.value}",
    )
    return count


def verify_and_alarm():
    """The whole check, as the command and the daily job run it."""
    report = verify()
    if report.breaks:
        raise_alarm(report)
        logger.warning("%s", report.line())
    else:
        logger.info("%s", report.line())
    return report
