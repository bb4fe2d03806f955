"""What a subject-access export holds: every record about one person (and the records
merged into theirs), as plain sections of rows, with other people's data taken out.

Nothing here writes but the audit trail: listing the contents is recorded as a view of
the person's record, and reading each letter's stored PDF as its download.
"""

from dataclasses import dataclass

from django.utils import timezone

from reporting.access import audit
from reporting.access.enums import AuditAction
from reporting.customers.selectors import customers_in, find_for_check, merged_family_ids
from reporting.letters.selectors import letter_pdf_bytes

from . import export_records as records
from .redaction import redact_names_in_free_text, remembering_roles

# The person's own details and the access log (staff labels and references) are not
# free text; every other section is searched for other people's names.
NOT_FREE_TEXT = {"details", "access_log"}
# Evidence and correspondence attachments are photographs, recordings and documents
# that often show staff and members of the public, so they are listed, not copied.
FILES_NOTE = (
    "Files are listed by name only: they may show other people, so each is reviewed "
    "and released separately."
)


@dataclass
class SubjectAccessContents:
    """Everything the export will hold, before any file is read."""

    reference: str
    references: list
    sections: list
    letters: list
    made_at: object

    def counts(self):
        """(section key, title, number of records), in the order of the index."""
        return [(section.key, section.title, len(section.records)) for section in self.sections]

    def summary(self):
        """The counts in a short line with no personal data, for the audit trail."""
        return ", ".join(f"{key} {count}" for key, _title, count in self.counts())


def find_subject(reference):
    """The record in use for a typed customer reference, or None."""
    found = find_for_check(reference=reference)
    return found[0] if found else None


def export_contents(customer):
    """Everything about ``customer`` and the records merged into theirs, nothing read
    from storage yet and nothing recorded."""
    with remembering_roles():
        return _gather(customer)


def _gather(customer):
    customers = list(customers_in(merged_family_ids(customer)).select_related("merged_into"))
    references = [person.reference for person in customers]
    restrictions = records.restrictions_of(customers)
    letters = records.letter_files(customers)
    sections = [
        records.Section("details", "Customer details", records.customer_records(customers)),
        records.Section("changes", "Changes to those details", records.change_records(customers)),
        records.Section("equality", "Equality information", records.equality_records(customers)),
        records.Section("incidents", "Incidents", records.incident_records(customers), FILES_NOTE),
        records.Section("markers", "Caution markers", records.marker_records(customers)),
        records.Section("warnings", "Warnings", records.warning_records(customers)),
        records.Section("restrictions", "Restrictions", records.restriction_records(restrictions)),
        records.Section("decisions", "Decisions", records.decision_records(restrictions)),
        records.Section("reviews", "Reviews", records.review_records(restrictions)),
        records.Section(
            "reconsiderations", "Reconsiderations", records.reconsideration_records(restrictions)
        ),
        records.Section(
            "read_and_file",
            "Read-and-file items",
            records.contact_item_records(restrictions),
            FILES_NOTE,
        ),
        records.Section("letters", "Letters", records.letter_records(letters)),
        records.Section(
            "access_log", "Who has looked at the record", records.access_log_records(references)
        ),
    ]
    redact_names_in_free_text(
        [section for section in sections if section.key not in NOT_FREE_TEXT], customers
    )
    return SubjectAccessContents(
        reference=customer.reference,
        references=references,
        sections=sections,
        letters=letters,
        made_at=timezone.now(),
    )


def list_export(customer, *, by):
    """The contents, their listing recorded as a view of the person's record."""
    contents = export_contents(customer)
    audit.record(
        actor=by,
        action=AuditAction.VIEW,
        obj=customer,
        note="Subject-access export: contents listed",
    )
    return contents


def letter_pdfs(contents, *, by):
    """(path in the export, bytes) for each letter as issued; each read is recorded and
    checked against its SHA-256."""
    return [(item.path, letter_pdf_bytes(item.letter, by=by)) for item in contents.letters]
