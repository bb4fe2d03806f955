"""How often one member of staff may search for people.

Searching for someone by name or postcode is how staff find a record to report against
or check before a visit, and it is also how someone could trawl the records. Each search
counts against the person's allowance (``CUSTOMER_SEARCH_RATE``, 30 a minute unless set),
shared by the customer search on the report page and the check before contact. Once it
is used up, the search is not run and the page says to wait.

Counts are kept in the default cache: Redis in production, so every app server shares
them. If the cache cannot be reached the search goes ahead: finding a caution marker
before a visit matters more than the limit.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django_ratelimit.core import is_ratelimited

GROUP = "people-search"
TOO_MANY = "You have searched many times in a short while. Wait a minute and try again."
TOO_MANY_STATUS = 429

logger = logging.getLogger(__name__)


def search_allowed(request):
    """Count one search by the signed-in person. False once their allowance is used up."""
    try:
        limited = is_ratelimited(
            request,
            group=GROUP,
            key="user",
            rate=settings.CUSTOMER_SEARCH_RATE,
            increment=True,
        )
    except ImproperlyConfigured:
        raise
    except Exception:  # the cache is down or refused the count
        logger.exception("The search limit could not be counted; the search goes ahead")
        return True
    return not limited
