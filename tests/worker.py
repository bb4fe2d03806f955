"""Running tasks the way production does: queued in the database, run by `db_worker`.

Settings change with ``override_settings``; django-tasks drops its cached backends when
TASKS changes (its ``setting_changed`` receiver), so tasks queued inside ``database_tasks``
go to the database backend."""

import io
import logging
import signal
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_tasks():
    """Queue tasks in the database, as production does, until the block ends."""
    return override_settings(TASKS=DATABASE_TASKS)


def run_worker():
    """Run `manage.py db_worker --batch`: every task ready to run, then stop. Returns what
    it printed.

    The worker closes stale database connections between tasks; on PostgreSQL, inside a
    test's transaction, that would throw the test's data away, so it is left open here.
    It also takes over Ctrl-C and its loggers' levels, which are given back afterwards."""
    numbers = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in numbers}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    levels = [(logger, logger.level, list(logger.handlers)) for logger in loggers]
    out = io.StringIO()
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", "--batch", "--no-startup-delay", stdout=out)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for logger, level, handlers_before in levels:
            logger.setLevel(level)
            logger.handlers[:] = handlers_before
    return out.getvalue()
