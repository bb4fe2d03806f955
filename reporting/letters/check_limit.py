"""How many wrong guesses one address may make at the public letter check.

Only failed checks count, against the client address django-axes counts failed sign-ins
against (``AXES_CLIENT_IP_CALLABLE``: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT``
proxies the address the outermost one saw). It is looked up by name so that this app
needs nothing from the project package above it. Once an address has used up
``LETTER_CHECK_RATE`` (``"10/h"``: ten wrong guesses an hour), its checks are refused
with a 429 and not run, right or wrong.

Counts are kept in the default cache, shared through Redis in production. If the cache
cannot count, the check goes ahead, as the people search does: a ten-character code
leaves about 10^15 possibilities, so an outage of the counter opens no practical way in,
while refusing everyone would stop people checking a letter they were sent.
"""

import functools
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from django_ratelimit.core import get_usage

GROUP = "letter-check"
TOO_MANY = (
    "There have been too many attempts to check a letter from your connection. "
    "Try again in an hour."
)
TOO_MANY_STATUS = 429

logger = logging.getLogger(__name__)


@functools.cache
def _client_ip_function(path):
    return import_string(path)


def client_address(group, request) -> str:
    """The address the limit counts against: the one sign-in throttling uses."""
    path = getattr(settings, "AXES_CLIENT_IP_CALLABLE", "")
    if path:
        return _client_ip_function(path)(request) or ""
    return request.META.get("REMOTE_ADDR", "")


def _usage(request, *, increment):
    try:
        return get_usage(
            request,
            group=GROUP,
            key=client_address,
            rate=settings.LETTER_CHECK_RATE,
            increment=increment,
        )
    except ImproperlyConfigured:
        raise
    except Exception:  # the cache is down or refused the count
        logger.exception("The letter check limit could not be counted; the check goes ahead")
        return None


def used_up(request) -> bool:
    """True once this address has made its allowance of wrong guesses."""
    usage = _usage(request, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def count_wrong_guess(request) -> None:
    """Count one failed check against this address."""
    _usage(request, increment=True)
