"""Telling the person who must act: an e-mail with a reference and a link, never personal
details, queued in the same transaction as the change that needs it (home/mail.py), so
that a change that rolls back sends nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from home.mail import queue_emails_or_log


def addresses(users):
    """The e-mail addresses of the active users among ``users``, each once."""
    found = users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    return sorted(set(found))


def role_addresses(role, *, exclude=()):
    """Everyone in the group ``role``, less the users in ``exclude``."""
    users = get_user_model().objects.filter(groups__name=role)
    return addresses(users.exclude(pk__in=[user.pk for user in exclude]))


def tell(recipients, *, subject, what, reference, path):
    """Queue an e-mail to each recipient that ``what`` waits for them, with ``reference``
    and a link to ``path``; return how many were queued. A failure to queue is logged,
    never shown: the change itself stands."""
    if not recipients:
        return 0
    body = render_to_string(
        "access/emails/task.txt",
        {"what": what, "reference": reference, "link": f"{settings.PUBLIC_BASE_URL}{path}"},
    )
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    return queue_emails_or_log(messages, about=reference)
