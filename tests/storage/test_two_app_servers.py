"""Two app servers, one site: two gunicorn processes on their own ports share one
database, Redis and the object store, as behind a council's load balancer. A letter
issued through one downloads, byte for byte and hash-checked, through the other; a
publish through one retires the page the other had cached; a sign-in made on one holds
on the other.

Runs in the transactional invocation (`pytest -m transactional -p no:randomly`): it
needs Redis (TEST_REDIS_URL, database 12 on the local server unless set) and serves the
site from its own database (a temporary SQLite file, or `<name>_servers` beside
DATABASE_URL's PostgreSQL one)."""

import hashlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
import requests

from tests.served import free_port, served_database
from tests.storage.conftest import keys_in, make_bucket, storage_environment

pytestmark = pytest.mark.transactional

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
PASSWORD = secrets.token_urlsafe(16)
NEW_WORDS = "From Monday the Civic Offices open at nine."


def manage(env, *args):
    return subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def start_gunicorn(env, port, log_path):
    log = open(log_path, "w")  # noqa: SIM115  (closed with the server)
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "safecontact.wsgi",
            "--workers",
            "1",
            "--bind",
            f"{HOST}:{port}",
            # A letter's PDF is drawn within the request; a busy machine may be slow.
            "--timeout",
            "120",
            "--error-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return server, log


def wait_for(server, port, log_path):
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(Path(log_path).read_text())
        try:
            requests.get(f"http://{HOST}:{port}/staff/sign-in/", timeout=60)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(Path(log_path).read_text())


def stop(server, log):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    log.close()


class Visitor:
    """One browser: keeps its cookies and sends them to whichever server it asks."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, url, **kwargs):
        # Cookies are kept by hand: the loopback is plain HTTP, and a browser's jar
        # would not send back cookies marked Secure.
        response = requests.request(
            method, url, cookies=self.cookies, allow_redirects=False, timeout=60, **kwargs
        )
        for cookie in response.cookies:
            if cookie.value and not cookie.is_expired():
                self.cookies[cookie.name] = cookie.value
            else:
                self.cookies.pop(cookie.name, None)
        return response

    def get(self, url):
        return self.request("GET", url)

    def post_form(self, url, fields, *, form_url=None):
        """Fill in the form at ``form_url`` (``url`` unless given) and send it to ``url``."""
        form = self.get(form_url or url)
        assert form.status_code == 200, form.status_code
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return self.request(
            "POST", url, data={"csrfmiddlewaretoken": token, **fields}, headers={"Referer": url}
        )


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, s3_endpoint, s3_client):
    """Servers A and B on their own ports, one database, Redis and bucket between them,
    with the demo content loaded (its files in the bucket)."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"The two-server test needs Redis at {REDIS_URL}: {error}")
    tmp_path = tmp_path_factory.mktemp("servers")
    database_url, drop_database = served_database(tmp_path, "servers")
    bucket = make_bucket(s3_client)
    ports = [free_port(), free_port()]
    shared = {
        **os.environ,
        **storage_environment(s3_endpoint, bucket),
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "PUBLIC_BASE_URL": f"http://{HOST}:{ports[0]}",
        "TWO_FACTOR_REQUIRED": "false",
        "PUBLIC_CACHE_SECONDS": "300",
        "PUBLIC_CACHE_RECHECK_MS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEMO_PASSWORD": PASSWORD,
        "LOG_LEVEL": "WARNING",
    }
    shared.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # Demo content is for development settings only; the servers run production's.
    setup = {**shared, "DJANGO_SETTINGS_MODULE": "safecontact.settings.dev"}
    serve = {**shared, "DJANGO_SETTINGS_MODULE": "tests.storage.served_settings"}
    manage(setup, "migrate", "--noinput", "-v0")
    manage(setup, "load_demo_content")
    started = []
    try:
        for port in ports:
            log_path = tmp_path / f"gunicorn-{port}.log"
            started.append(start_gunicorn(serve, port, log_path))
        for (server, _log), port in zip(started, ports, strict=True):
            wait_for(server, port, tmp_path / f"gunicorn-{port}.log")
        yield {
            "a": f"http://{HOST}:{ports[0]}",
            "b": f"http://{HOST}:{ports[1]}",
            "bucket": bucket,
            "env": serve,
        }
    finally:
        for server, log in started:
            stop(server, log)
        if drop_database:
            drop_database()


def shell(env, code):
    """Run ``code`` against the servers' database and answer the words it prints after
    ``=>`` (logging may print other lines)."""
    output = manage(env, "shell", "-c", code)
    (answer,) = [line for line in output.splitlines() if line.startswith("=> ")]
    return answer.split()[1:]


def sign_in(visitor, base, username):
    response = visitor.post_form(
        f"{base}/staff/sign-in/", {"username": username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.text[:500]


def test_a_sign_in_on_one_server_holds_on_the_other(two_servers):
    a, b = two_servers["a"], two_servers["b"]
    manager = Visitor()
    assert manager.get(f"{b}/staff/").status_code == 302
    sign_in(manager, a, "housing.manager")
    for base in (a, b):
        page = manager.get(f"{base}/staff/")
        assert page.status_code == 200
        assert "Staff area" in page.text


def test_a_letter_issued_through_one_server_downloads_checked_through_the_other(
    two_servers, s3_client
):
    a, b, bucket, env = (two_servers[key] for key in ("a", "b", "bucket", "env"))
    earlier, restriction = shell(
        env,
        "from reporting.letters.models import Letter; letter = Letter.objects.get(); "
        "print('=>', letter.reference, letter.restriction.reference)",
    )
    keys_before = set(keys_in(s3_client, bucket))
    manager = Visitor()
    sign_in(manager, a, "housing.manager")

    # Issued through A: a corrected copy of the demo's restriction letter.
    prepare = f"{a}/staff/letters/new/restriction/{restriction}/"
    issued = manager.post_form(
        prepare, {"supersedes": earlier}, form_url=f"{prepare}?corrects={earlier}"
    )
    assert issued.status_code == 302, issued.text[:1000]
    reference = issued.headers["Location"].rstrip("/").rsplit("/", 1)[1]
    assert reference != earlier
    (new_key,) = set(keys_in(s3_client, bucket)) - keys_before
    assert new_key.startswith("letters/")
    in_bucket = s3_client.get_object(Bucket=bucket, Key=new_key)["Body"].read()
    (recorded,) = shell(
        env,
        "from reporting.letters.models import Letter; "
        f"print('=>', Letter.objects.get(reference='{reference}').sha256)",
    )

    # Downloaded through B: the very bytes issued, matching the hash recorded at issue.
    download = manager.get(f"{b}/staff/letters/{reference}/pdf/")
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.content == in_bucket
    assert download.content.startswith(b"%PDF")
    assert hashlib.sha256(download.content).hexdigest() == recorded

    # Changed in the bucket: neither server gives it out.
    s3_client.put_object(Bucket=bucket, Key=new_key, Body=b"%PDF-1.7 altered")
    for base in (b, a):
        refused = manager.get(f"{base}/staff/letters/{reference}/pdf/")
        assert refused.status_code == 500
        assert "does not match what was issued" in refused.text
        assert b"altered" not in refused.content


def test_a_publish_through_one_server_retires_the_page_the_other_cached(two_servers):
    a, b, env = two_servers["a"], two_servers["b"], two_servers["env"]
    # An editor's draft of the home page, waiting to be published.
    (page_id,) = shell(
        env,
        "from home.models import HomePage; page = HomePage.objects.live().get(); "
        f"page.body = '<p>{NEW_WORDS}</p>'; page.save_revision(); print('=>', page.pk)",
    )
    # B has the live home page cached: visitors do not see the draft.
    public = Visitor()
    assert public.get(f"{b}/").status_code == 200
    cached = public.get(f"{b}/")
    assert cached.headers["X-Cache"] == "hit"
    assert NEW_WORDS not in cached.text

    # Published through A by the administrator.
    admin = Visitor()
    signed_in = admin.post_form(f"{a}/admin/login/", {"username": "admin", "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in.text[:500]
    publish = f"{a}/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    published = admin.post_form(publish, {})
    assert published.status_code == 302, published.text[:1000]

    # B answers afresh at once, with the published words, and caches them anew.
    fresh = public.get(f"{b}/")
    assert fresh.headers["X-Cache"] == "miss"
    assert NEW_WORDS in fresh.text
    again = public.get(f"{b}/")
    assert again.headers["X-Cache"] == "hit"
    assert NEW_WORDS in again.text
    assert NEW_WORDS in public.get(f"{a}/").text
