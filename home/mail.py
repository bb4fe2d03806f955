"""E-mail goes out through the tasks framework, one message a task.

``queue_emails`` writes each message to the task queue as plain values. With the database
backend (production) the queued row is part of the transaction that caused it: a change
that rolls back sends nothing, and a worker that is down loses nothing, as the rows wait
for it. With the immediate backend (development and tests) each message is sent at once.
"""

import logging
from contextlib import nullcontext

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django_tasks import task
from django_tasks.backends.dummy import DummyBackend
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)


class EmailNotSent(Exception):
    """The mail server did not take a message. Says what kind of failure it was, never who
    the message was for: the worker logs it."""


@task()
def send_email(subject, body, recipients, reply_to=None):
    """Send one message. Takes only plain values, so that any backend can store them.
    A failure is raised, so that the task is marked failed and can be seen and run again."""
    message = EmailMessage(subject, body, to=list(recipients), reply_to=reply_to or None)
    try:
        sent = get_connection().send_messages([message])
    except Exception as error:
        # Mail servers name the refused addresses in their errors: keep them out of logs.
        raise EmailNotSent(
            f"The mail server refused the message ({type(error).__name__})."
        ) from None
    if not sent:
        raise EmailNotSent("The mail server did not take the message.")
    return sent


def queue_emails(messages):
    """Queue each of ``messages`` (EmailMessages, or anything with a subject, a body, a
    ``to`` list and a ``reply_to`` list) to be sent by ``send_email``; return how many were
    queued."""
    for message in messages:
        send_email.enqueue(
            message.subject,
            message.body,
            list(message.to),
            list(getattr(message, "reply_to", None) or []) or None,
        )
    return len(messages)


def queue_emails_or_log(messages, *, about) -> int:
    """Queue ``messages`` as ``queue_emails`` does, without ever failing the caller: a
    failure is logged, naming ``about`` (a reference, never an address), and 0 returned.

    Where the queue is a table of this database, its rows go in under a savepoint, so a
    write that fails leaves the caller's transaction usable. The immediate and dummy
    backends write no row, so they need no savepoint (and its two round trips)."""
    if not messages:
        return 0
    writes_rows = not isinstance(send_email.get_backend(), (ImmediateBackend, DummyBackend))
    try:
        with transaction.atomic() if writes_rows else nullcontext():
            return queue_emails(messages)
    except Exception:
        logger.exception("Could not queue the e-mails about %s", about)
        return 0
