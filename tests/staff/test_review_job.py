"""The daily job: restrictions past their end date end by themselves, and decision makers
hear by e-mail which reviews are due — by reference, with nobody's name in it."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reporting.access.models import AuditEvent
from reporting.markers.models import CautionMarker
from reporting.restrictions.enums import EndReason, RestrictionStatus
from reporting.restrictions.models import Restriction
from reporting.staff.jobs import run_daily
from reporting.staff.tasks import daily_restriction_reviews
from tests.access.factories import manager_of
from tests.customers.factories import CustomerFactory
from tests.factories import UserFactory
from tests.incidents.factories import IncidentFactory
from tests.restrictions.factories import RestrictionFactory
from tests.worker import database_tasks, run_worker

pytestmark = pytest.mark.django_db

QUEUE = "/staff/reviews/"


def today():
    return timezone.localdate()


def in_days(days):
    return today() + datetime.timedelta(days=days)


@pytest.fixture
def customer(housing):
    person = CustomerFactory(first_name="Morwenna", last_name="Pascoe", postcode="TR1 2AB")
    IncidentFactory(customer=person, service_area=housing)
    return person


@pytest.fixture
def deciders():
    return [
        UserFactory(username="decider.one", roles=["Decision maker"]),
        UserFactory(username="decider.two", roles=["Decision maker"]),
    ]


def restriction(customer, **values):
    values.setdefault("review_on", in_days(60))
    values.setdefault("starts_on", in_days(-40))
    # Decided by one of the two decision makers the e-mail tests expect, not a new one.
    values.setdefault("decided_by", UserFactory(username="decider.one", roles=["Decision maker"]))
    return RestrictionFactory(customer=customer, **values)


# Ending restrictions past their end date --------------------------------------------------


def test_a_restriction_past_its_end_date_ends_by_itself(customer):
    expired = restriction(customer, ends_on=in_days(-1))
    run_daily()
    expired.refresh_from_db()
    assert expired.status == RestrictionStatus.ENDED
    assert expired.ended_on == in_days(-1)
    assert expired.ended_reason == EndReason.END_DATE
    event = AuditEvent.objects.get(object_reference=expired.reference)
    assert (event.action, event.actor) == ("change", None)
    assert "Morwenna" not in event.note


def test_a_restriction_ending_today_or_later_stays_in_force(customer):
    last_day = restriction(customer, ends_on=today())
    later = restriction(customer, ends_on=in_days(5))
    until_review = restriction(customer, ends_on=None)
    run_daily()
    for still in (last_day, later, until_review):
        still.refresh_from_db()
        assert still.status == RestrictionStatus.ACTIVE


@pytest.mark.parametrize("status", ["proposed", "refused"])
def test_proposals_and_refusals_are_left_alone(customer, status):
    undecided = restriction(customer, status=status, ends_on=in_days(-3))
    run_daily()
    undecided.refresh_from_db()
    assert undecided.status == status
    assert undecided.ended_on is None


def test_running_twice_ends_nothing_more(customer):
    expired = restriction(customer, ends_on=in_days(-1))
    first = run_daily()
    second = run_daily()
    assert first.ended == [expired.reference]
    assert second.ended == []
    assert AuditEvent.objects.filter(object_reference=expired.reference).count() == 1


def test_an_ended_restriction_waits_for_its_letter_in_the_queue(client, soup, customer, housing):
    expired = restriction(customer, ends_on=in_days(-2))
    run_daily()
    client.force_login(manager_of(housing, username="housing.manager"))
    page = soup(client.get(QUEUE, {"show": "letters"}))
    row = page.select_one("table tbody tr")
    assert row.th.get_text(strip=True) == expired.reference
    assert "Restriction has ended" in row.get_text()
    assert row.select("a")[-1]["href"] == f"/staff/letters/new/ended/{expired.reference}/"
    # And it no longer shows among the restrictions in force.
    page = soup(client.get(QUEUE, {"show": "all"}))
    assert expired.reference not in page.get_text()


# The e-mail to decision makers ---------------------------------------------------------------


def test_each_decision_maker_gets_one_e_mail_listing_what_is_due(customer, deciders):
    overdue = restriction(customer, review_on=in_days(-4))
    soon = restriction(customer, review_on=in_days(9))
    later = restriction(customer, review_on=in_days(30))
    UserFactory(username="decider.left", roles=["Decision maker"], is_active=False)
    UserFactory(username="manager", roles=["Manager"])
    summary = run_daily()
    assert summary.emails == 2
    assert sorted(message.to[0] for message in mail.outbox) == [
        "decider.one@council.example",
        "decider.two@council.example",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    message = mail.outbox[0]
    assert message.subject == "Restriction reviews: 1 overdue, 1 due within 14 days"
    body = message.body
    assert overdue.reference in body
    assert "4 days overdue" in body
    assert soon.reference in body
    assert f"{soon.review_on.day} {soon.review_on:%B %Y}" in body
    assert later.reference not in body
    assert "https://council.example/staff/reviews/" in body


def test_the_e_mail_holds_no_personal_data(customer, deciders):
    restriction(customer, review_on=in_days(-1), named_contact="Jo Bloggs, tenancy officer")
    run_daily()
    body = mail.outbox[0].body + mail.outbox[0].subject
    for detail in ("Morwenna", "Pascoe", "TR1 2AB", customer.reference, "Jo Bloggs", "shouted"):
        assert detail not in body


def test_caution_markers_due_are_counted_in_the_same_e_mail(customer, deciders):
    restriction(customer, review_on=in_days(2))
    marker = {
        "customer": customer,
        "incident": customer.incidents.get(),
        "severity": "low",
        "safety_advice": "Visit in pairs.",
        "reasons": "Threatened an officer.",
        "status": "active",
        "set_by": UserFactory(username="setter", roles=["Manager"]),
        "person_told": True,
        "told_on": today(),
    }
    CautionMarker.objects.create(**marker, review_date=in_days(-1))
    CautionMarker.objects.create(**marker, review_date=in_days(10))
    CautionMarker.objects.create(**marker, review_date=in_days(50))
    run_daily()
    body = mail.outbox[0].body
    assert "Caution markers due for review within 14 days: 2 (1 overdue)" in body
    assert "Threatened" not in body


def test_nothing_is_sent_when_nothing_is_due(customer, deciders):
    restriction(customer, review_on=in_days(40))
    assert run_daily().emails == 0
    assert mail.outbox == []


# The command and the task ------------------------------------------------------------------


def test_the_command_prints_a_summary(customer, deciders):
    restriction(customer, ends_on=in_days(-1), review_on=in_days(20))
    restriction(customer, review_on=in_days(-2))
    out = io.StringIO()
    call_command("restriction_reviews", stdout=out)
    assert out.getvalue().strip() == (
        f"{today().isoformat()}: ended 1 restriction past their end date; 1 review overdue, "
        "0 due within 14 days; 0 caution markers due for review; 2 e-mails queued; "
        "0 decided restrictions waiting for a letter to bring them into force"
    )


def test_the_summary_counts_decisions_whose_letter_has_not_gone(customer):
    restriction(customer, review_on=in_days(60))
    Restriction.objects.update(status=RestrictionStatus.DECIDED)
    out = io.StringIO()
    call_command("restriction_reviews", stdout=out)
    assert (
        out.getvalue()
        .strip()
        .endswith("1 decided restriction waiting for a letter to bring it into force")
    )


def test_the_command_catches_up_a_missed_day(customer):
    ends = in_days(10)
    later = restriction(customer, ends_on=ends, review_on=in_days(30))
    out = io.StringIO()
    call_command(
        "restriction_reviews",
        "--date",
        (ends + datetime.timedelta(days=1)).isoformat(),
        stdout=out,
    )
    later.refresh_from_db()
    assert later.status == RestrictionStatus.ENDED
    assert later.ended_on == ends


def test_the_command_explains_a_wrong_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("restriction_reviews", "--date", "23/11/2026")


def test_the_task_runs_through_the_tasks_framework(customer, deciders):
    expired = restriction(customer, ends_on=in_days(-1), review_on=in_days(3))
    restriction(customer, review_on=in_days(3))
    result = daily_restriction_reviews.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["ended"] == [expired.reference]
    assert result.return_value["due_soon"] == 1
    assert len(mail.outbox) == 2
    expired.refresh_from_db()
    assert expired.status == RestrictionStatus.ENDED


def test_the_task_takes_a_date_to_catch_up(customer):
    later = restriction(customer, ends_on=in_days(3), review_on=in_days(30))
    result = daily_restriction_reviews.enqueue(in_days(5).isoformat())
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["ended"] == [later.reference]


def test_the_command_queues_the_job_for_the_worker_which_runs_it(customer, deciders):
    expired = restriction(customer, ends_on=in_days(-1), review_on=in_days(3))
    restriction(customer, review_on=in_days(3))
    out = io.StringIO()
    with database_tasks():
        call_command("restriction_reviews", "--queue", stdout=out)
        queued = DBTaskResult.objects.get()
        assert out.getvalue().strip() == f"Queued the daily job as task {queued.id} (ready)."
        # Nothing has happened yet: the job waits for the worker.
        expired.refresh_from_db()
        assert expired.status == RestrictionStatus.ACTIVE
        assert mail.outbox == []
        run_worker()
        queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.return_value["ended"] == [expired.reference]
    expired.refresh_from_db()
    assert expired.status == RestrictionStatus.ENDED
    # The job queued the reminders as tasks of their own; the same run of the worker sent them.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "decider.one@council.example",
        "decider.two@council.example",
    ]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 3


def test_the_queued_job_keeps_the_date_to_catch_up(customer):
    later = restriction(customer, ends_on=in_days(3), review_on=in_days(30))
    with database_tasks():
        call_command("restriction_reviews", "--queue", "--date", in_days(5).isoformat())
        run_worker()
    later.refresh_from_db()
    assert later.status == RestrictionStatus.ENDED
    assert later.ended_on == in_days(3)
