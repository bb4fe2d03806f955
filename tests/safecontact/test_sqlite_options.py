"""Development's SQLite waits for the write lock instead of failing with "database is
locked": WAL journal, a busy timeout, and transactions that take the write lock when
they begin. Each check runs the real settings in a fresh interpreter, on a file."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

PRAGMAS = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
    cursor.execute("PRAGMA busy_timeout")
    busy = cursor.fetchone()[0]
print(json.dumps({"journal": journal, "busy": busy,
                  "options": settings.DATABASES["default"]["OPTIONS"]}))
"""

TWO_WRITERS = """
import threading, time
import django
django.setup()
from django.db import connection, transaction
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS tally (n INTEGER)")
connection.close()
start = threading.Barrier(2)
errors = []

def write():
    try:
        start.wait()
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Read, pause, then write: two deferred transactions doing this at once
                # are the classic "database is locked".
                cursor.execute("SELECT COUNT(*) FROM tally")
                time.sleep(0.3)
                cursor.execute("INSERT INTO tally (n) VALUES (1)")
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=write) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT COUNT(*) FROM tally")
    print(cursor.fetchone()[0], errors)
"""


def run(code, database):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safecontact.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_a_file_database_uses_wal_and_waits_for_the_lock(tmp_path):
    found = json.loads(run(PRAGMAS, tmp_path / "dev.sqlite3"))
    assert found["journal"] == "wal"
    assert found["busy"] == 20_000
    assert found["options"]["transaction_mode"] == "IMMEDIATE"


def test_two_writers_at_once_both_succeed(tmp_path):
    assert run(TWO_WRITERS, tmp_path / "dev.sqlite3") == "2 []"
