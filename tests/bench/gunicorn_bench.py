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
import http.client
import os
import re
import secrets
import signal
import statistics
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

    def sign_in(self, username, password):
        """Sign in through the staff sign-in form, as a browser would; say why if not."""
        form = self.get("/staff/sign-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
        if form.status != 200 or token is None:
            return f"the sign-in form answered {form.status}"
        answer = self.request(
            "POST",
            "/staff/sign-in/",
            body=urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1).decode(),
                    "username": username,
                    "password": password,
                }
            ),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}/staff/sign-in/",
            },
        )
        if answer.status != 302:
            return f"signing in as {username} answered {answer.status}"
        return None


# --- Measuring ------------------------------------------------------------------------


def measure(client, path, *, headers=None, count, threads):
    """Send ``count`` requests from ``threads`` threads; figures, or why there are none."""
    first = client.get(path, headers)
    if first.status != 200:
        where = first.header("location", "")
        return {"error": f"answered {first.status}" + (f" (to {where})" if where else "")}
    for _ in range(max(5, count // 20)):
        client.get(path, headers)

    timings, queries, cache_states, failures = [], [], [], []
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
                    failures.append(answer.status)
                timings.append(elapsed)
                queries.append(int(answer.header("x-query-count", "-1")))
                cache_states.append(answer.header("x-cache", "none"))

    workers = [threading.Thread(target=run, args=(share,)) for share in shares]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.perf_counter() - started
    if failures:
        return {"error": f"{len(failures)} of {count} requests failed ({failures[0]})"}
    return {
        "rps": count / wall,
        "p50": statistics.median(timings),
        "p99": percentile(timings, 0.99),
        "queries": statistics.median(queries),
        "queries_max": max(queries),
        "hits": cache_states.count("hit") / len(cache_states),
    }


def row(label, figures, ceiling):
    if "error" in figures:
        print(f"{label:<36} not measured: {figures['error']}")
        return
    share = figures["rps"] / ceiling if ceiling else 0
    queries = f"{figures['queries']:>4.0f}"
    if figures["queries_max"] != figures["queries"]:
        queries += f" (up to {figures['queries_max']})"
    print(
        f"{label:<36} {figures['rps']:>8.1f} req/s  p50 {figures['p50']:>6.1f} ms  "
        f"p99 {figures['p99']:>6.1f} ms  {queries} queries  {share:>6.1%} of ceiling"
    )


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

        print(
            f"\nSafeContact under gunicorn: {WORKERS} sync workers, production settings, "
            f"PostgreSQL and Redis on this machine; {args.requests} requests a row from "
            f"{args.threads} threads.\n"
        )
        anonymous = Client(args.port)
        results = {}
        ceiling = measure(anonymous, "/bench-ceiling/", count=args.requests, threads=args.threads)
        if "error" in ceiling:
            sys.exit(f"The ceiling view {ceiling['error']}; see {log_path}")
        results["ceiling"] = ceiling
        row("ceiling (a view that does nothing)", ceiling, ceiling["rps"])

        for label, path in pages:
            for mode, headers in (("cached", None), ("uncached", {"X-Bench-Cache": "miss"})):
                figures = measure(
                    anonymous, path, headers=headers, count=args.requests, threads=args.threads
                )
                results[(label, mode)] = figures
                row(f"{label}, {mode}", figures, ceiling["rps"])
            figures = measure(
                anonymous,
                path,
                headers={"X-Bench-Cache": "off"},
                count=args.requests // 2,
                threads=args.threads,
            )
            results[(label, "cache off")] = figures
            row(f"{label}, cache off", figures, ceiling["rps"])

        for label, username, path in (
            ("incident form (staff)", STAFF_USER, "/staff/incidents/new/"),
            ("manager queue", MANAGER_USER, "/staff/incidents/"),
        ):
            visitor = Client(args.port)
            refused = visitor.sign_in(username, password)
            figures = (
                {"error": refused}
                if refused
                else measure(visitor, path, count=args.requests // 2, threads=args.threads)
            )
            results[label] = figures
            row(label, figures, ceiling["rps"])

        report_aims(results, pages, ceiling["rps"])
    finally:
        if server is not None:
            stop(server, log)
        redis_client.flushdb()
        if not os.environ.get("BENCH_KEEP"):
            drop()


def report_aims(results, pages, ceiling):
    print()
    for label, _path in pages:
        cached = results[(label, "cached")]
        uncached = results[(label, "uncached")]
        if "error" in cached or "error" in uncached:
            continue
        share = cached["rps"] / ceiling
        print(
            f"{label}: cached at {share:.0%} of the ceiling "
            f"({'meets' if share >= CACHED_AIM else 'BELOW'} the {CACHED_AIM:.0%} aim; "
            f"{cached['hits']:.0%} answered from the cache); "
            f"uncached {uncached['queries']:.0f} queries "
            f"({'within' if uncached['queries'] <= UNCACHED_QUERY_AIM else 'OVER'} the "
            f"{UNCACHED_QUERY_AIM}) at {uncached['rps'] / ceiling:.1%} of the ceiling "
            f"({'meets' if uncached['rps'] / ceiling >= UNCACHED_SHARE_AIM else 'BELOW'} "
            f"the {UNCACHED_SHARE_AIM:.0%} aim)"
        )


if __name__ == "__main__":
    main()
