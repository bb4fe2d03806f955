"""Whole public pages for anonymous visitors, kept in the shared cache until a publish.

`PublicPageCacheMiddleware` stores the response to an anonymous GET of a public address
(Wagtail pages, their versions, compare pages, permanent version addresses and poster
PDFs) and replays it, headers and all, without touching the database. Every stored
response carries the site's *generation*, a random token kept in the cache; anything that
can change what the public sees (a publish, unpublish, move or delete, the council's
settings, page privacy, the restriction catalogue) replaces the token, and responses
stored under an older token are never served again.

One token for the whole site rather than one per page: every page shows the menu and the
council's details, the version notices and compare pages depend on their neighbours, and
the policy lists the live catalogue. Re-rendering a few dozen pages after a publish costs
far less than one stale notice. See docs/caching.md.
"""

import hashlib
import logging
import time
import uuid
from collections import OrderedDict
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse

from .view_restrictions import known_view_restrictions, site_has_view_restrictions

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
PAGE_KEY_PREFIX = "pagecache:page:"
SITE_KEY_PREFIX = "pagecache:site:"
HEADER = "X-Cache"
HIT = "hit"
MISS = "miss"

# Links from newsletters and social media add these; they never change the page.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid"})
# Headers worked out afresh for every response, never replayed.
NOT_REPLAYED = frozenset({HEADER.lower(), "set-cookie", "date"})
# Posters are the largest public responses; anything bigger is served fresh each time.
MAX_BYTES = 5 * 1024 * 1024
# How many pages each worker process keeps in its own memory besides the shared cache.
LOCAL_PAGES = 64


def _seconds():
    return getattr(settings, "PUBLIC_CACHE_SECONDS", 0)


# --- The generation -------------------------------------------------------------------


class _KnownGeneration:
    """The generation this worker process read last, and when (a monotonic clock).

    A cached page this process already holds (``RECENT_PAGES``) is replayed without
    asking the shared cache anything while the generation it read is under
    ``PUBLIC_CACHE_RECHECK_MS`` old: a publish on this process retires its pages at once,
    one on another app server within that time (a second unless set)."""

    value = None
    read_at = float("-inf")

    def remember(self, value):
        self.value, self.read_at = value, time.monotonic()
        return value

    def fresh(self):
        window = getattr(settings, "PUBLIC_CACHE_RECHECK_MS", 0) / 1000
        if self.value is not None and time.monotonic() - self.read_at < window:
            return self.value
        return None


KNOWN_GENERATION = _KnownGeneration()


def new_generation():
    """Retire every stored response: later requests render afresh and store again."""
    generation = uuid.uuid4().hex
    try:
        cache.set(GENERATION_KEY, generation, timeout=None)
    except Exception:  # noqa: BLE001  (an unreachable cache must not stop a publish)
        logger.exception("Could not start a new public page cache generation")
        generation = None
    KNOWN_GENERATION.remember(generation)


def _current_generation(found):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First request since the cache started (or lost its keys): a fresh token, so
        # nothing stored under an earlier one can come back.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return KNOWN_GENERATION.remember(generation)


# --- Which requests and responses -----------------------------------------------------


def _has_other_parameters(request) -> bool:
    """Whether the query string holds anything but tracking parameters.

    Such a request (a search, a page number, a unique value to dodge the cache) is
    answered afresh and never stored, so the cache cannot be filled with junk.
    """
    if not request.META.get("QUERY_STRING"):
        return False
    return any(
        name not in TRACKING_PARAMETERS and not name.startswith(TRACKING_PREFIXES)
        for name, _value in parse_qsl(request.META["QUERY_STRING"], keep_blank_values=True)
    )


def _bypass_cookies():
    # A session (someone signed in), a CSRF token (someone who has opened a form) or
    # pending messages: the page is theirs alone. Django's cookie message storage always
    # uses the cookie name "messages".
    return {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"}


def public_origin(request):
    """The origin of an anonymous visitor's request for a public page, or None.

    Signed-in people (anyone with a session), a visitor with a CSRF token or pending
    messages, the staff area, the admin and static files are never the cache's."""
    if request.method not in ("GET", "HEAD"):
        return None
    if _bypass_cookies() & request.COOKIES.keys() or "HTTP_AUTHORIZATION" in request.META:
        return None
    path = request.path
    if any(path.startswith(prefix) for prefix in settings.PUBLIC_CACHE_EXCLUDED_PATHS):
        return None
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        return None  # WhiteNoise answers these from memory, with their own headers
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the normal stack answers with its own error
    scheme = "https" if request.is_secure() else "http"
    return f"{scheme}://{host}"


def _storable(request, response):
    if request.method != "GET" or response.status_code != 200:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a CSRF token or a cookie belongs to one visitor
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _body(response):
    """The response's bytes, reading a file response into memory; None if too large."""
    if not response.streaming:
        return response.content if len(response.content) <= MAX_BYTES else None
    length = response.get("Content-Length")
    if length is None or not length.isdigit() or int(length) > MAX_BYTES:
        return None
    content = b"".join(response.streaming_content)
    # The stream has been read: hand the same bytes on to the visitor.
    response.streaming_content = [content]
    return content


def _frontend_cache_headers(response):
    """With a CDN in front, let it keep the page too; publishing purges it (see signals)."""
    if getattr(settings, "WAGTAILFRONTENDCACHE", None) and "Cache-Control" not in response:
        response["Cache-Control"] = f"max-age=0, s-maxage={_seconds()}"


def _replay(stored):
    response = HttpResponse(stored["content"], status=stored["status"], headers=stored["headers"])
    response[HEADER] = HIT
    return response


# --- Objects every page needs ---------------------------------------------------------


def _site_objects(request):
    """What every public page shows around its content: the request's Wagtail site (with
    its home page), the council's settings (with the footer's pages) and the menu."""
    from wagtail.models import Site

    from home.models import CouncilSettings

    site = Site.find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018  (loaded now, kept with the site)
    # Made on first use; the footer's links are read with it.
    council = CouncilSettings.load()
    council = CouncilSettings.objects.select_related("accessibility_page", "privacy_page").get(
        pk=council.pk
    )
    return {
        "site": site,
        "council": council,
        "menu": menu_items(site, request),
        "view_restrictions": site_has_view_restrictions(),
    }


def menu_items(site, request):
    """The site's menu: its home page's live, public children shown in menus."""
    if site is None:
        return []
    pages = site.root_page.get_children().live().public().in_menu()
    return [
        {"title": page.title, "url": page.get_url(request), "url_path": page.url_path}
        for page in pages
    ]


def _prime(request, origin, generation):
    """Give Wagtail the site and settings every page looks up, from the shared cache.

    They change only when the generation does, so after a publish the first page
    rendered looks them up once and the others re-use them. Returns the generation the
    page is rendered under.
    """
    from home.models import CouncilSettings

    key = SITE_KEY_PREFIX + hashlib.sha256(origin.encode()).hexdigest()
    stored = cache.get(key)
    if stored is None or stored[0] != generation:
        objects = _site_objects(request)
        # Making the council's settings the first time starts a new generation.
        generation = cache.get(GENERATION_KEY) or generation
        stored = (generation, objects)
        cache.set(key, stored, _seconds())
    objects = stored[1]
    request._wagtail_site = objects["site"]
    request.public_menu = objects["menu"]
    request.public_view_restrictions = objects.get("view_restrictions")
    setattr(request, CouncilSettings.get_cache_attr_name(), objects["council"])
    return generation


# --- The middleware -------------------------------------------------------------------


def _bench_instruction(request):
    """Under the benchmark only (BENCH_MODE), ``X-Bench-Cache: miss`` renders the page as
    a cache miss would, and ``off`` as if there were no cache; elsewhere it is ignored."""
    if not getattr(settings, "BENCH_MODE", False):
        return None
    return request.META.get("HTTP_X_BENCH_CACHE")


class _RecentPages:
    """The pages this worker process replayed lately, by key, with their generation.

    A hit then reads only the generation from the shared cache (a few bytes) instead of
    the whole page, and skips unpickling it. Whether a page is current is still decided
    by the shared generation on every request, so a publish retires these copies at once
    in every process."""

    def __init__(self, size):
        self.size = size
        self.pages = OrderedDict()

    def get(self, key):
        stored = self.pages.get(key)
        if stored is not None:
            self.pages.move_to_end(key)
        return stored

    def put(self, key, stored):
        self.pages[key] = stored
        self.pages.move_to_end(key)
        while len(self.pages) > self.size:
            self.pages.popitem(last=False)


RECENT_PAGES = _RecentPages(LOCAL_PAGES)


class PublicPageCacheMiddleware:
    """Answer anonymous visitors from the shared cache; see the module's docstring.

    Sits first, so a cached answer costs a cache read and nothing else. A page is stored
    as the rest of the stack finished it, security headers included, and replayed with
    them. The HTTPS redirect still holds: the scheme is part of the address, and a plain
    HTTP request is only ever redirected, which is never stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = public_origin(request) if _seconds() > 0 else None
        bench = _bench_instruction(request)
        if origin is None or bench == "off":
            return self.get_response(request)
        if _has_other_parameters(request):
            # Drawn afresh and never stored, but around the same cached menu and details.
            return self._render_afresh(request, origin)
        key = PAGE_KEY_PREFIX + hashlib.sha256(f"{origin}{request.path}".encode()).hexdigest()
        try:
            stored, generation = self._look_up(key)
        except Exception:  # noqa: BLE001  (the site stays up while the cache is down)
            logger.exception("The public page cache could not be read")
            return self.get_response(request)
        if stored is not None and bench != "miss":
            return _replay(stored)

        generation = _prime(request, origin, generation)
        with known_view_restrictions(request.public_view_restrictions):
            response = self.get_response(request)
        if bench != "miss" and _storable(request, response):
            content = _body(response)
            if content is not None:
                _frontend_cache_headers(response)
                stored = {
                    "generation": generation,
                    "status": response.status_code,
                    "headers": [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in NOT_REPLAYED
                    ],
                    "content": content,
                }
                cache.set(key, stored, _seconds())
                RECENT_PAGES.put(key, stored)
        response[HEADER] = MISS
        return response

    @staticmethod
    def _look_up(key):
        """(the current stored answer or None, the current generation)."""
        recent = RECENT_PAGES.get(key)
        if recent is not None:
            generation = KNOWN_GENERATION.fresh()
            if generation is None:
                generation = KNOWN_GENERATION.remember(cache.get(GENERATION_KEY))
            if generation is not None and recent["generation"] == generation:
                return recent, generation
        found = cache.get_many([GENERATION_KEY, key])
        generation = _current_generation(found)
        stored = found.get(key)
        if stored is None or stored["generation"] != generation:
            return None, generation
        RECENT_PAGES.put(key, stored)
        return stored, generation

    def _render_afresh(self, request, origin):
        try:
            generation = _current_generation(cache.get_many([GENERATION_KEY]))
            _prime(request, origin, generation)
        except Exception:  # noqa: BLE001  (the site stays up while the cache is down)
            logger.exception("The public page cache could not be read")
        with known_view_restrictions(getattr(request, "public_view_restrictions", None)):
            return self.get_response(request)


# --- A CDN in front -------------------------------------------------------------------


def frontend_cache_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def withdrawn_urls(page) -> list[str]:
    """The addresses of a page leaving the site, worked out while it still has them."""
    if not frontend_cache_enabled():
        return []
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_page(page)
    return sorted(batch.urls)


def purge_frontend_cache(extra_urls=()):
    """Ask the CDN to forget every live page and ``extra_urls`` (the callers add the
    addresses that are not pages, such as published versions). Pages share the menu and
    the council's details, so a change to one can show on all of them."""
    if not frontend_cache_enabled():
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    batch = PurgeBatch(extra_urls)
    batch.add_pages(Page.objects.live().public().specific().iterator())
    batch.purge()
