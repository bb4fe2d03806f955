"""Instruments for the gunicorn benchmark, active only with BENCH_MODE set.

`QueryCountMiddleware` adds an ``X-Query-Count`` header with the SQL statements a request
ran, middleware included; `ceiling` is the cheapest view Django can serve through the
same middleware, the yardstick the benchmark compares pages with.
"""

from django.db import connections
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

HEADER = "X-Query-Count"


class QueryCountMiddleware:
    """Count every SQL statement run while the request is answered (outermost middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response


@never_cache
def ceiling(request):
    """A page with nothing to look up: the fastest answer this stack can give."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
