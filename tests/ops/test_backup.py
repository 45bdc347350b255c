"""Backup and restore, end to end, as an operator runs them: the demo site (pages and
images, devices and photos, students and signed acknowledgements, offers, requests) is
backed up with one command and restored with another into an empty database and empty
folders, where every table has its rows and every file is back; a backup taken while the
site is being written to passes its own check."""

import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
GIT = shutil.which("git") or "git"
# The last release that reached production: upgrading its database must always work. Move
# it forward when a new release lands.
PREVIOUS_RELEASE = "f5608c1"


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=False,  # the tests read the return code and the output themselves
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def databases(tmp_path):
    """A source and an empty target: PostgreSQL databases when the suite runs on PostgreSQL
    (as in CI), SQLite files otherwise."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    server, _name = url.rsplit("/", 1)
    names = [f"backup_{kind}_{uuid.uuid4().hex[:8]}" for kind in ("source", "target")]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    yield tuple(f"{server}/{name}" for name in names)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def site_env(database_url, folder: Path) -> dict:
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(folder / "private_media"),
        "DJANGO_DEMO_CONTENT": "1",
        "REDIS_URL": "",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def files_in(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def test_a_backup_of_the_demo_site_restores_into_an_empty_database(databases, tmp_path):
    source_url, target_url = databases
    source, target = site_env(source_url, tmp_path / "a"), site_env(target_url, tmp_path / "b")
    archive = tmp_path / "backup.tar.gz"
    for step in (("migrate", "-v0"), ("load_initial_data", "-v0")):
        assert manage(source, *step).returncode == 0

    made = manage(source, "backup", str(archive))
    restored = manage(target, "restore", str(archive))
    again = manage(target, "restore", str(archive))

    assert made.returncode == 0, made.stderr
    assert restored.returncode == 0, restored.stderr
    assert "every count matches the archive" in restored.stdout
    assert again.returncode != 0
    assert "not empty" in again.stderr
    for folder in ("media", "private_media"):
        assert files_in(tmp_path / "a" / folder) == files_in(tmp_path / "b" / folder)
    assert any(name.startswith("handovers/") for name in files_in(tmp_path / "b" / "private_media"))
    # The restored site works: its own recount finds the counters equal to the records.
    assert "0 figure(s) repaired" in manage(target, "recount_counters").stdout


NEW_SESSION = (
    "INSERT INTO django_session (session_key, session_data, expire_date) "
    "VALUES (%s, 'x', '2099-01-01 00:00:00+00')"
)


class SessionsWritten:
    """The site in use while it is backed up: people signing in, one session row after
    another, straight into the source database until stopped. Each write's time is kept."""

    def __init__(self, database_url: str):
        self.url, self.stop, self.times = database_url, threading.Event(), []
        self.thread = threading.Thread(target=self.write)

    def connect(self):
        if self.url.startswith("sqlite"):
            return sqlite3.connect(
                self.url.removeprefix("sqlite:///"), timeout=30, isolation_level=None
            )
        return psycopg.connect(self.url, autocommit=True)

    def write(self):
        sqlite = self.url.startswith("sqlite")
        insert = NEW_SESSION.replace("%s", "?") if sqlite else NEW_SESSION
        with closing(self.connect()) as database:
            while not self.stop.is_set():
                database.execute(insert, (uuid.uuid4().hex,))
                self.times.append(time.monotonic())
                time.sleep(0.005)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=30)

    def between(self, start: float, end: float) -> int:
        return sum(start <= moment <= end for moment in self.times)


def test_a_backup_taken_while_the_site_is_written_to_restores_and_passes_its_check(
    databases, tmp_path
):
    source_url, target_url = databases
    source, target = site_env(source_url, tmp_path / "a"), site_env(target_url, tmp_path / "b")
    archive = tmp_path / "backup.tar.gz"
    assert manage(source, "migrate", "-v0").returncode == 0

    with SessionsWritten(source_url) as writes:
        time.sleep(0.5)  # the site is busy before the backup starts
        started = time.monotonic()
        made = manage(source, "backup", str(archive))
        finished = time.monotonic()
        time.sleep(0.5)  # and goes on after it
    restored = manage(target, "restore", str(archive))

    during = writes.between(started, finished)
    assert made.returncode == 0, made.stderr
    assert during > 10, f"only {during} writes while the backup ran"
    assert restored.returncode == 0, restored.stderr
    assert "every count matches the archive" in restored.stdout
    tables = int(re.search(r"in (\d+) tables", restored.stdout)[1])
    print(f"\nwrites while the backup ran: {during}; tables checked: {tables}; mismatches: 0")


def test_the_demo_database_of_the_previous_release_upgrades_to_this_one(databases, tmp_path):
    """The site of the last release (checked out from git), with its demo content, upgraded
    as the operator's guide says (migrate, then recount): every migration applies, the demo content
    refreshes and the counters equal the records."""
    if subprocess.run(  # noqa: S603
        [GIT, "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    ).returncode:
        pytest.skip(f"needs the project's git history (release {PREVIOUS_RELEASE})")
    previous = tmp_path / "previous"
    previous.mkdir()
    archive = subprocess.run(  # noqa: S603
        [GIT, "archive", PREVIOUS_RELEASE], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(previous, filter="data")
    database_url, _target = databases
    env = site_env(database_url, tmp_path / "files")

    def run(where, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=where,
            env=env,
            check=False,  # the tests read the return code and the output themselves
            capture_output=True,
            text=True,
            timeout=600,
        )

    for step in (("migrate", "-v0"), ("load_initial_data", "-v0")):
        before = run(previous, *step)
        assert before.returncode == 0, before.stderr[-2000:]

    upgraded = run(ROOT, "migrate", "-v1")
    # The upgrade's last step: figures new in this release are counted from the records.
    backfilled = run(ROOT, "recount_counters")
    refreshed = run(ROOT, "load_initial_data", "-v0")

    assert upgraded.returncode == 0, upgraded.stderr[-2000:]
    assert "Applying portal." in upgraded.stdout
    assert backfilled.returncode == 0, backfilled.stderr[-2000:]
    assert refreshed.returncode == 0, refreshed.stderr[-2000:]
    assert "0 figure(s) repaired" in run(ROOT, "recount_counters").stdout
