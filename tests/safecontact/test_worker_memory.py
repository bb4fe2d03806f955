"""An app server freezes what it loaded at start-up, so the collector's full passes no
longer walk Django, Wagtail and the project's modules in the middle of a request."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc
import safecontact.wsgi
from django.urls import get_resolver
print(gc.get_freeze_count())
print(len(get_resolver().reverse_dict) > 0)
"""


def test_the_wsgi_application_freezes_the_objects_it_loaded():
    result = subprocess.run(  # noqa: S603  (our own interpreter, fixed code)
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "safecontact.settings.test"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    frozen, urls_loaded = result.stdout.split()
    # Django, Wagtail and the project make well over 100,000 long-lived objects.
    assert int(frozen) > 100_000
    assert urls_loaded == "True"
