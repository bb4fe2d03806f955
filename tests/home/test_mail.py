"""E-mail goes out as a task. In production the task waits in the database, written in
the same transaction as the change that caused it, until the worker sends it."""

import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from home.mail import queue_emails, send_email
from reporting.access import notify
from tests.worker import database_tasks, run_worker

pytestmark = pytest.mark.django_db

ADDRESS = "decider.one@council.example"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, naming them as real servers do."""

    def send_messages(self, email_messages):
        recipients = {
            address: (550, b"No such mailbox") for m in email_messages for address in m.to
        }
        raise smtplib.SMTPRecipientsRefused(recipients)


def test_a_queued_e_mail_waits_in_the_database_until_the_worker_sends_it():
    with database_tasks():
        result = send_email.enqueue("Review due: R-2026-0001", "Please review it.", [ADDRESS])
        row = DBTaskResult.objects.get()
        assert row.status == TaskResultStatus.READY
        assert mail.outbox == []
        run_worker()
        assert send_email.get_result(result.id).status == TaskResultStatus.SUCCESSFUL
    assert [(message.subject, message.to) for message in mail.outbox] == [
        ("Review due: R-2026-0001", [ADDRESS])
    ]
    assert mail.outbox[0].body == "Please review it."


def test_queue_emails_queues_one_task_a_message_and_keeps_the_reply_address():
    messages = [
        EmailMessage("One", "First.", to=[ADDRESS], reply_to=["team@council.example"]),
        EmailMessage("Two", "Second.", to=["decider.two@council.example"]),
    ]
    with database_tasks():
        assert queue_emails(messages) == 2
        assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2
        assert mail.outbox == []
        run_worker()
        assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2
    sent = {message.subject: message for message in mail.outbox}
    assert sent["One"].reply_to == ["team@council.example"]
    assert sent["Two"].to == ["decider.two@council.example"]
    assert sent["Two"].reply_to == []


def test_with_the_immediate_backend_the_e_mail_goes_at_once():
    assert queue_emails([EmailMessage("Now", "At once.", to=[ADDRESS])]) == 1
    assert [message.to for message in mail.outbox] == [[ADDRESS]]
    assert not DBTaskResult.objects.exists()


def test_an_e_mail_queued_by_a_change_that_rolls_back_is_never_sent():
    queued_before_the_failure = []

    @transaction.atomic
    def change_that_fails():
        notify.tell(
            [ADDRESS],
            subject="Decision waiting: R-2026-0002",
            what="A proposal waits for your decision",
            reference="R-2026-0002",
            path="/staff/reviews/",
        )
        queued_before_the_failure.append(DBTaskResult.objects.count())
        raise RuntimeError("the change fails after the e-mail was queued")

    with database_tasks():
        with pytest.raises(RuntimeError):
            change_that_fails()
        assert queued_before_the_failure == [1]
        assert not DBTaskResult.objects.exists()
        run_worker()
    assert mail.outbox == []


def test_an_e_mail_the_server_refuses_is_marked_failed_without_the_address_in_the_log(caplog):
    with database_tasks(), override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"):
        send_email.enqueue("Review due: R-2026-0003", "Please review it.", [ADDRESS])
        printed = run_worker()
        row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "home.mail.EmailNotSent"
    assert "SMTPRecipientsRefused" in row.traceback
    for text in (row.traceback, caplog.text, printed):
        assert ADDRESS not in text
