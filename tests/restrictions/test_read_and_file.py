"""Read and file: what a person sends under a restriction that routes their contact to a
named reader is logged, waits in that reader's tasks, is read and checked, is flagged to
the reader's managers when left unread too long, and shows on the next review."""

import datetime

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from home.models import CorrespondenceSettings
from home.rules import RuleError
from policy_pages.models import RestrictionType
from reporting.access.enums import AuditAction
from reporting.access.models import AuditEvent
from reporting.access.permissions import StaffAccess
from reporting.restrictions.enums import ContactAction, ContactChannel
from reporting.restrictions.models import ContactAttachment, ContactItem
from reporting.restrictions.services.correspondence import log_contact_item, record_reading
from reporting.restrictions.services.decisions import propose_restriction
from reporting.restrictions.services.reviews import record_review
from reporting.staff.jobs import run_daily
from reporting.staff.task_lists import tasks_for
from tests.access.factories import ServiceAreaFactory, manager_of
from tests.factories import UserFactory
from tests.restrictions.factories import (
    ContactItemFactory,
    CustomerWarningFactory,
    RestrictionFactory,
)

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - datetime.timedelta(days=days)


def day_fields(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def read_and_file_type():
    return RestrictionType.objects.get(name="Settled matter: read and filed")


def writing_only():
    return RestrictionType.objects.get(name="Contact in writing only")


def task_list(user, key, *, on=None):
    lists = {found.key: found for found in tasks_for(StaffAccess(user), today=on)}
    return lists.get(key)


def references_in(found):
    return [row.reference for row in found.rows] if found else []


@pytest.fixture
def attachments_dir(tmp_path, monkeypatch):
    folder = tmp_path / "attachments"
    field = ContactAttachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=folder))
    return folder


def files_in(folder):
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


@pytest.fixture
def reader():
    return UserFactory(username="reader", first_name="Rhian", last_name="Reader", roles=["Staff"])


@pytest.fixture
def restriction(customer, reader):
    return RestrictionFactory(
        customer=customer, types=[read_and_file_type()], reader=reader, starts_on=days_ago(30)
    )


@pytest.fixture
def unrouted(customer):
    return RestrictionFactory(customer=customer, types=[writing_only()])


def log(restriction, by, **changes):
    values = {
        "received_on": today(),
        "channel": ContactChannel.EMAIL,
        "summary": "A fourth e-mail about the 2019 repairs complaint.",
        **changes,
    }
    return log_contact_item(restriction=restriction, by=by, **values)


# The catalogue and the proposal --------------------------------------------------------


def test_the_seeded_read_and_file_entries_route_contact_to_a_reader():
    routed = set(
        RestrictionType.objects.filter(routes_to_reader=True).values_list("name", flat=True)
    )
    assert routed == {"Correspondence redirected to one contact", "Settled matter: read and filed"}


def proposal(customer, *, types, reader=None):
    return {
        "incidents": list(customer.incidents.all()),
        "concern": "persistent",
        "behaviour": "On 3 March and 10 March you sent the same complaint to six officers.",
        "warning": CustomerWarningFactory(customer=customer),
        "checks_made": "The complaint was answered in full at both stages.",
        "needs_considered": "None recorded; we asked and none were given.",
        "alternatives": "One reply to many messages was tried first.",
        "reasons": "The same settled matter is raised every week.",
        "types": types,
        "arrangements": "Write to the housing team; letters on the settled matter are filed.",
        "named_contact": "Housing team leader",
        "essential_services": "Emergency repairs line, open all hours.",
        "scope": "service",
        "service_areas": list({i.service_area for i in customer.incidents.all()}),
        "staff_told": "Housing officers and reception.",
        "reconsideration_contact": "The Director of Corporate Services",
        "starts_on": today(),
        "reader": reader,
    }


def test_a_read_and_file_proposal_must_name_its_reader(customer, manager, reader):
    with pytest.raises(RuleError) as refused:
        propose_restriction(
            customer=customer, by=manager, **proposal(customer, types=[read_and_file_type()])
        )
    assert "choose who reads each item" in refused.value.errors["reader"]
    proposed = propose_restriction(
        customer=customer,
        by=manager,
        **proposal(customer, types=[read_and_file_type()], reader=reader),
    )
    assert proposed.reader == reader


def test_a_reader_is_kept_only_where_contact_is_read_and_filed(customer, manager, reader):
    proposed = propose_restriction(
        customer=customer, by=manager, **proposal(customer, types=[writing_only()], reader=reader)
    )
    assert proposed.reader is None


def test_the_proposal_form_offers_active_staff_and_managers_as_readers(
    client, soup, customer, manager, reader
):
    UserFactory(
        username="gone", first_name="Gwen", last_name="Gone", roles=["Staff"], is_active=False
    )
    UserFactory(username="comms", first_name="Cai", last_name="Comms", roles=["Comms editor"])
    client.force_login(manager)
    url = f"/staff/customers/{customer.reference}/restrictions/new/"
    options = [o.get_text(strip=True) for o in soup(client.get(url)).select("#id_reader option")]
    assert "Rhian Reader" in options
    assert "Sam Example" in options  # the manager
    assert "Gwen Gone" not in options
    assert "Cai Comms" not in options


def test_the_decision_record_names_the_reader(client, soup, restriction, decider):
    client.force_login(decider)
    page = soup(client.get(f"/staff/restrictions/{restriction.reference}/")).get_text(" ")
    assert "Rhian Reader, who checks each item" in page


# Logging an item -----------------------------------------------------------------------


def test_nothing_is_logged_under_a_restriction_that_does_not_route_contact_to_a_reader(
    client, unrouted, manager
):
    with pytest.raises(RuleError, match="does not send the person's contact to a named reader"):
        log(unrouted, manager)
    client.force_login(manager)
    assert (
        client.get(f"/staff/restrictions/{unrouted.reference}/correspondence/new/").status_code
        == 404
    )
    assert not ContactItem.objects.exists()


def test_nothing_is_logged_by_someone_who_cannot_open_the_restriction(client, restriction):
    stranger = manager_of(ServiceAreaFactory(name="Libraries"), username="libraries.manager")
    with pytest.raises(RuleError, match="Only the named reader"):
        log(restriction, stranger)
    client.force_login(stranger)
    url = f"/staff/restrictions/{restriction.reference}/correspondence/new/"
    assert client.get(url).status_code == 404
    assert not ContactItem.objects.exists()


def test_nothing_is_logged_once_the_restriction_has_ended(restriction, manager):
    restriction.status = "ended"
    restriction.save()
    with pytest.raises(RuleError, match="only while the restriction is in force"):
        log(restriction, manager)


def test_an_item_logged_by_a_manager_waits_in_the_named_readers_tasks_only(
    restriction, manager, reader, decider
):
    item = log(restriction, manager)
    assert item.reference == f"CI-{item.pk:06d}"
    assert references_in(task_list(reader, "items_to_read")) == [item.reference]
    assert task_list(manager, "items_to_read") is None
    assert task_list(decider, "items_to_read") is None
    other_staff = UserFactory(username="frontline", roles=["Staff"])
    assert task_list(other_staff, "items_to_read") is None
    assert AuditEvent.objects.filter(
        object_reference=item.reference, action=AuditAction.CREATE
    ).exists()


def test_the_readers_tasks_list_items_oldest_first(restriction, manager, reader):
    newer = log(restriction, manager, received_on=days_ago(1))
    older = log(restriction, manager, received_on=days_ago(3))
    assert references_in(task_list(reader, "items_to_read")) == [older.reference, newer.reference]


def test_the_reader_logs_an_item_with_an_attachment_through_the_page(
    client, soup, restriction, reader, attachments_dir
):
    client.force_login(reader)
    url = f"/staff/restrictions/{restriction.reference}/correspondence/new/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            **day_fields("received_on", days_ago(1)),
            "channel": "letter",
            "summary": "A letter repeating the 2019 complaint.",
            "attachments": SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
        },
    )
    item = ContactItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/correspondence/{item.reference}/"
    attachment = item.attachments.get()
    assert attachment.original_name == "scan.png"
    assert attachment.content_type == "image/png"
    assert len(files_in(attachments_dir)) == 1
    # The reader opens it and downloads the copy; the download is audited.
    page = soup(client.get(response["Location"]))
    link = page.find("a", string="scan.png")["href"]
    download = client.get(link)
    assert b"".join(download.streaming_content) == PNG
    assert AuditEvent.objects.filter(
        object_reference=item.reference, action=AuditAction.DOWNLOAD
    ).exists()


def test_a_disallowed_attachment_is_refused_and_nothing_is_saved(
    client, soup, restriction, reader, attachments_dir
):
    client.force_login(reader)
    response = client.post(
        f"/staff/restrictions/{restriction.reference}/correspondence/new/",
        {
            **day_fields("received_on", today()),
            "channel": "email",
            "summary": "An e-mail with something attached.",
            "attachments": SimpleUploadedFile("letter.pdf", PROGRAM),
        },
    )
    assert response.status_code == 200
    assert "“letter.pdf” is named as a PDF but its content is not" in soup(response).get_text()
    assert not ContactItem.objects.exists()
    assert files_in(attachments_dir) == []


def test_health_and_safety_read_the_item_but_may_not_log_or_read_it_for_the_reader(
    client, restriction, manager
):
    item = log(restriction, manager)
    safety = UserFactory(username="safety", roles=["Health and safety"])
    client.force_login(safety)
    assert (
        client.get(f"/staff/restrictions/{restriction.reference}/correspondence/new/").status_code
        == 403
    )
    assert client.get(f"/staff/correspondence/{item.reference}/").status_code == 200
    response = client.post(f"/staff/correspondence/{item.reference}/", {"action": "filed"})
    assert response.status_code == 403


# Reading ----------------------------------------------------------------------------------


def test_the_reader_records_what_the_item_raises_and_what_was_done(
    client, soup, restriction, manager, reader
):
    item = log(restriction, manager)
    client.force_login(reader)
    url = f"/staff/correspondence/{item.reference}/"
    response = client.post(
        url,
        {
            "found": ["complaint", "safeguarding"],
            "action": "passed",
            "action_detail": "Passed to adult social care the same day.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.complaint, item.safeguarding, item.raises_new_issue, item.urgent) == (
        True,
        True,
        False,
        False,
    )
    assert item.action == ContactAction.PASSED
    assert item.read_by == reader
    assert task_list(reader, "items_to_read").count == 0
    note = AuditEvent.objects.get(object_reference=item.reference, action=AuditAction.CHANGE).note
    assert note == "Read: a complaint, a safeguarding concern; passed to a service"
    text = soup(client.get(url)).get_text(" ")
    assert "A safeguarding concern" in text
    assert "Passed to adult social care the same day." in text


def test_an_item_that_raises_something_is_never_simply_filed(restriction, manager, reader):
    item = log(restriction, manager)
    with pytest.raises(RuleError) as refused:
        record_reading(item=item, by=reader, action=ContactAction.FILED, urgent=True)
    assert "pass it to a service or answer it" in refused.value.errors["action"]
    with pytest.raises(RuleError) as refused:
        record_reading(item=item, by=reader, action=ContactAction.PASSED)
    assert refused.value.errors["action_detail"] == "Say which service it was passed to"
    item.refresh_from_db()
    assert not item.is_read


def test_only_the_named_reader_records_the_reading(restriction, manager, reader):
    item = log(restriction, manager)
    with pytest.raises(RuleError, match="Only the named reader"):
        record_reading(item=item, by=manager, action=ContactAction.FILED)
    record_reading(item=item, by=reader, action=ContactAction.FILED)
    with pytest.raises(RuleError, match="already been read"):
        record_reading(item=item, by=reader, action=ContactAction.FILED)


def test_with_the_reader_gone_a_manager_of_the_service_reads_instead(restriction, manager, reader):
    item = log(restriction, manager)
    reader.is_active = False
    reader.save()
    record_reading(item=item, by=manager, action=ContactAction.FILED)
    item.refresh_from_db()
    assert item.read_by == manager


# Left unread -----------------------------------------------------------------------------


def test_an_item_left_unread_past_the_councils_limit_is_flagged_to_the_readers_managers(
    restriction, manager, reader
):
    settings = CorrespondenceSettings.load()
    settings.unread_item_days, settings.unread_item_unit = 5, "calendar"
    settings.save()
    old = ContactItemFactory(restriction=restriction, received_on=days_ago(6), logged_by=manager)
    on_the_day = ContactItemFactory(
        restriction=restriction, received_on=days_ago(5), logged_by=manager
    )
    overdue = task_list(manager, "unread_overdue")
    assert references_in(overdue) == [old.reference]
    # A day later the second one is overdue too; a manager of another service sees neither.
    tomorrow = today() + datetime.timedelta(days=1)
    assert references_in(task_list(manager, "unread_overdue", on=tomorrow)) == [
        old.reference,
        on_the_day.reference,
    ]
    stranger = manager_of(ServiceAreaFactory(name="Libraries"), username="libraries.manager")
    assert references_in(task_list(stranger, "unread_overdue")) == []
    # Once read, it is no longer overdue.
    record_reading(item=old, by=reader, action=ContactAction.FILED)
    assert references_in(task_list(manager, "unread_overdue")) == []


def test_working_days_skip_the_weekend():
    settings = CorrespondenceSettings(unread_item_days=2, unread_item_unit="working")
    friday, sunday = datetime.date(2026, 3, 6), datetime.date(2026, 3, 8)
    assert settings.read_by(friday, nation="england") == datetime.date(2026, 3, 10)
    # By Wednesday, whatever came in up to Sunday has had its two working days.
    assert settings.overdue_if_received_by(datetime.date(2026, 3, 11), nation="england") == sunday
    assert settings.threshold_words == "2 working days"


def test_the_daily_job_e_mails_the_managers_references_only(
    restriction, manager, reader, customer, settings
):
    settings.PUBLIC_BASE_URL = "https://council.example"
    item = ContactItemFactory(restriction=restriction, received_on=days_ago(20), logged_by=manager)
    ContactItemFactory(restriction=restriction, received_on=today(), logged_by=manager)
    summary = run_daily()
    assert summary.unread_overdue == 1
    sent = [message for message in mail.outbox if message.to == [manager.email]]
    assert len(sent) == 1
    body = sent[0].subject + sent[0].body
    assert item.reference in body
    assert restriction.reference in body
    assert "https://council.example/staff/" in body
    for detail in ("Morwenna", "Pascoe", customer.reference, "repairs complaint", "Rhian"):
        assert detail not in body
    assert "1 read-and-file item unread past the council's limit" in summary.line()


# The next review --------------------------------------------------------------------------


def test_the_review_form_shows_what_came_in_and_what_was_found(
    client, soup, restriction, manager, reader, decider
):
    read = log(restriction, manager, received_on=days_ago(2))
    record_reading(
        item=read,
        by=reader,
        action=ContactAction.ANSWERED,
        raises_new_issue=True,
        action_detail="A new repair was reported and booked.",
    )
    unread = log(restriction, manager)
    client.force_login(decider)
    page = soup(client.get(f"/staff/restrictions/{restriction.reference}/review/"))
    text = page.get_text(" ")
    assert "2 items logged" in text
    assert "1 read, 1 not read yet" in text
    assert "Raises a new issue: 1" in text
    assert "Answered: 1" in text
    rows = {
        row.th.get_text(strip=True): row.get_text(" ", strip=True)
        for row in page.select("table tbody tr")
    }
    assert "Raises a new issue" in rows[read.reference]
    assert "A new repair was reported and booked." in rows[read.reference]
    assert "Not read yet" in rows[unread.reference]


def test_the_named_reader_opens_the_items_but_not_the_decision_record(
    client, restriction, manager, reader
):
    item = log(restriction, manager)
    client.force_login(reader)
    assert client.get(f"/staff/restrictions/{restriction.reference}/").status_code == 404
    assert client.get(f"/staff/correspondence/{item.reference}/").status_code == 200
    url = f"/staff/restrictions/{restriction.reference}/correspondence/new/"
    assert client.get(url).status_code == 200
    # Their home says where to log what comes in, and what waits for them.
    assert references_in(task_list(reader, "read_and_file")) == [restriction.reference]
    assert references_in(task_list(reader, "items_to_read")) == [item.reference]


def test_a_review_cannot_vary_a_restriction_into_read_and_file_without_a_reader(customer, decider):
    restriction = RestrictionFactory(customer=customer, types=[writing_only()])
    with pytest.raises(RuleError) as refused:
        record_review(
            restriction,
            by=decider,
            since_last="Letters every week on the settled repairs matter.",
            outcome="vary",
            reasons="Letters on the settled matter will be read and filed.",
            changes="Letters on the settled matter are now read and filed.",
            types=[writing_only(), read_and_file_type()],
            next_review_on=today() + datetime.timedelta(days=60),
        )
    assert "choose who reads each item" in refused.value.errors["reader"]
