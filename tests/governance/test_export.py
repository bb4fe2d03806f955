"""Subject-access export: information governance gathers every record about one person
into a ZIP with a readable index, with other people's details kept out, and the trail
shows both the listing and the export."""

import datetime
import io
import re
import subprocess
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from reporting.customers.models import CustomerChange, EqualityDetail
from reporting.customers.selectors import read_customer
from reporting.governance.selectors.export import export_contents
from reporting.governance.selectors.redaction import REDACTED
from reporting.governance.services.export import make_subject_access_export
from reporting.incidents.models import Evidence
from reporting.letters.enums import LetterType
from reporting.letters.services import issue_letter
from reporting.markers.models import CautionMarker
from reporting.restrictions.models import Reconsideration, RestrictionReview
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.letters.factories import cite_policy
from tests.restrictions.factories import (
    ContactItemFactory,
    CustomerWarningFactory,
    RestrictionFactory,
)

pytestmark = pytest.mark.django_db

WITNESS = "Jago Penrose from the café saw it all"
AFFECTED = "Ysella Trevithick, the receptionist"
KINDS = (
    "details",
    "changes",
    "equality",
    "incidents",
    "markers",
    "warnings",
    "restrictions",
    "decisions",
    "reviews",
    "reconsiderations",
    "read_and_file",
    "letters",
    "access_log",
)


@pytest.fixture
def officer():
    return UserFactory(
        username="ig.officer",
        first_name="Wenna",
        last_name="Kitto",
        roles=["Information governance"],
    )


@pytest.fixture
def other_person(housing):
    """Someone else the council also holds records about."""
    person = CustomerFactory(
        first_name="Tamsin",
        last_name="Quillerby",
        postcode="FH9 2ZZ",
        address="12 Harbour Row",
        email="tamsin@example.org",
    )
    IncidentFactory(customer=person, service_area=housing, description="Threw a chair.")
    RestrictionFactory(customer=person, reasons="Quillerby's own reasons.")
    return person


@pytest.fixture
def person(housing, fast_pdf, other_person, officer):
    """One of each kind of record about Morwenna Pascoe, one of them on a duplicate
    record merged into hers."""
    cite_policy()
    manager = manager_of(housing, username="housing.manager")
    manager.first_name, manager.last_name = "Bryok", "Hendra"
    manager.save()
    customer = CustomerFactory(
        first_name="Morwenna", last_name="Pascoe", postcode="FH3 9QT", address="4 Quarry Lane"
    )
    duplicate = CustomerFactory(first_name="Morwenna", last_name="Pascoe", merged_into=customer)
    incident = IncidentFactory(
        customer=customer,
        service_area=housing,
        witnesses=WITNESS,
        people_affected=AFFECTED,
    )
    IncidentFactory(customer=duplicate, service_area=housing, description="Shouted on the phone.")
    evidence = Evidence(
        incident=incident,
        original_name="cctv-still.jpg",
        content_type="image/jpeg",
        size=5,
        sha256="0" * 64,
        uploaded_by=manager,
    )
    evidence.file.save("cctv-still.jpg", ContentFile(b"hello"), save=True)
    CustomerChange.objects.create(
        customer=customer,
        made_by=manager,
        reason="Moved house.",
        before={"address": "1 Old Road", "representative_name": ""},
        after={"address": "4 Quarry Lane", "representative_name": "Kerensa Rowe"},
    )
    EqualityDetail.objects.create(
        customer=customer, characteristic="disability", answer="Hearing loss", recorded_by=manager
    )
    CautionMarker.objects.create(
        customer=customer,
        incident=incident,
        severity="low",
        safety_advice="Visit in pairs.",
        reasons="Threats recorded in the incident.",
        set_by=manager,
        review_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    CustomerWarningFactory(
        customer=customer,
        given_by=manager,
        behaviour="On 3 March Morwenna Pascoe shouted at staff at the Civic Offices.",
    )
    restriction = RestrictionFactory(
        customer=customer,
        proposed_by=manager,
        incidents=[incident],
        # Free text naming another customer and a member of staff.
        behaviour="On 3 March you shouted at Bryok Hendra, and at tamsin  quillerby in the queue.",
    )
    RestrictionReview.objects.create(
        restriction=restriction,
        reviewed_by=UserFactory(username="reviewer", roles=["Decision maker"]),
        due_on=restriction.review_on,
        since_last="Contact has been in writing.",
        outcome="continue",
        reasons="Still needed.",
        next_review_on=timezone.localdate() + datetime.timedelta(days=90),
    )
    today = timezone.localdate()
    Reconsideration.objects.create(
        restriction=restriction,
        received_on=today,
        received_how="email",
        requested_by="customer",
        grounds="The calls stopped weeks ago.",
        told_on=today,
        last_day=today + datetime.timedelta(days=28),
        in_time=True,
        recorded_by=manager,
    )
    ContactItemFactory(restriction=restriction, logged_by=manager)
    issue_letter(LetterType.RESTRICTION, restriction=restriction, by=manager)
    read_customer(customer, by=manager)
    read_customer(other_person, by=manager)
    return customer


def unzip(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def pdf_text(data, tmp_path):
    path = tmp_path / "index.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_contents_hold_each_kind_of_record_about_the_person(person):
    contents = export_contents(person)
    counts = {key: count for key, _title, count in contents.counts()}
    assert set(counts) == set(KINDS)
    assert all(counts[kind] >= 1 for kind in KINDS), counts
    assert counts["details"] == 2  # her record and the duplicate merged into it
    assert counts["incidents"] == 2


def test_the_zip_holds_the_index_the_letters_and_nothing_about_anyone_else(
    person, other_person, officer, tmp_path
):
    name, data = make_subject_access_export(customer=person, by=officer)
    assert name.startswith(f"subject-access-{person.reference}-")
    files = unzip(data)
    letter = person.letters.get()
    assert set(files) == {"index.html", "index.pdf", f"letters/{letter.reference}.pdf"}
    assert files[f"letters/{letter.reference}.pdf"] == letter.pdf.open("rb").read()
    html = files["index.html"].decode()
    assert "Pascoe" in html
    assert "4 Quarry Lane" in html
    assert "cctv-still.jpg (not included)" in html
    text = pdf_text(files["index.pdf"], tmp_path)
    assert "Pascoe" in text
    for content in [*files.values(), text.encode()]:
        for detail in (
            "Quillerby",
            "Tamsin",
            "FH9 2ZZ",
            "Harbour Row",
            "Threw a chair",
            "Penrose",
        ):
            assert detail.encode() not in content
        # Not the reference alone: a reconsideration's RC-000001 holds C-000001.
        assert not re.search(rb"(?<![A-Z])" + other_person.reference.encode(), content)


def test_witnesses_people_affected_and_staff_names_are_redacted(person, officer):
    html = unzip(make_subject_access_export(customer=person, by=officer)[1])["index.html"]
    html = html.decode()
    for other in ("Jago Penrose", "Ysella Trevithick", "Bryok", "Hendra", "Kitto", "Sam Example"):
        assert other not in html
    assert REDACTED in html
    assert "a member of staff (Manager)" in html
    assert "Kerensa Rowe" not in html
    assert "On 3 March Morwenna Pascoe shouted" in html  # her own name stays
    assert f"you shouted at a member of staff, and at {REDACTED} in the queue." in html


def test_the_council_may_choose_to_name_staff(person, officer, settings):
    settings.SAR_REDACT_STAFF_NAMES = False
    html = unzip(make_subject_access_export(customer=person, by=officer)[1])["index.html"]
    assert "Bryok Hendra" in html.decode()
    assert "Jago Penrose" not in html.decode()


def test_the_export_is_audited_with_counts_only(person, officer):
    make_subject_access_export(customer=person, by=officer)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == officer
    assert event.subject_reference == person.reference
    assert "incidents 2" in event.note
    assert "Pascoe" not in event.note
    letter = person.letters.get()
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, object_reference=letter.reference, actor=officer
    ).exists()


PAGE = "/staff/governance/subject-access/"
EXPORT = "/staff/governance/subject-access/export/"


def test_an_officer_reads_the_list_then_downloads_the_zip(client, person, officer):
    client.force_login(officer)
    assert client.get(PAGE).status_code == 200
    listed = client.post(PAGE, {"reference": person.reference.lower()})
    assert listed.status_code == 200
    page = listed.content.decode()
    assert "What the export for" in page
    assert person.letters.get().reference in page
    listing = AuditEvent.objects.get(action=AuditAction.VIEW, actor=officer)
    assert listing.subject_reference == person.reference
    assert "listed" in listing.note
    response = client.post(EXPORT, {"reference": person.reference})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert person.reference in response["Content-Disposition"]
    assert "index.html" in unzip(response.content)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=officer).count() == 1


def test_a_merged_record_s_reference_finds_the_record_in_use(client, person, officer):
    duplicate = person.merged_records.get()
    client.force_login(officer)
    page = client.post(PAGE, {"reference": duplicate.reference}).content.decode()
    assert f"What the export for {person.reference}" in page


def test_nothing_is_exported_before_the_contents_are_listed(client, person, officer):
    client.force_login(officer)
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    assert client.get(EXPORT).status_code == 405


def test_an_unknown_reference_is_refused_plainly(client, officer):
    client.force_login(officer)
    response = client.post(PAGE, {"reference": "C-999999"})
    assert response.status_code == 200
    assert "No customer record has that reference" in response.content.decode()


@pytest.mark.parametrize(
    "role", ["Staff", "Manager", "Decision maker", "Health and safety", "Comms editor"]
)
def test_other_roles_are_refused(client, person, role):
    client.force_login(UserFactory(username="someone", roles=[role]))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"reference": person.reference}).status_code == 403
    assert client.post(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.EXPORT], subject_reference=person.reference
    ).exists()


def test_a_changed_letter_stops_the_export_and_the_failure_stays_recorded(client, person, officer):
    letter = person.letters.get()
    with letter.pdf.storage.open(letter.pdf.name, "wb") as stored:
        stored.write(b"%PDF-1.7 altered\n")
    client.force_login(officer)
    client.post(PAGE, {"reference": person.reference})
    response = client.post(EXPORT, {"reference": person.reference}, follow=True)
    assert "no longer matches" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.INTEGRITY_FAILURE, object_reference=letter.reference
    ).exists()


def test_the_export_is_of_the_person_last_listed_on_that_page(
    client, person, other_person, officer
):
    client.force_login(officer)
    client.post(PAGE, {"reference": person.reference})
    client.post(PAGE, {"reference": other_person.reference})  # in another tab
    response = client.post(EXPORT, {"reference": person.reference})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
