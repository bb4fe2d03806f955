"""The records of a subject-access export, one builder for each kind: plain rows of
labels and printable values, staff named as the redaction rules say."""

from dataclasses import dataclass, field

from django.utils import timezone

from reporting.access.selectors import events_about
from reporting.customers.enums import DETAIL_LABELS

from .redaction import NOT_RECORDED, REDACTED, about_others, redact_staff_names, staff_label


@dataclass
class Record:
    """One record: a heading and its answers, in order."""

    title: str
    rows: list
    files: list = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    records: list
    note: str = ""


@dataclass
class LetterFile:
    reference: str
    path: str
    letter: object


def shown(value):
    """A value as the index prints it."""
    if value is None or value == "" or value == []:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
        return f"{value.day} {value:%B %Y %H:%M}"
    if hasattr(value, "isoformat"):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {shown(item)}" for key, item in value.items()) or NOT_RECORDED
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def _choice(obj, name):
    getter = getattr(obj, f"get_{name}_display", None)
    return getter() if getter and getattr(obj, name) else shown(getattr(obj, name))


def customer_records(customers):
    records = []
    for person in customers:
        records.append(
            Record(
                title=f"Customer record {person.reference}",
                rows=[
                    ("First name", shown(person.first_name)),
                    ("Last name", shown(person.last_name)),
                    ("Date of birth", shown(person.date_of_birth)),
                    ("Address", shown(person.address)),
                    ("Postcode", shown(person.postcode)),
                    ("Email", shown(person.email)),
                    ("Telephone", shown(person.telephone)),
                    ("Support needs", shown(person.support_needs)),
                    ("Preferred way to hear from us", _choice(person, "preferred_channel")),
                    ("Preferred format", _choice(person, "preferred_format")),
                    ("Format details", shown(person.format_details)),
                    ("Representative", about_others(person.representative_name)),
                    (
                        "Representative's contact details",
                        about_others(person.representative_contact),
                    ),
                    ("Consent to representation checked", shown(person.representative_consent_on)),
                    ("Merged into", shown(getattr(person.merged_into, "reference", ""))),
                    ("Created", shown(person.created_at)),
                ],
            )
        )
    return records


# A representative's name and contact details are theirs, not the person's.
OTHERS_DETAILS = {"representative_name", "representative_contact"}


def _own_details(values):
    """A correction's before or after values, with the representative's kept out."""
    return {
        DETAIL_LABELS.get(key, key): REDACTED if key in OTHERS_DETAILS and value else value
        for key, value in (values or {}).items()
    }


def change_records(customers):
    return [
        Record(
            title=f"Change to {person.reference}, {shown(change.made_at)}",
            rows=[
                ("Changed by", staff_label(change.made_by)),
                ("Reason", shown(change.reason)),
                ("Before", shown(_own_details(change.before))),
                ("After", shown(_own_details(change.after))),
            ],
        )
        for person in customers
        for change in person.changes.select_related("made_by").order_by("made_at", "pk")
    ]


def equality_records(customers):
    return [
        Record(
            title=detail.get_characteristic_display(),
            rows=[
                (
                    "Answer",
                    "Prefer not to say" if detail.prefer_not_to_say else shown(detail.answer),
                ),
                ("Where the answer came from", _choice(detail, "source")),
                ("Recorded by", staff_label(detail.recorded_by)),
                ("Recorded", shown(detail.recorded_at)),
            ],
        )
        for person in customers
        for detail in person.equality_details.select_related("recorded_by").order_by("pk")
    ]


def incident_records(customers):
    records = []
    for person in customers:
        incidents = person.incidents.select_related("service_area", "reported_by").order_by(
            "occurred_at", "pk"
        )
        for incident in incidents.prefetch_related("categories", "evidence"):
            records.append(
                Record(
                    title=f"Incident {incident.reference}",
                    rows=[
                        ("Happened", shown(incident.occurred_at)),
                        ("Reported", shown(incident.reported_at)),
                        ("Reported by", staff_label(incident.reported_by)),
                        ("Service", incident.service_area.name),
                        (
                            "Where",
                            f"{incident.get_location_kind_display()} {incident.site}".strip(),
                        ),
                        ("How", _choice(incident, "channel")),
                        ("Behaviour", shown([c.name for c in incident.categories.all()])),
                        ("What happened", shown(incident.description)),
                        ("People affected", about_others(incident.people_affected)),
                        ("Witnesses", about_others(incident.witnesses)),
                        # The characteristics the behaviour was aimed at, and any injury,
                        # are those of the member of staff affected.
                        (
                            "Aimed at a protected characteristic",
                            about_others(incident.protected_characteristics),
                        ),
                        ("Hate incident", shown(incident.hate_incident)),
                        ("Injury", shown(incident.injury)),
                        ("Injury details", about_others(incident.injury_details)),
                        ("Violence", shown(incident.violence)),
                        ("Police informed", shown(incident.police_informed)),
                        ("Crime reference", shown(incident.crime_reference)),
                        ("Safeguarding concern", shown(incident.safeguarding_concern)),
                        ("Safeguarding details", shown(incident.safeguarding_details)),
                        ("Status", _choice(incident, "status")),
                    ],
                    files=[f"{e.original_name} (not included)" for e in incident.evidence.all()],
                )
            )
    return records


def marker_records(customers):
    return [
        Record(
            title=f"Caution marker set {shown(marker.set_at)}",
            rows=[
                ("Severity", _choice(marker, "severity")),
                ("Status", _choice(marker, "status")),
                ("Resting on incident", marker.incident.reference),
                ("Reasons", shown(marker.reasons)),
                ("Advice to staff", shown(marker.safety_advice)),
                ("Set by", staff_label(marker.set_by)),
                ("Approved by", staff_label(marker.approved_by)),
                ("Approved", shown(marker.approved_at)),
                ("Review date", shown(marker.review_date)),
                ("Person told", shown(marker.person_told)),
                ("Told on", shown(marker.told_on)),
                ("Why not told", shown(marker.not_told_reason)),
                ("Removed", shown(marker.removed_at)),
            ],
        )
        for person in customers
        for marker in person.markers.select_related("incident", "set_by", "approved_by").order_by(
            "set_at", "pk"
        )
    ]


def warning_records(customers):
    return [
        Record(
            title=f"Warning {warning.reference}",
            rows=[
                ("Behaviour", shown(warning.behaviour)),
                ("Change asked for", shown(warning.change_expected)),
                ("Consequences", shown(warning.consequences)),
                ("How given", _choice(warning, "channel")),
                ("Given on", shown(warning.given_on)),
                ("Given by", staff_label(warning.given_by)),
                ("Recorded", shown(warning.recorded_at)),
            ],
        )
        for person in customers
        for warning in person.warnings.select_related("given_by").order_by("recorded_at", "pk")
    ]


def restrictions_of(customers):
    """The restrictions about these records, oldest first."""
    return [
        restriction
        for person in customers
        for restriction in person.restrictions.select_related("proposed_by", "decided_by")
        .prefetch_related("types", "service_areas")
        .order_by("proposed_at", "pk")
    ]


def restriction_records(restrictions):
    return [
        Record(
            title=f"Restriction {r.reference}",
            rows=[
                ("Status", _choice(r, "status")),
                ("Concern", _choice(r, "concern")),
                ("Restrictions", shown([t.name for t in r.types.all()])),
                ("Scope", _choice(r, "scope")),
                ("Matter", shown(r.scope_matter)),
                ("Services", shown([a.name for a in r.service_areas.all()])),
                ("How to contact the council", shown(r.arrangements)),
                ("Named contact", shown(r.named_contact)),
                ("Essential services", shown(r.essential_services)),
                ("Behaviour", shown(r.behaviour)),
                ("Reasons", shown(r.reasons)),
                ("Checks made", shown(r.checks_made)),
                ("Needs considered", shown(r.needs_considered)),
                ("Alternatives considered", shown(r.alternatives)),
                ("Equality consideration", shown(r.equality_consideration)),
                ("Representative", about_others(r.representative)),
                ("Starts", shown(r.starts_on)),
                ("Ends", shown(r.ends_on)),
                ("Review due", shown(r.review_on)),
                ("Proposed by", staff_label(r.proposed_by)),
                ("Proposed", shown(r.proposed_at)),
            ],
        )
        for r in restrictions
    ]


def decision_records(restrictions):
    return [
        Record(
            title=f"Decision on restriction {r.reference}",
            rows=[
                ("Decision", _choice(r, "decision")),
                (
                    "Decided by",
                    shown(r.decided_by_role)
                    if redact_staff_names()
                    else staff_label(r.decided_by),
                ),
                ("Decided", shown(r.decided_at)),
                ("Reasons", shown(r.decision_reasons)),
                ("Ended", shown(r.ended_on)),
                ("Why it ended", _choice(r, "ended_reason")),
            ],
        )
        for r in restrictions
        if r.decision
    ]


def review_records(restrictions):
    return [
        Record(
            title=f"Review of restriction {r.reference}, {shown(review.reviewed_at)}",
            rows=[
                ("Reviewed by", staff_label(review.reviewed_by)),
                ("Review that was due", shown(review.due_on)),
                ("Since the last review", shown(review.since_last)),
                ("Outcome", _choice(review, "outcome")),
                ("Reasons", shown(review.reasons)),
                ("Changes", shown(review.changes)),
                ("Next review", shown(review.next_review_on)),
            ],
        )
        for r in restrictions
        for review in r.reviews.select_related("reviewed_by").order_by("reviewed_at", "pk")
    ]


def reconsideration_records(restrictions):
    return [
        Record(
            title=f"Reconsideration {rc.reference} of restriction {r.reference}",
            rows=[
                ("Received", shown(rc.received_on)),
                ("How", _choice(rc, "received_how")),
                ("Asked by", _choice(rc, "requested_by")),
                ("Representative", about_others(rc.representative_name)),
                ("Grounds", shown(rc.grounds)),
                ("Last day to ask", shown(rc.last_day)),
                ("In time", shown(rc.in_time)),
                ("Why late", shown(rc.late_reason)),
                ("Recorded by", staff_label(rc.recorded_by)),
                ("Restriction suspended", shown(rc.suspended_at)),
                ("Outcome", _choice(rc, "outcome")),
                ("Reasons", shown(rc.reasons)),
                ("Changes", shown(rc.changes)),
                (
                    "Decided by",
                    shown(rc.decided_by_role)
                    if redact_staff_names()
                    else staff_label(rc.decided_by),
                ),
                ("Decided", shown(rc.decided_at)),
            ],
        )
        for r in restrictions
        for rc in r.reconsiderations.select_related("recorded_by", "decided_by").order_by("pk")
    ]


def contact_item_records(restrictions):
    return [
        Record(
            title=f"Read-and-file item {item.reference} under restriction {r.reference}",
            rows=[
                ("Received", shown(item.received_on)),
                ("How", _choice(item, "channel")),
                ("What it is about", shown(item.summary)),
                ("Logged by", staff_label(item.logged_by)),
                ("Read by", staff_label(item.read_by) if item.read_by_id else NOT_RECORDED),
                ("Read", shown(item.read_at)),
                ("Action", _choice(item, "action")),
                ("Action taken", shown(item.action_detail)),
            ],
            files=[f"{a.original_name} (not included)" for a in item.attachments.all()],
        )
        for r in restrictions
        for item in r.contact_items.select_related("logged_by", "read_by")
        .prefetch_related("attachments")
        .order_by("received_on", "pk")
    ]


def letter_files(customers):
    return [
        LetterFile(
            reference=letter.reference, path=f"letters/{letter.reference}.pdf", letter=letter
        )
        for person in customers
        for letter in person.letters.order_by("issued_at", "pk")
    ]


def letter_records(letters):
    return [
        Record(
            title=f"Letter {item.reference}",
            rows=[
                ("Type", _choice(item.letter, "letter_type")),
                ("Subject", shown(item.letter.subject)),
                ("Issued", shown(item.letter.issued_at)),
                ("Issued by", staff_label(item.letter.issued_by)),
                ("File in this export", item.path),
            ],
        )
        for item in letters
    ]


def access_log_records(references):
    return [
        Record(
            title=f"{shown(event.at)}: {event.get_action_display()}",
            rows=[
                ("Who", staff_label(event.actor)),
                ("What", f"{event.object_type} {event.object_reference}".strip()),
                ("Note", shown(event.note)),
            ],
        )
        for event in events_about(references)
    ]
