"""Reading incidents. Opening an incident's page is a reading of a case record, and is
written to the audit trail here, so that no page can forget it."""

from reporting.access import audit
from reporting.access.enums import AuditAction

from .models import Incident


def incident_page_rows():
    """Incidents with everything their page shows, in one query each."""
    return Incident.objects.select_related(
        "service_area", "customer", "reported_by", "follow_up__recorded_by"
    ).prefetch_related("categories", "evidence")


def read_incident(incident, *, by):
    """Record that ``by`` read ``incident``, and hand it back."""
    audit.record(actor=by, action=AuditAction.VIEW, obj=incident)
    return incident


def open_stored_file(stored, *, by, record, note):
    """A privately stored file (a ``StoredFile``) opened for reading, its download
    recorded against ``record``; ``FileNotFoundError`` if the file is gone."""
    try:
        handle = stored.file.open("rb")
    except ValueError:
        raise FileNotFoundError(stored.file.name) from None
    audit.record(actor=by, action=AuditAction.DOWNLOAD, obj=record, note=note)
    return handle


def open_evidence(evidence, *, by):
    """The evidence file opened for reading, its download recorded against the incident."""
    return open_stored_file(
        evidence, by=by, record=evidence.incident, note=f"Evidence file {evidence.pk}"
    )


def manager_reaches_customer(access, record_ids) -> bool:
    """Whether one of the records has an incident in a service ``access`` manages,
    reported by someone else: filing a report never widens what its author may read."""
    return (
        Incident.objects.filter(
            customer_id__in=record_ids, service_area_id__in=access.managed_area_ids
        )
        .exclude(reported_by_id=access.user.pk)
        .exists()
    )
