"""Page privacy without asking the database when the site has none.

Wagtail checks every page it serves for view restrictions (a password, signed-in users
only, certain groups) on the page and on each of its ancestors: two queries a page. A
council's public site usually has none at all. The page cache's shared site entry
(home/cache.py) records whether any exist, and it is retired whenever a restriction is
added, changed or removed (policy_pages/signals.py); while a public request is served
under an entry that records none, pages answer with no restrictions and ask nothing.
Anywhere else (the admin, previews, a site with restrictions) Wagtail asks as usual.
"""

import contextlib
import contextvars

from wagtail.models import PageViewRestriction

_SITE_HAS_NONE = contextvars.ContextVar("site_has_no_view_restrictions", default=False)


def site_has_view_restrictions() -> bool:
    return PageViewRestriction.objects.exists()


@contextlib.contextmanager
def known_view_restrictions(site_has_any):
    """While the request is answered, pages trust ``site_has_any`` (None: unknown)."""
    token = _SITE_HAS_NONE.set(site_has_any is False)
    try:
        yield
    finally:
        _SITE_HAS_NONE.reset(token)


class KnownViewRestrictionsMixin:
    """For page models: no query for view restrictions when the site is known to have
    none."""

    def get_view_restrictions(self):
        if _SITE_HAS_NONE.get():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
