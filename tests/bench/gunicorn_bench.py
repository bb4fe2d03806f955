"""`make bench`, second part: the site served by gunicorn as in production, under load.

Builds a PostgreSQL database of its own with the demo content, starts gunicorn (two sync
workers, production settings, Redis as the cache) on a loopback port, and loads it from
this process with a few threads of plain ``http.client``. For each address it prints
requests per second, p50 and p99 latency, SQL queries per request and the share of the
ceiling: a view that does nothing, served by the same workers through the same middleware.

Public pages are measured three ways: cached (the answer comes from Redis), uncached (the
page is rendered as on a cache miss, with the objects every page shares already in the
cache) and with the cache off (plain Django and Wagtail). The benchmark instruments that
make this possible (BENCH_MODE) exist only on this server.

Usage: python tests/bench/gunicorn_bench.py [--requests N] [--threads N] [--port N]
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
import signal
import statistics
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.run_bench import fresh_database, percentile  # noqa: E402

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/safecontact_gunicorn_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
HOST = "127.0.0.1"
WORKERS = 2
# The demo accounts the staff pages are measured as.
STAFF_USER = "frontline"
MANAGER_USER = "housing.manager"
# Aims from the issue; reported against, never enforced.
CACHED_AIM = 0.80
UNCACHED_SHARE_AIM = 0.05
UNCACHED_QUERY_AIM = 6
CEILING = "/bench-ceiling/"
SIGN_IN = "/staff/sign-in/"
TWO_FACTOR = "/staff/two-factor/"
TWO_FACTOR_SET_UP = "/staff/two-factor/set-up/"
# The demo content gives the accounts that need a second factor an authenticator with
# this key (DEMO_TOTP_KEY); the benchmark computes its codes.
BENCH_TOTP_KEY = secrets.token_hex(20)
# Requests are sent in this many rounds, each after a round of the ceiling.
ROUNDS = 4
CEILING_MIN = 50


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


def start_gunicorn(env, port, log_path):
    log = open(log_path, "w")  # noqa: SIM115  (closed with the server)
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "safecontact.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"{HOST}:{port}",
            "--error-logfile",
            "-",
        ],
        cwd=ROOT,
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
            if Client(port).get("/bench-ceiling/").status == 200:
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


# --- Measuring ------------------------------------------------------------------------


def batch(client, path, headers, count, threads):
    """Send ``count`` requests from ``threads`` threads at once; what came back."""
    found = {"timings": [], "queries": [], "cache": [], "failures": []}
    lock = threading.Lock()
    shares = [count // threads + (1 if i < count % threads else 0) for i in range(threads)]

    def run(share):
        visitor = Client(client.port)
        visitor.cookies = dict(client.cookies)
        for _ in range(share):
            begin = time.perf_counter()
            answer = visitor.get(path, headers)
            elapsed = (time.perf_counter() - begin) * 1000
            with lock:
                if answer.status != 200:
                    found["failures"].append(answer.status)
                found["timings"].append(elapsed)
                found["queries"].append(int(answer.header("x-query-count", "-1")))
                found["cache"].append(answer.header("x-cache", "none"))

    workers = [threading.Thread(target=run, args=(share,)) for share in shares]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    found["wall"] = time.perf_counter() - started
    return found


def figures(batches):
    timings = [t for found in batches for t in found["timings"]]
    queries = [q for found in batches for q in found["queries"]]
    states = [c for found in batches for c in found["cache"]]
    return {
        "rps": len(timings) / sum(found["wall"] for found in batches),
        "p50": statistics.median(timings),
        "p99": percentile(timings, 0.99),
        "queries": statistics.median(queries),
        "queries_max": max(queries),
        "hits": states.count("hit") / len(states),
    }


def measure(client, path, *, headers=None, count, threads, rounds=ROUNDS):
    """The figures for ``path`` and for the ceiling measured in turn beside it.

    Other work on the machine comes and goes; taking the page and the ceiling in
    alternate rounds keeps their ratio fair.
    """
    first = client.get(path, headers)
    if first.status != 200:
        where = first.header("location", "")
        return {"error": f"answered {first.status}" + (f" (to {where})" if where else "")}
    for _ in range(max(5, count // 20)):
        client.get(path, headers)
    ceiling_client = Client(client.port)
    page, ceiling = [], []
    per_round = max(threads, count // rounds)
    for _ in range(rounds):
        ceiling.append(batch(ceiling_client, CEILING, None, max(per_round, CEILING_MIN), threads))
        page.append(batch(client, path, headers, per_round, threads))
    failures = [status for found in page for status in found["failures"]]
    if failures:
        total = per_round * rounds
        return {"error": f"{len(failures)} of {total} requests failed ({failures[0]})"}
    result = figures(page)
    result["ceiling"] = figures(ceiling)["rps"]
    return result


def row(label, result, *, share=True):
    if "error" in result:
        print(f"{label:<34} not measured: {result['error']}")
        return
    queries = f"{result['queries']:>3.0f}"
    if result["queries_max"] != result["queries"]:
        queries += f" (up to {result['queries_max']})"
    line = (
        f"{label:<34} {result['rps']:>7.1f} req/s  p50 {result['p50']:>6.1f} ms  "
        f"p99 {result['p99']:>6.1f} ms  {queries} queries"
    )
    if share:
        line += f"  {result['rps'] / result['ceiling']:>6.1%} of {result['ceiling']:.0f} req/s"
    print(line)


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
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

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
    log_path = ROOT / "build" / "gunicorn-bench.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    server = log = None
    try:
        print("Preparing: migrate, demo content, collectstatic…", flush=True)
        manage(setup, "migrate", "--noinput")
        manage(setup, "load_demo_content")
        manage(setup, "collectstatic", "--noinput", "--verbosity", "0")
        pages = public_addresses(setup)
        server, log = start_gunicorn(serve, args.port, log_path)

        slow = max(args.threads, args.requests // 4)
        print(
            f"\nSafeContact under gunicorn: {WORKERS} sync workers, production settings, "
            f"PostgreSQL and Redis on this machine, loaded by {args.threads} threads.\n"
            f"{args.requests} requests a row for the ceiling and cached pages, {slow} for "
            f"the others, in {ROUNDS} rounds each after a round of the ceiling; the last "
            f"column is the row's rate as a share of the ceiling measured beside it.\n"
            f"Load average before the run: {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores.\n"
        )
        anonymous = Client(args.port)
        results = {}
        ceiling = measure(anonymous, CEILING, count=args.requests, threads=args.threads)
        if "error" in ceiling:
            sys.exit(f"The ceiling view {ceiling['error']}; see {log_path}")
        row("ceiling (a view that does nothing)", ceiling, share=False)

        modes = (
            ("cached", None, args.requests),
            ("uncached", {"X-Bench-Cache": "miss"}, slow),
            ("cache off", {"X-Bench-Cache": "off"}, slow),
        )
        for label, path in pages:
            for mode, headers, count in modes:
                result = measure(
                    anonymous, path, headers=headers, count=count, threads=args.threads
                )
                results[(label, mode)] = result
                row(f"{label}, {mode}", result)

        for label, username, path in (
            ("incident form (staff)", STAFF_USER, "/staff/incidents/new/"),
            ("manager queue", MANAGER_USER, "/staff/incidents/"),
        ):
            visitor = Client(args.port)
            refused = visitor.sign_in(username, password)
            result = (
                {"error": refused}
                if refused
                else measure(visitor, path, count=slow, threads=args.threads)
            )
            row(label, result)

        report_aims(results, pages)
    finally:
        if server is not None:
            stop(server, log)
        redis_client.flushdb()
        if not os.environ.get("BENCH_KEEP"):
            drop()


def report_aims(results, pages):
    print()
    for label, _path in pages:
        cached = results[(label, "cached")]
        uncached = results[(label, "uncached")]
        if "error" in cached or "error" in uncached:
            continue
        cached_share = cached["rps"] / cached["ceiling"]
        uncached_share = uncached["rps"] / uncached["ceiling"]
        print(
            f"{label}: cached {cached_share:.0%} of the ceiling "
            f"({'meets' if cached_share >= CACHED_AIM else 'BELOW'} the {CACHED_AIM:.0%} "
            f"aim, {cached['hits']:.0%} hits); uncached {uncached['queries']:.0f} queries "
            f"({'within' if uncached['queries'] <= UNCACHED_QUERY_AIM else 'OVER'} the "
            f"{UNCACHED_QUERY_AIM} aim) and {uncached_share:.1%} of the ceiling "
            f"({'meets' if uncached_share >= UNCACHED_SHARE_AIM else 'BELOW'} the "
            f"{UNCACHED_SHARE_AIM:.0%} aim)"
        )


if __name__ == "__main__":
    main()
