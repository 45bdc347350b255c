"""Faults injected into the real parts, on PostgreSQL and Redis (CI): Redis stopped while
volunteers and donors keep working, and a Celery worker killed in the middle of a task.
In each, the test counts what it injected and checks that no record was lost or doubled."""

import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from openpyxl import Workbook

from django.core import mail
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from config.celery_app import app
from portal.models import Device, Offer, Student, StudentImport
from portal.services.recount import counters_recount
from portal.tasks import import_students, reconcile_counters
from tests.conftest import require_or_skip
from tests.factories.desk import offered
from tests.factories.teams import commune

ROOT = Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:6399/0"  # nothing listens here: Redis is "stopped"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def needs_postgres_and_redis(settings):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        require_or_skip("REQUIRE_WORKER", "fault tests need PostgreSQL and Redis (CI)")


class RedisStopped:
    """Cache and broker pointed at a port where nothing answers, then put back."""

    def __init__(self, settings):
        self.settings = settings

    def __enter__(self):
        self.saved = (self.settings.CACHES, app.conf.broker_url, app.conf.task_always_eager)
        # The production cache backend, on a dead address.
        self.settings.CACHES = {"default": {**self.saved[0]["default"], "LOCATION": DEAD_REDIS}}
        self._swap_broker(DEAD_REDIS, eager=False)
        return self

    def __exit__(self, *exc):
        self.settings.CACHES = self.saved[0]
        self._swap_broker(self.saved[1], eager=self.saved[2])

    @staticmethod
    def _swap_broker(url, *, eager):
        app.conf.broker_url, app.conf.task_always_eager = url, eager
        # Celery keeps its broker connections in pools: start new ones on the new address.
        app.amqp._producer_pool = None
        app._pool = None


def test_with_redis_stopped_entries_save_pages_answer_and_figures_catch_up(
    live_database, client, settings, volunteer, team
):
    needs_postgres_and_redis(settings)
    assert client.get(reverse("impact")).json()["totals"]["devices_received"] == 0  # cached
    faults = 0

    with RedisStopped(settings):
        faults += 1
        client.force_login(volunteer)
        page = client.get(reverse("portal:device_intake")).content.decode()
        key = page.split('name="form_key" value="')[1].split('"')[0]
        saved = client.post(
            reverse("portal:device_intake"),
            {"form_key": key, "team": team.pk, "kind": "laptop", "brand": "Dell"},
        )
        offer = offered(commune("Bát Tràng"))  # the donor's e-mail still leaves
        home = client.get("/")
        figures = client.get(reverse("impact"))
        health = client.get("/health/")

    assert saved.status_code == 302 and Device.objects.count() == 1
    assert Offer.objects.filter(pk=offer.pk).exists()
    assert any(offer.reference in message.subject for message in mail.outbox)
    assert home.status_code == 200 and figures.status_code == 200
    assert figures.json()["totals"]["devices_received"] == 1  # built from the database
    assert health.status_code == 503
    # Redis is back: the next reconciliation clears any copy that outlived the outage.
    reconcile_counters()
    caches["default"].close()
    assert client.get(reverse("impact")).json()["totals"]["devices_received"] == 1
    assert counters_recount() == []
    print(f"\nfaults injected: {faults}; records lost: 0")


def workbook(rows: int) -> SimpleUploadedFile:
    book = Workbook()
    from portal.services.student_import import COLUMNS

    book.active.append([column.title for column in COLUMNS])
    for number in range(rows):
        book.active.append(
            [f"Học Sinh Số {number:04d}", "14/03/2013", 6, "Bát Tràng", "Nguyễn Văn Hùng",
             "0912 345 678", "Hộ nghèo", "Máy tính bảng", "có", "không"]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def start_worker(queue: str) -> subprocess.Popen:
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_VISIBILITY_TIMEOUT": "3",  # hand a lost task out again after 3 s
        # Where this test keeps private files (the uploaded list).
        "DJANGO_PRIVATE_MEDIA_ROOT": str(StudentImport._meta.get_field("file").storage.location),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "--app", "config", "worker", "--pool", "solo",
         "--queues", queue, "--without-heartbeat", "--without-gossip", "--without-mingle",
         "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def wait_for(condition, seconds: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def test_a_worker_killed_mid_import_leaves_the_task_to_another_and_nothing_doubles(
    live_database, settings, teacher, school, team
):
    needs_postgres_and_redis(settings)
    rows = 400
    job = StudentImport.objects.create(school=school, file=workbook(rows), uploaded_by=teacher)
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    first = start_worker(queue)
    try:
        import_students.apply_async((job.pk,), queue=queue)

        def halfway():
            job.refresh_from_db()
            return job.status == StudentImport.Status.RUNNING and job.processed_rows >= 50

        assert wait_for(halfway, 90), "the first worker never started the import"
        first.send_signal(signal.SIGKILL)  # the machine dies mid-task
        first.wait(timeout=10)
        job.refresh_from_db()
        assert job.status == StudentImport.Status.RUNNING and Student.objects.count() == 0

        second = start_worker(queue)
        try:

            def finished():
                job.refresh_from_db()
                return job.finished

            assert wait_for(finished, 120, every=0.5), "the task was not handed out again"
        finally:
            second.terminate()
            second.wait(timeout=30)
    finally:
        app.conf.task_always_eager = saved
        if first.poll() is None:
            first.kill()

    assert job.status == StudentImport.Status.DONE and job.created_count == rows
    assert Student.objects.count() == rows  # all of them, each once
    assert counters_recount() == []
    print(f"\nworkers killed: 1; rows: {rows}; records lost: 0; doubled: 0")
