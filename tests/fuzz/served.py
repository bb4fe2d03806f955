"""Fuzz the staff forms of a served copy of the site: `make fuzz`.

Builds a throwaway SQLite database with the demo content (plus the records in
tests/fuzz/world.py, so that every form has something to act on), serves it with
gunicorn on a free port under the development settings with the second factor off,
signs in as each demo role, and sends random answers (tests/fuzz/values.py) to every
staff form (tests/fuzz/forms.py) as the role that uses it, from several clients at once.

Prints, per form, how many posts were sent and the statuses they got, then the total of
server errors. Exits 1 if any post got a server error (a 5xx other than the 503 "please
try again" page, home/retry.py) or no answer at all. The server's log, with the
tracebacks, is kept when anything failed.

    .venv/bin/python tests/fuzz/served.py [--posts 10000] [--clients 4] [--seed 1]
"""

import argparse
import collections
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.fuzz.values import form_fields, fuzz_data  # noqa: E402

PASSWORD = "safecontact-demo"  # noqa: S105  (the demo accounts' password, README)
ACCOUNTS = {
    "Staff": "frontline",
    "Manager": "housing.manager",
    "Decision maker": "decision.maker",
    "Health and safety": "safety.officer",
    "Information governance": "records.officer",
}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# Run inside the served database, after the demo content: add the world's records to a
# Housing customer of the demo and print each form's role, address and extra names.
SEED = """
import json
import os
import django
django.setup()
from django.contrib.auth import get_user_model
from reporting.access.models import ServiceArea
from reporting.incidents.models import Incident
from tests.fuzz.forms import FORMS
from tests.fuzz.world import build_world

accounts = json.loads(os.environ["ACCOUNTS"])
users = {role: get_user_model().objects.get(username=name) for role, name in accounts.items()}
area = ServiceArea.objects.get(name="Housing")
incident = (
    Incident.objects.filter(service_area=area, customer__merged_into=None)
    .exclude(customer=None).order_by("pk").first()
)
world = build_world(users=users, area=area, customer=incident.customer, incident=incident)
print(json.dumps({name: [role, path(world), list(extra)]
                  for name, (role, path, extra) in FORMS.items()}))
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_environment(folder):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safecontact.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "TWO_FACTOR_REQUIRED": "false",
        # Random sign-ins must not lock the accounts out.
        "AXES_FAILURE_LIMIT": "1000000",
        "DEMO_PASSWORD": PASSWORD,
        "MEDIA_ROOT": str(folder / "media"),
        "EVIDENCE_ROOT": str(folder / "evidence"),
        "LETTERS_ROOT": str(folder / "letters"),
        "STATIC_ROOT": str(folder / "static"),
        "PUBLIC_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def prepare(folder, env):
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], **quiet)  # noqa: S603
    subprocess.run([*manage, "load_demo_content"], **quiet)  # noqa: S603
    seeded = subprocess.run(  # noqa: S603
        [python, "-c", SEED],
        cwd=ROOT,
        env={**env, "ACCOUNTS": json.dumps(ACCOUNTS)},
        capture_output=True,
        text=True,
    )
    if seeded.returncode:
        raise SystemExit(f"Could not add the fuzzing records:\n{seeded.stderr}")
    return json.loads(seeded.stdout.strip().splitlines()[-1])


def serve(port, env, log):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [
            str(gunicorn),
            "safecontact.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server stopped before it answered; see its log.")
        try:
            requests.get(f"{base}/staff/sign-in/", timeout=60)
            return server, base
        except requests.RequestException:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("The server did not answer within two minutes.")


def token(html):
    found = CSRF.search(html)
    return found[1] if found else ""


def sign_in(base, username):
    session = requests.Session()
    page = session.get(f"{base}/staff/sign-in/", timeout=30)
    answer = session.post(
        f"{base}/staff/sign-in/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token(page.text)},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise SystemExit(f"Could not sign in as {username}: {answer.status_code}")
    return session


class Client(threading.Thread):
    """One browser per role, posting to its share of the forms."""

    def __init__(self, base, forms, jobs, seed, results):
        super().__init__(daemon=True)
        self.base, self.forms, self.jobs, self.results = base, forms, jobs, results
        self.rng = random.Random(seed)
        self.sessions, self.pages = {}, {}

    def session(self, role):
        if role not in self.sessions:
            self.sessions[role] = (
                requests.Session() if role is None else sign_in(self.base, ACCOUNTS[role])
            )
        return self.sessions[role]

    def page(self, name, session, path, *, fresh=False):
        """The form's fields and a CSRF token, read from its page now and then."""
        cached = self.pages.get(name)
        if cached is None or fresh or cached[2] > 50:
            page = session.get(f"{self.base}{path}", timeout=60)
            fields = form_fields(page.text, action_path=path) if page.status_code == 200 else {}
            # A button-only address (undo a merge, approve a marker) has no page of its
            # own: the CSRF cookie's secret is a token the server accepts too.
            cached = [fields, token(page.text) or session.cookies.get("csrftoken", ""), 0]
            self.pages[name] = cached
        cached[2] += 1
        return cached[0], cached[1]

    def run(self):
        for name in self.jobs:
            role, path, extra = self.forms[name]
            session = self.session(role)
            try:
                fields, csrf = self.page(name, session, path)
                data = fuzz_data(self.rng, fields, extra_names=extra)
                data["csrfmiddlewaretoken"] = csrf
                answer = session.post(
                    f"{self.base}{path}", data, allow_redirects=False, timeout=120
                )
                status = answer.status_code
                if status == 403 and "CSRF" in answer.text:
                    self.page(name, session, path, fresh=True)
            except requests.RequestException as error:
                status, data = f"no answer ({type(error).__name__})", data
            self.results.append((name, status, data if _failed(status) else None))


def _failed(status):
    return not isinstance(status, int) or (status >= 500 and status != 503)


def report(results, forms, elapsed):
    per_form = collections.defaultdict(collections.Counter)
    for name, status, _data in results:
        per_form[name][status if not isinstance(status, int) else f"{status // 100}xx"] += 1
        if status == 500:
            per_form[name]["500"] += 1
    kinds = ["2xx", "3xx", "4xx", "5xx", "500"]
    print(f"\n{'form':<20}{'posts':>7}" + "".join(f"{kind:>7}" for kind in kinds))
    for name in sorted(forms):
        counts = per_form[name]
        print(
            f"{name:<20}{sum(v for k, v in counts.items() if k != '500'):>7}"
            + "".join(f"{counts[kind]:>7}" for kind in kinds)
        )
    failures = [(name, status, data) for name, status, data in results if _failed(status)]
    errors_500 = sum(1 for _name, status, _data in results if status == 500)
    print(f"\n{len(results)} posts to {len(forms)} forms in {elapsed:.0f} s")
    print(f"500 responses: {errors_500}")
    print(f"Server errors or no answer: {len(failures)}")
    for name, status, data in failures[:10]:
        shown = {
            key: str(value)[:60] for key, value in data.items() if key != "csrfmiddlewaretoken"
        }
        print(f"  {name}: {status} after {shown}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=10_000, help="posts in all (10000)")
    parser.add_argument("--clients", type=int, default=4, help="clients posting at once (4)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the random answers (1)")
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="safecontact-fuzz-"))
    env = served_environment(folder)
    print(f"Preparing a served copy in {folder} …", flush=True)
    forms = prepare(folder, env)
    log_path = folder / "server.log"
    failures = []
    with log_path.open("w") as log:
        server, base = serve(free_port(), env, log)
        try:
            # Every worker loads the site on its first request: warm them up.
            for _ in range(8):
                requests.get(f"{base}/staff/sign-in/", timeout=120)
            names = sorted(forms)
            jobs = [names[i % len(names)] for i in range(options.posts)]
            results = []
            clients = [
                Client(base, forms, jobs[n :: options.clients], options.seed + n, results)
                for n in range(options.clients)
            ]
            print(f"Posting {options.posts} random answers to {len(forms)} forms …", flush=True)
            started = time.monotonic()
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            failures = report(results, forms, time.monotonic() - started)
        finally:
            server.terminate()
            server.wait(timeout=30)
    if failures:
        print(f"The server's log, with the tracebacks: {log_path}")
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
