"""Browsers find the council's icon at /favicon.ico and in every page's head; in
development, printed addresses lead to the port the site is served on."""

import os
import subprocess
import sys

import pytest

from tests.factories import make_policy, publish

pytestmark = pytest.mark.django_db


def test_favicon_ico_answers_with_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    # An ICO file starts with a reserved zero, then type 1 (icon).
    assert body[:4] == b"\x00\x00\x01\x00"


def test_pages_link_to_the_icon(client, soup):
    policy = publish(make_policy(), note="First published.")
    icons = soup(client.get(policy.url)).select('link[rel="icon"]')
    hrefs = [link["href"] for link in icons]
    assert "/favicon.ico" in hrefs
    svg = next(link["href"] for link in icons if link.get("type") == "image/svg+xml")
    assert client.get(svg).status_code == 200


def _dev_address(**variables):
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "PUBLIC_BASE_URL")}
    env.update(variables)
    script = (
        "import safecontact.settings.dev as s; print(s.PUBLIC_BASE_URL, s.WAGTAILADMIN_BASE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.split()


def test_in_development_printed_addresses_follow_the_port_served():
    assert _dev_address(PORT="8201") == ["http://127.0.0.1:8201"] * 2
    assert _dev_address() == ["http://127.0.0.1:8000"] * 2


def test_in_development_an_address_that_is_set_wins_over_the_port():
    assert (
        _dev_address(PORT="8201", PUBLIC_BASE_URL="https://council.example/")
        == ["https://council.example"] * 2
    )


def test_make_run_passes_its_port_to_the_demo_content_and_the_server():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", "PORT=8201"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = result.stdout.splitlines()
    for command in ("load_demo_content", "runserver"):
        line = next(line for line in lines if f"manage.py {command}" in line)
        assert line.startswith("PORT=8201 ")
