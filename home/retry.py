"""Running a form post again when the database gave up on it because of another writer.

Every request runs in one transaction (``ATOMIC_REQUESTS``). When two requests write
about the same person at the same moment, PostgreSQL may end one of them with a
deadlock or a serialisation failure, and SQLite may answer "database is locked" after
its busy timeout. Either way the transaction has been rolled back whole and nothing was
saved, so the view can safely run again from the start.

``ConflictRetryMiddleware`` does that once, in a fresh transaction. If the second try
fails the same way, the person gets a "please try again" page (503, with Retry-After)
saying that nothing was saved, with a button that posts the same answers again. Files
are never sent back in the page, nor passwords or codes; the page says so when any were
left out. Only views that run inside the request's transaction are retried: a view
excused from it may have committed part of its work.
"""

import contextlib
import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, transaction
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

# PostgreSQL's codes for "deadlock detected" and "could not serialize access".
RETRYABLE_SQLSTATES = {"40P01", "40001"}
RETRYABLE_WORDS = ("database is locked", "deadlock detected", "could not serialize access")
# Fields never written back into the try-again page: the CSRF token (the page issues a
# fresh one), passwords and second-factor codes.
NOT_ECHOED = {"csrfmiddlewaretoken", "code", "otp_token", "token"}
RETRY_AFTER_SECONDS = 5
TEMPLATE = "try_again.html"


def is_write_conflict(error):
    """Whether ``error`` is the database giving up because of another writer: a deadlock
    or a serialisation failure on PostgreSQL, a lock timeout on SQLite."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    text = str(error).lower()
    return any(words in text for words in RETRYABLE_WORDS)


def _atomic_aliases(view):
    """The databases whose transaction wraps ``view`` under ATOMIC_REQUESTS."""
    excused = getattr(view, "_non_atomic_requests", set())
    return [
        alias
        for alias, options in settings.DATABASES.items()
        if options.get("ATOMIC_REQUESTS") and alias not in excused
    ]


def _rewind_uploads(request):
    for name in request.FILES:
        for upload in request.FILES.getlist(name):
            with contextlib.suppress(OSError, ValueError):  # a closed temporary file
                upload.seek(0)


def _echoed_fields(request):
    """The posted fields the try-again page sends back, as (name, value) pairs, and
    whether any were left out."""
    fields, left_out = [], bool(request.FILES)
    for name in request.POST:
        if name in NOT_ECHOED or "password" in name.lower():
            left_out = left_out or name != "csrfmiddlewaretoken"
            continue
        fields.extend((name, value) for value in request.POST.getlist(name))
    return fields, left_out


def try_again_response(request):
    """The page for a post that failed twice: nothing was saved; send it again."""
    fields, left_out = _echoed_fields(request)
    response = TemplateResponse(
        request,
        TEMPLATE,
        {"fields": fields, "left_out": left_out, "action": request.get_full_path()},
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ConflictRetryMiddleware:
    """Runs a post once more when its transaction failed because of another writer, and
    answers a try-again page (not a server error) if that fails too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._conflict_retry_view = (view_func, view_args, view_kwargs)

    def process_exception(self, request, exception):
        if request.method != "POST" or not is_write_conflict(exception):
            return None
        view, args, kwargs = getattr(request, "_conflict_retry_view", (None, (), {}))
        aliases = _atomic_aliases(view) if view is not None else []
        if DEFAULT_DB_ALIAS not in aliases:
            return try_again_response(request)
        logger.warning("Write conflict on %s; running the post again", request.path)
        for alias in aliases:
            view = transaction.atomic(using=alias)(view)
        _rewind_uploads(request)
        try:
            return view(request, *args, **kwargs)
        except OperationalError as error:
            if not is_write_conflict(error):
                raise
            logger.warning("Write conflict again on %s; asked to try again", request.path)
            return try_again_response(request)
