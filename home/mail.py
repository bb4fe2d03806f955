"""E-mail goes out through the tasks framework, one message a task.

``queue_emails`` writes each message to the task queue as plain values. With the database
backend (production) the queued row is part of the transaction that caused it: a change
that rolls back sends nothing, and a worker that is down loses nothing, as the rows wait
for it. With the immediate backend (development and tests) each message is sent at once.
"""

from django.core.mail import EmailMessage, get_connection
from django_tasks import task


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
