"""Faults injected into the real parts, on PostgreSQL:

- the project's Redis (a real server this test starts on its own port, serving the cache,
  the Celery broker and whatever else the production settings put there) is stopped while
  donors, volunteers, teachers and coordinators keep working, then started again, with a
  real Celery worker;
- a Celery worker killed in the middle of an import.

Each test counts what it did and what came of it (requests, slow answers, 5xx, records
written against those expected, duplicates, tasks completed and done twice) and asserts
every figure it prints."""

import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from celery.signals import task_success
from openpyxl import Workbook

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from wagtail.models import Site

from campaign.models import OfferPage, SupportPage
from config import outage
from portal.models import Device, Offer, Report, Student, StudentImport, SupportRequest
from portal.services.recount import counters_recount
from portal.services.student_import import BATCH_SIZE
from portal.tasks import import_students, reconcile_counters, recover_stalled_jobs
from tests.campaign.conftest import publish
from tests.campaign.test_desk_pages import offer_data, support_data
from tests.conftest import require_or_skip, thread_worker
from tests.factories import PASSWORD
from tests.redis_server import RedisServer, UsingRedis

ROOT = Path(__file__).resolve().parents[2]
ANSWER_WITHIN = 3.0  # seconds: what a person on a phone waits for, at most
WORK_WITHIN = 60  # seconds for the worker to finish everything once Redis is back

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def needs_postgres():
    if connection.vendor != "postgresql":
        require_or_skip("REQUIRE_WORKER", "fault tests need PostgreSQL (CI)")


def form_key(html: str) -> str:
    return re.search(r'name="form_key" value="([^"]+)"', html)[1]


def xlsx(rows: int) -> SimpleUploadedFile:
    from portal.services.student_import import COLUMNS

    book = Workbook()
    book.active.append([column.title for column in COLUMNS])
    for number in range(rows):
        book.active.append(
            [f"Học Sinh Số {number:04d}", "14/03/2013", 6, "Bát Tràng", "Nguyễn Văn Hùng",
             "0912 345 678", "Hộ nghèo", "Máy tính bảng", "có", "không"]
        )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


class Stopwatch:
    """Every request made during the outage, with its answer and how long it took."""

    def __init__(self):
        self.answers: list[tuple[str, int, float]] = []

    def __call__(self, label: str, send, *args, **kwargs):
        started = time.monotonic()
        response = send(*args, **kwargs)
        self.answers.append((label, response.status_code, time.monotonic() - started))
        return response

    def server_errors(self, *, besides=()) -> list[str]:
        return [
            label for label, status, _s in self.answers if status >= 500 and label not in besides
        ]

    def slowest(self) -> tuple[str, float]:
        label, _status, seconds = max(self.answers, key=lambda answer: answer[2])
        return label, seconds


class TaskLog:
    """Every task completed in this process, by whom: the worker thread, or the web process
    running it itself because the broker was down."""

    def __init__(self):
        self.done: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def __enter__(self):
        task_success.connect(self.record, weak=False)
        return self

    def __exit__(self, *exc):
        task_success.disconnect(self.record)

    def record(self, sender, **_kwargs):
        request = sender.request
        key = f"{sender.name}{tuple(request.args or ())}{sorted((request.kwargs or {}).items())}"
        where = "here" if threading.current_thread() is threading.main_thread() else "worker"
        with self.lock:
            self.done.append((sender.name.rsplit(".", 1)[-1], key, where))

    def completed(self, name: str | None = None, where: str | None = None) -> int:
        return sum(1 for task, _k, by in self.done if name in (None, task) and where in (None, by))

    def done_twice(self) -> int:
        return sum(count - 1 for count in Counter(key for _t, key, _w in self.done).values())


def wait_for(condition, seconds: float, every: float = 0.2) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def test_with_redis_stopped_everyone_is_answered_at_once_and_all_work_is_done_once_after(
    live_database, settings, tmp_path, team, leader, volunteer, teacher, school, coordinator
):
    needs_postgres()
    home = Site.objects.get(is_default_site=True).root_page.specific
    offer_page = publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))
    support_page = publish(home, SupportPage(title="Yêu cầu hỗ trợ", slug="ho-tro"))
    settings.JOB_STALLED_AFTER = 0  # the recovery job takes every unfinished job at once
    redis = RedisServer(tmp_path / "redis")
    # A server answers an exception with a 500: count it as the people would see it.
    donor, public, staff = (Client(raise_request_exception=False) for _ in range(3))
    watch = Stopwatch()

    with redis, UsingRedis(settings, redis.url()), TaskLog() as tasks:
        assert donor.get(reverse("impact")).json()["totals"]["devices_received"] == 0  # cached
        # Queued into Redis before it stops; no worker is running yet.
        before = donor.post(offer_page.url, offer_data(donor.get(offer_page.url).content.decode()))
        assert before.status_code == 302
        assert tasks.completed() == 0
        redis.stop()  # ---------------------------------------------------- the outage

        watch("home page", public.get, "/")
        watch("figures", public.get, reverse("impact"))
        watch("search", public.get, "/tim-kiem/", {"q": "bat trang"})
        page = watch("offer form", public.get, offer_page.url).content.decode()
        offer = offer_data(page, phone="0912 345 002", email="lan@example.vn")
        sent = watch("offer sent", public.post, offer_page.url, offer)
        again = watch("offer sent again", public.post, offer_page.url, offer)  # double tap
        status = watch("offer code", public.get, sent["Location"])
        code = re.search(r"UH-[0-9A-Z]{4}-[0-9A-Z]{4}", status.content.decode())[0]
        watch("tracking", public.post, offer_page.url + "theo-doi/",
              {"reference": code, "phone": "0912 345 002"})  # fmt: skip
        page = watch("support form", public.get, support_page.url).content.decode()
        asked = watch("support sent", public.post, support_page.url, support_data(page))
        watch(
            "password reset", public.post, "/accounts/password/reset/", {"email": volunteer.email}
        )

        for person in (volunteer, teacher, coordinator):
            signed_in = watch(
                "sign-in",
                staff.post,
                "/accounts/login/",
                {"login": person.email, "password": PASSWORD},
            )
            assert signed_in.status_code == 302
            assert signed_in["Location"] == "/portal/"
            if person is volunteer:
                page = watch("intake form", staff.get, reverse("portal:device_intake"))
                intake = watch("intake", staff.post, reverse("portal:device_intake"), {
                    "form_key": form_key(page.content.decode()), "team": team.pk,
                    "kind": "laptop", "brand": "Dell",
                })  # fmt: skip
            elif person is teacher:
                page = watch("import form", staff.get, reverse("portal:student_import"))
                imported = watch("import", staff.post, reverse("portal:student_import"), {
                    "form_key": form_key(page.content.decode()), "school": school.pk,
                    "file": xlsx(40),
                })  # fmt: skip
                waiting = watch("import page", staff.get, imported["Location"])
            else:
                page = watch("report form", staff.get, reverse("portal:report_list"))
                reported = watch("report", staff.post, reverse("portal:report_list"), {
                    "form_key": form_key(page.content.decode()),
                    "first_month": "2026-10", "last_month": "2026-10",
                })  # fmt: skip
            watch("sign-out", staff.post, "/accounts/logout/")
        figures = watch("figures", public.get, reverse("impact"))
        health = watch("health", public.get, "/health/")
        done_during_outage = {
            name: tasks.completed(name) for name in ("deliver_notice", "send_rendered_email")
        }

        redis.start()  # ------------------------------------------- Redis is back, as it was
        time.sleep(outage.SKIP_FOR)  # this process tries Redis again after a failure
        with thread_worker():
            recover_stalled_jobs.delay()  # what beat sends every minute
            job, report = StudentImport.objects.get(), Report.objects.get()

            def everything_done():
                job.refresh_from_db(), report.refresh_from_db()
                return job.finished and report.finished and tasks.completed() >= 10

            assert wait_for(everything_done, WORK_WITHIN), (job.status, report.status, tasks.done)
            time.sleep(1)  # anything queued twice would show up now

    # Every request was answered, at once, without a server error.
    slowest, seconds = watch.slowest()
    errors = watch.server_errors(besides={"health"})
    assert errors == []
    assert seconds < ANSWER_WITHIN, (slowest, seconds)
    assert (sent.status_code, again.status_code, again["Location"]) == (302, 302, sent["Location"])
    assert asked.status_code == intake.status_code == imported.status_code == 302
    assert reported.status_code == 302
    assert waiting.status_code == 200
    assert health.status_code == 503
    assert figures.json()["totals"]["devices_received"] == 1

    # Every record was written, once.
    expected = {Offer: 2, SupportRequest: 1, Device: 1, StudentImport: 1, Report: 1}
    written = {model: model.objects.count() for model in expected}
    duplicates = sum(max(0, written[model] - count) for model, count in expected.items())
    assert written == expected
    assert duplicates == 0

    # Every piece of work was done, once: the e-mails of the outage at once in the web
    # process; what was queued before it (kept by Redis's append-only file), the import and
    # the report by the worker once Redis was back.
    offers = Offer.objects.values_list("reference", flat=True)
    support = SupportRequest.objects.get().reference
    mails = Counter(
        code
        for message in mail.outbox
        for code in [*offers, support, "password/reset/key"]
        if code in message.subject or code in message.body
    )
    # Each notice is an e-mail to its sender and one to each member of the commune's team.
    each = 1 + team.memberships.count()
    assert mails == {**dict.fromkeys(offers, each), support: each, "password/reset/key": 1}, mails
    expected_tasks = sum(mails.values()) + 2  # the import and the report
    work_done = tasks.completed() - tasks.completed("recover_stalled_jobs")
    assert work_done == expected_tasks, tasks.done
    assert tasks.done_twice() == 0, tasks.done
    # The offer and the request sent during the outage, and the password reset.
    assert done_during_outage == {"deliver_notice": 2 * each, "send_rendered_email": 1}
    assert tasks.completed("deliver_notice", where="worker") == each  # the offer sent before
    # The web process sends to Redis again as soon as it is back.
    assert tasks.completed("recover_stalled_jobs", where="here") == 0
    assert tasks.completed("import_students", where="worker") == 1
    assert job.status == "done"
    assert tasks.completed("build_report", where="worker") == 1
    assert report.status == "done"
    assert (job.attempts, report.attempts, Student.objects.count()) == (1, 1, 40)

    # The figures catch up: the next reconciliation clears any copy outliving the outage.
    reconcile_counters()
    assert counters_recount() == []
    print(
        f"\nRedis stopped: {len(watch.answers)} requests, 5xx {len(errors)}, slowest "
        f"{seconds:.2f} s ({slowest}); records written {sum(written.values())} of "
        f"{sum(expected.values())}, duplicates {duplicates}; tasks completed {work_done} of "
        f"{expected_tasks} ({tasks.completed(where='here')} in the web process during the "
        f"outage, {tasks.completed(where='worker') - tasks.completed('recover_stalled_jobs')} "
        f"by the worker after it), done twice {tasks.done_twice()}"
    )


def test_with_redis_hung_a_request_waits_for_one_timeout_at_most(
    live_database, settings, tmp_path, team, leader, volunteer
):
    """A Redis that hangs (its machine gone, the network cut) answers nothing instead of
    refusing: each call would wait for its timeout. After the first one fails, the cache and
    the broker of the process leave it alone for a few seconds."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    offer_page = publish(home, OfferPage(title="Ủng hộ thiết bị", slug="ung-ho"))
    redis = RedisServer(tmp_path / "redis")
    donor, person = (Client(raise_request_exception=False) for _ in range(2))
    watch = Stopwatch()

    with redis, UsingRedis(settings, redis.url()), TaskLog() as tasks:
        page = donor.get(offer_page.url).content.decode()
        redis.hang()
        try:
            signed_in = watch(
                "sign-in", person.post, "/accounts/login/",
                {"login": volunteer.email, "password": PASSWORD},
            )  # fmt: skip
            sent = watch("offer sent", donor.post, offer_page.url, offer_data(page))
        finally:
            redis.resume()

    slowest, seconds = watch.slowest()
    assert (signed_in.status_code, sent.status_code) == (302, 302)
    assert seconds < ANSWER_WITHIN, (slowest, seconds)
    reference = Offer.objects.get().reference
    each = 1 + team.memberships.count()  # the donor, and each member of the commune's team
    assert sum(reference in message.subject for message in mail.outbox) == each
    assert tasks.completed("deliver_notice", where="here") == each
    print(
        f"\nRedis hung: {len(watch.answers)} requests, 5xx {len(watch.server_errors())}, "
        f"slowest {seconds:.2f} s ({slowest}); e-mails sent {tasks.completed()} of {each}"
    )


def start_worker(queue: str, redis: RedisServer) -> subprocess.Popen:
    """A worker as a process of its own (it can be killed), on the test's Redis."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "REDIS_URL": redis.url(),
        "TEST_CACHE_REDIS_URL": redis.url(1),
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


def test_a_worker_killed_mid_import_leaves_the_task_to_another_and_nothing_doubles(
    live_database, settings, tmp_path, teacher, school, team
):
    needs_postgres()
    # Enough batches that the kill lands after the first progress mark and before the end.
    rows = 6 * BATCH_SIZE
    job = StudentImport.objects.create(school=school, file=xlsx(rows), uploaded_by=teacher)
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    redis = RedisServer(tmp_path / "redis")
    with redis, UsingRedis(settings, redis.url()):
        first = start_worker(queue, redis)
        try:
            import_students.apply_async((job.pk,), queue=queue)

            def halfway():
                job.refresh_from_db()
                return (
                    job.status == StudentImport.Status.RUNNING and job.processed_rows >= BATCH_SIZE
                )

            assert wait_for(halfway, 90), "the first worker never started the import"
            first.send_signal(signal.SIGKILL)  # the machine dies mid-task
            first.wait(timeout=10)
            job.refresh_from_db()
            assert job.status == StudentImport.Status.RUNNING
            assert Student.objects.count() == 0
            killed_at = time.monotonic()

            second = start_worker(queue, redis)
            try:

                def handed_out():
                    job.refresh_from_db()
                    return job.attempts == 2

                assert wait_for(handed_out, 120, every=0.5), "the task was not handed out again"
                handed_out_after = time.monotonic() - killed_at

                def finished():
                    job.refresh_from_db()
                    return job.finished

                assert wait_for(finished, 120, every=0.5), "the second run never finished"
            finally:
                second.terminate()
                second.wait(timeout=30)
        finally:
            if first.poll() is None:
                first.kill()

    created = Student.objects.count()
    doubled = created - Student.objects.values("full_name").distinct().count()
    assert job.status == StudentImport.Status.DONE
    assert job.created_count == rows
    assert (created, doubled, job.attempts) == (rows, 0, 2)  # all of them, each once
    # Within the visibility timeout (3 s here), one look for lost tasks (every 10 s) and the
    # second worker's start, which takes up to half a minute on a busy two-core machine.
    sweep = settings.CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"]
    assert handed_out_after < 3 + sweep + 30
    assert counters_recount() == []
    print(
        f"\nworkers killed: 1; rows: {rows}; students {created} of {rows}; doubled {doubled}; "
        f"runs {job.attempts}; handed out again {handed_out_after:.0f} s after the kill"
    )
