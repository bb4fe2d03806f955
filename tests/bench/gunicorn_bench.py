"""`make bench`, second part: the site served by gunicorn as in production, loaded by wrk.

Builds a PostgreSQL database of its own with the demo content, starts gunicorn (two sync
workers, production settings, Redis as the cache) on a loopback port, and beside it a
bare Django project (startproject's settings and middleware, one view returning "hello")
on the same gunicorn settings. wrk (one thread, four connections; written in C, so the
server, not the client, is what runs out) loads each address in rounds that alternate
with rounds of bare Django, and each row is reported as a share of bare Django measured
beside it, and of our own empty view behind our whole middleware.

Public pages are measured cached (the answer comes from Redis) and drawn afresh (a query
string the cache does not store, with the menu and council details from the shared
cache entry, as a visitor's unique link gets). The benchmark's instruments (BENCH_MODE:
the X-Query-Count header, the empty view) exist only on this server.

Usage: python tests/bench/gunicorn_bench.py [--seconds N] [--rounds N] [--port N]
Environment: GUNICORN_BENCH_DATABASE_URL
(default postgres://postgres@127.0.0.1:5432/safecontact_gunicorn_bench),
GUNICORN_BENCH_REDIS_URL (default redis://127.0.0.1:6379/13; that Redis database is
emptied), BENCH_KEEP=1 keeps the database afterwards.
"""

import argparse
import hashlib
import hmac
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.run_bench import fresh_database  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/safecontact_gunicorn_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
HOST = "127.0.0.1"
WORKERS = 2
# The demo accounts the staff pages are measured as.
STAFF_USER = "frontline"
MANAGER_USER = "housing.manager"
# Aims, as shares of bare Django; reported against, never enforced.
CACHED_AIM = 0.90
FRESH_SHARE_AIM = 0.05
FRESH_QUERY_AIM = 6
CONNECTIONS = 4
CEILING = "/bench-ceiling/"
SIGN_IN = "/staff/sign-in/"
TWO_FACTOR = "/staff/two-factor/"
TWO_FACTOR_SET_UP = "/staff/two-factor/set-up/"
# The demo content gives the accounts that need a second factor an authenticator with
# this key (DEMO_TOTP_KEY); the benchmark computes its codes.
BENCH_TOTP_KEY = secrets.token_hex(20)


# --- Setting up -----------------------------------------------------------------------


def environment(*, database, redis_url, port, password, settings):
    build = ROOT / "build" / "gunicorn-bench"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": database,
        # Connections stay open between requests, as on a production app server.
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback; production sits behind a TLS proxy.
        "SECURE_SSL_REDIRECT": "false",
        "PUBLIC_BASE_URL": f"http://{HOST}:{port}",
        "STATIC_ROOT": str(build / "static"),
        "MEDIA_ROOT": str(build / "media"),
        "EVIDENCE_ROOT": str(build / "evidence"),
        "LETTERS_ROOT": str(build / "letters"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DEMO_PASSWORD": password,
        "DEMO_TOTP_KEY": BENCH_TOTP_KEY,
        "LOG_LEVEL": "WARNING",
        "BENCH_MODE": "true",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env, *args):
    subprocess.run(  # noqa: S603  (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def empty_redis(url):
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    client.ping()
    client.flushdb()
    return client


def start_gunicorn(env, port, log_path, *, cwd=ROOT, app="safecontact.wsgi", probe=CEILING):
    log = open(log_path, "w")  # noqa: SIM115  (closed with the server)
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
            "--error-logfile",
            "-",
        ],
        cwd=cwd,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start; see {log_path}")
        try:
            if Client(port).get(probe).status == 200:
                return server, log
        except OSError:
            pass
        time.sleep(0.3)
    stop(server, log)
    raise RuntimeError(f"gunicorn did not answer within a minute; see {log_path}")


def stop(server, log):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    log.close()


# --- A small HTTP client --------------------------------------------------------------


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name, default=None):
        return self.headers.get(name.lower(), default)


class Client:
    """One visitor: keeps the cookies the site sets, sends them back."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, *, body=None, headers=None):
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        sent = {"Host": f"{HOST}:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            headers = {name.lower(): value for name, value in response.getheaders()}
            return Answer(response.status, headers, data)
        finally:
            connection.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path, fields):
        """Fill in the form at ``path`` (with its CSRF token) and send it; the answer."""
        form = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or token is None:
            return form
        return self.request(
            "POST",
            path,
            body=urlencode({"csrfmiddlewaretoken": token.group(1).decode(), **fields}),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}{path}",
            },
        )

    def sign_in(self, username, password):
        """Sign in through the staff sign-in form, as a browser would, with the
        authenticator code where the role needs one; say why if that fails."""
        answer = self.post_form(SIGN_IN, {"username": username, "password": password})
        if answer.status != 302:
            return f"signing in as {username} answered {answer.status}"
        where = self.get("/staff/").header("location", "")
        if where.startswith(TWO_FACTOR_SET_UP):
            return f"{username} must set up two-factor sign-in first ({where})"
        if where.startswith(TWO_FACTOR):
            answer = self.post_form(TWO_FACTOR, {"code": totp(BENCH_TOTP_KEY)})
            if answer.status != 302:
                return f"the two-factor code for {username} answered {answer.status}"
        return None


def totp(key_hex, *, step=30, digits=6):
    """The current code of an authenticator app holding ``key_hex`` (RFC 6238)."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


# --- Measuring with wrk ---------------------------------------------------------------


def wrk(port, path, *, seconds, headers=None):
    """Load ``path`` with wrk (one thread, four connections) for ``seconds``."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{path}")
    output = subprocess.run(  # noqa: S603  (wrk, our own arguments)
        command, check=True, capture_output=True, text=True
    ).stdout
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _milliseconds(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "failed": int(failed.group(1)) if failed else 0,
        "errors": errors.group(1) if errors else "",
    }


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def measure(row_label, port, path, *, bare_port, seconds, rounds, headers=None):
    """``path`` on our server and bare Django's hello, in alternate rounds.

    Other work on the machine comes and goes: measured in turn, each round of ours beside
    a round of the yardstick, their ratio stays fair."""
    ours, bare = [], []
    wrk(port, path, seconds=1, headers=headers)  # warm the workers and the cache
    for _ in range(rounds):
        bare.append(wrk(bare_port, "/", seconds=seconds))
        ours.append(wrk(port, path, seconds=seconds, headers=headers))
    failed = sum(found["failed"] for found in ours)
    if failed:
        return {"label": row_label, "error": f"{failed} answers were not 2xx or 3xx"}
    return {
        "label": row_label,
        "rps": statistics.median(found["rps"] for found in ours),
        "p50": statistics.median(found["p50"] for found in ours),
        "p99": max(found["p99"] for found in ours),
        "bare": statistics.median(found["rps"] for found in bare),
        "errors": next((found["errors"] for found in ours if found["errors"]), ""),
    }


def query_count(client, path, headers=None):
    answer = client.get(path, headers)
    if answer.status != 200:
        return None
    return int(answer.header("x-query-count", "-1"))


def row(result, queries=None, ceiling=None):
    label = result["label"]
    if "error" in result:
        print(f"{label:<40} not measured: {result['error']}")
        return
    share = result["rps"] / result["bare"]
    line = (
        f"{label:<40} {result['rps']:>8.0f} req/s  p50 {result['p50']:>7.2f} ms  "
        f"p99 {result['p99']:>7.2f} ms  {queries if queries is not None else '-':>3} queries  "
        f"{share:>6.3f} of bare Django ({result['bare']:.0f})"
    )
    if ceiling:
        line += f"  {result['rps'] / ceiling['rps']:>5.2f} of our empty view"
    print(line)


# --- A bare Django project, served the same way ----------------------------------------

BARE_URLS = """from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("", hello)]
"""


def bare_django(build):
    """startproject's settings and middleware, one view returning "hello"; DEBUG off."""
    project = build / "bare-django"
    if not (project / "manage.py").exists():
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir(parents=True)
        subprocess.run(  # noqa: S603  (Django's own startproject)
            [sys.executable, "-m", "django", "startproject", "bare", str(project)], check=True
        )
        settings = project / "bare" / "settings.py"
        settings.write_text(
            settings.read_text() + '\nDEBUG = False\nALLOWED_HOSTS = ["127.0.0.1"]\n'
        )
        (project / "bare" / "urls.py").write_text(BARE_URLS)
    return project


def start_bare(project, port, log_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bare.settings"}
    for name in ("DATABASE_URL", "BENCH_MODE"):
        env.pop(name, None)
    return start_gunicorn(env, port, log_path, cwd=project, app="bare.wsgi", probe="/")


# --- The run --------------------------------------------------------------------------


def public_addresses(env):
    """The home page, the policy cited by letters and its first version, from the demo."""
    code = (
        "from home.models import CouncilSettings;"
        "page = CouncilSettings.load().cited_policy_page;"
        "print(page.url); print(page.published_versions.last().number)"
    )
    output = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    policy, number = output[-2], output[-1]
    return [
        ("home page", "/"),
        ("policy page", policy),
        (f"version page (v{number})", f"{policy}versions/{number}/"),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="wrk's duration a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("make bench needs wrk: run `make bench-deps` (Debian's wrk package)")

    database = os.environ.get("GUNICORN_BENCH_DATABASE_URL", DEFAULT_DATABASE)
    redis_url = os.environ.get("GUNICORN_BENCH_REDIS_URL", DEFAULT_REDIS)
    try:
        drop = fresh_database(database)
    except Exception as error:  # noqa: BLE001  (said plainly below)
        sys.exit(f"make bench needs PostgreSQL at {database}: {error}")
    try:
        redis_client = empty_redis(redis_url)
    except Exception as error:  # noqa: BLE001
        drop()
        sys.exit(f"make bench needs Redis at {redis_url}: {error}")

    password = secrets.token_urlsafe(16)
    shared = {"database": database, "redis_url": redis_url, "port": args.port}
    # Demo content is for development settings only; the server runs production's.
    setup = environment(**shared, password=password, settings="safecontact.settings.dev")
    serve = environment(**shared, password=password, settings="safecontact.settings.production")
    serve["SECRET_KEY"] = setup["SECRET_KEY"]
    build = ROOT / "build"
    build.mkdir(parents=True, exist_ok=True)
    servers = []
    try:
        print("Preparing: migrate, demo content, collectstatic, a bare Django project…")
        manage(setup, "migrate", "--noinput")
        manage(setup, "load_demo_content")
        manage(setup, "collectstatic", "--noinput", "--verbosity", "0")
        pages = public_addresses(setup)
        servers.append(start_gunicorn(serve, args.port, build / "gunicorn-bench.log"))
        bare_port = args.port + 1
        servers.append(start_bare(bare_django(build), bare_port, build / "bare-django.log"))
        run(args, pages, password, bare_port)
    finally:
        for server, log in servers:
            stop(server, log)
        redis_client.flushdb()
        if not os.environ.get("BENCH_KEEP"):
            drop()


def run(args, pages, password, bare_port):
    print(
        f"\nServed by gunicorn ({WORKERS} sync workers), SafeContact with production "
        f"settings, PostgreSQL and Redis; bare Django (startproject, one view returning "
        f'"hello") on the same gunicorn settings. Load from wrk: 1 thread, '
        f"{CONNECTIONS} connections, {args.rounds} rounds of {args.seconds} s a row, each "
        f"after a round of bare Django.\n"
        f"Load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores.\n"
    )
    measure_row = partial(
        measure, port=args.port, bare_port=bare_port, seconds=args.seconds, rounds=args.rounds
    )
    anonymous = Client(args.port)
    ceiling = measure_row("our empty view (whole middleware)", path=CEILING)
    row(ceiling, query_count(anonymous, CEILING))
    results = {}
    for label, path in pages:
        cached = measure_row(f"{label}, cached", path=path)
        row(cached, query_count(anonymous, path), ceiling)
        # A query string the cache does not store: drawn afresh on every request.
        fresh_path = f"{path}?fresh=1"
        fresh = measure_row(f"{label}, drawn afresh", path=fresh_path)
        row(fresh, query_count(anonymous, fresh_path), ceiling)
        results[label] = (cached, fresh, query_count(anonymous, fresh_path))

    for label, username, path in (
        ("incident form (staff)", STAFF_USER, "/staff/incidents/new/"),
        ("manager queue", MANAGER_USER, "/staff/incidents/"),
    ):
        visitor = Client(args.port)
        refused = visitor.sign_in(username, password)
        if refused:
            row({"label": label, "error": refused})
            continue
        cookie = {"Cookie": "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())}
        result = measure_row(label, path=path, headers=cookie)
        row(result, query_count(visitor, path), ceiling)

    print(f"\nLoad average after the run: {os.getloadavg()[0]:.2f}.")
    report_aims(results)


def report_aims(results):
    print()
    for label, (cached, fresh, fresh_queries) in results.items():
        if "error" in cached or "error" in fresh:
            continue
        cached_share = cached["rps"] / cached["bare"]
        fresh_share = fresh["rps"] / fresh["bare"]
        line = (
            f"{label}: cached {cached_share:.2f} of bare Django "
            f"({'meets' if cached_share >= CACHED_AIM else 'BELOW'} the {CACHED_AIM} aim)"
        )
        if label == "policy page":
            line += (
                f"; drawn afresh {fresh_queries} queries "
                f"({'within' if fresh_queries <= FRESH_QUERY_AIM else 'OVER'} the "
                f"{FRESH_QUERY_AIM} aim) and {fresh_share:.3f} of bare Django "
                f"({'meets' if fresh_share >= FRESH_SHARE_AIM else 'BELOW'} the "
                f"{FRESH_SHARE_AIM} aim)"
            )
        print(line)


if __name__ == "__main__":
    main()
