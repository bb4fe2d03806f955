"""Telling the person who must act: an e-mail with a reference and a link, never personal
details, sent once the change that needs them is committed."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def addresses(users):
    """The e-mail addresses of the active users among ``users``, each once."""
    found = users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    return sorted(set(found))


def role_addresses(role, *, exclude=()):
    """Everyone in the group ``role``, less the users in ``exclude``."""
    users = get_user_model().objects.filter(groups__name=role)
    return addresses(users.exclude(pk__in=[user.pk for user in exclude]))


def tell(recipients, *, subject, what, reference, path):
    """Once the transaction commits, e-mail each recipient that ``what`` waits for them,
    with ``reference`` and a link to ``path``. A failure is logged, never shown."""
    if not recipients:
        return
    body = render_to_string(
        "access/emails/task.txt",
        {"what": what, "reference": reference, "link": f"{settings.PUBLIC_BASE_URL}{path}"},
    )
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]

    def send():
        try:
            get_connection().send_messages(messages)
        except Exception:
            logger.exception("Could not send the e-mails about %s", reference)

    transaction.on_commit(send)
