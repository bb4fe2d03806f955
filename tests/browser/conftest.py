"""Browser tests drive Debian's Chromium against a real server with the demo content.

The server runs in its own process on its own database (a temporary SQLite file, or a
`<name>_browser` database beside DATABASE_URL's PostgreSQL one), so these tests never
share or empty the database the rest of the suite uses.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import (
    DEMO_PASSWORD,
    DEMO_TOTP_KEY,
    sign_in_admin,
    sign_in_staff,
)
from tests.served import free_port, served_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def site_url(tmp_path_factory):
    """Start the site with demo content and answer its base URL."""
    tmp_path = tmp_path_factory.mktemp("site")
    database_url, drop_database = served_database(tmp_path, "browser")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safecontact.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "DEMO_TOTP_KEY": DEMO_TOTP_KEY,
        "TWO_FACTOR_REQUIRED": "true",
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # An autosave in flight when a test clicks Publish makes Wagtail refuse the
        # publish as stale; a person never clicks within half a second of typing.
        "WAGTAIL_AUTOSAVE_INTERVAL": "0",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_demo_content"], env=env, check=True, capture_output=True)
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115  (closed at teardown)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310  (local server)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError((tmp_path / "server.log").read_text())
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
        if drop_database:
            drop_database()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Fail with axe-core's report if the page breaks any WCAG 2.2 A or AA rule."""

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def sign_in(site_url):
    """Sign ``username`` in afresh, to the staff area or (``admin=True``) the Wagtail admin,
    answering the second factor for the roles that need one."""

    def sign_in(page, username, *, admin=False):
        if admin:
            sign_in_admin(page, site_url, username)
            return
        sign_in_staff(page, site_url, username)
        expect(page.locator("h1")).to_have_text("Staff area")

    return sign_in
