"""Imports and reports are never lost and never done twice: a job left stalled (queued while
Redis was down, its message lost, its worker gone) is queued again by the recovery job or
by its owner's "Chạy lại ngay", and a run that finds another still at work does nothing.
The progress page and the operator's guide promise the same delays as the settings."""

import re
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.models import Report, Student, StudentImport, Team
from portal.models.jobs import recovery_minutes
from portal.services.jobs import _lock_key
from portal.services.student_import import import_run
from portal.tasks import recover_stalled_jobs
from tests.factories import MembershipFactory
from tests.portal.test_student_import import GOOD_ROWS, workbook
from tests.redis_server import UsingRedis

pytestmark = pytest.mark.django_db
OPERATING = Path(__file__).resolve().parents[2] / "docs" / "operating.md"


def stalled_import(school, teacher, *, silent_minutes=5, **fields) -> StudentImport:
    """An import whose task never reached a worker: queued minutes ago, silent since."""
    job = StudentImport.objects.create(
        school=school, file=workbook(GOOD_ROWS), uploaded_by=teacher, **fields
    )
    StudentImport.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=silent_minutes)
    )
    job.refresh_from_db()
    return job


def test_an_import_left_queued_is_queued_again_and_done_once(teacher, school):
    job = stalled_import(school, teacher)

    first = recover_stalled_jobs.delay().get()
    second = recover_stalled_jobs.delay().get()

    job.refresh_from_db()
    assert (first, second) == (1, 0)
    assert job.status == StudentImport.Status.DONE
    assert job.attempts == 1
    assert Student.objects.count() == len(GOOD_ROWS)


def test_a_report_left_running_by_a_dead_worker_is_built_again(coordinator):
    report = Report.objects.create(
        area=coordinator.coordinated_area,
        first_month="2026-10",
        last_month="2026-10",
        requested_by=coordinator,
    )
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, attempts=1, heartbeat_at=timezone.now() - timedelta(hours=1)
    )

    assert recover_stalled_jobs.delay().get() == 1

    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.attempts == 2
    assert report.file


def test_a_job_that_is_moving_is_left_alone(teacher, school):
    job = stalled_import(school, teacher, silent_minutes=0)

    assert recover_stalled_jobs.delay().get() == 0
    job.refresh_from_db()
    assert job.status == StudentImport.Status.QUEUED


def test_a_job_whose_runs_keep_dying_is_given_up_with_the_reason(teacher, school, settings):
    job = stalled_import(school, teacher, attempts=settings.JOB_MAX_ATTEMPTS)

    recover_stalled_jobs.delay().get()

    job.refresh_from_db()
    assert job.status == StudentImport.Status.REJECTED
    assert job.finished_at
    assert "dừng giữa chừng 3 lần" in job.errors[0]["message"]
    assert not Student.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_another_worker_holds_is_neither_queued_again_nor_done_twice(
    live_database, teacher, school
):
    if connection.vendor != "postgresql":
        pytest.skip("the run's lock is PostgreSQL's (SQLite runs tasks in one process)")
    job = stalled_import(school, teacher)
    database = connection.settings_dict
    other_worker = psycopg.connect(
        host=database["HOST"], port=database["PORT"], user=database["USER"],
        dbname=database["NAME"], autocommit=True,
    )  # fmt: skip
    try:
        other_worker.execute("SELECT pg_advisory_lock(%s, %s)", _lock_key(job))

        requeued = recover_stalled_jobs.delay().get()
        import_run(job)  # a second copy of the task arrives meanwhile
        job.refresh_from_db()
        assert (requeued, job.status, Student.objects.count()) == (0, "queued", 0)
    finally:
        other_worker.close()  # the worker dies: its lock goes with its session

    assert recover_stalled_jobs.delay().get() == 1
    job.refresh_from_db()
    assert job.status == StudentImport.Status.DONE
    assert Student.objects.count() == len(GOOD_ROWS)


class TestTheProgressPage:
    def test_a_stalled_import_says_when_it_will_be_run_again_and_offers_a_retry(
        self, client, teacher, school
    ):
        job = stalled_import(school, teacher)
        client.force_login(teacher)

        page = client.get(reverse("portal:student_import_detail", args=[job.pk])).content.decode()
        progress = client.get(reverse("portal:student_import_progress", args=[job.pk])).json()

        assert f"trong vòng {recovery_minutes()} phút" in page
        assert reverse("portal:student_import_retry", args=[job.pk]) in page
        assert progress["stalled"] is True
        assert progress["finished"] is False

    def test_the_sender_runs_it_again_at_once(self, client, teacher, school):
        job = stalled_import(school, teacher)
        client.force_login(teacher)

        response = client.post(reverse("portal:student_import_retry", args=[job.pk]), follow=True)

        job.refresh_from_db()
        assert job.status == StudentImport.Status.DONE
        assert "Đã gửi lại vào hàng đợi" in response.content.decode()

    def test_a_retry_while_the_queue_is_down_keeps_the_job_and_says_so(
        self, client, teacher, school, settings
    ):
        job = stalled_import(school, teacher)
        client.force_login(teacher)

        with UsingRedis(settings, "redis://127.0.0.1:1/0"):  # nothing listens there
            response = client.post(
                reverse("portal:student_import_retry", args=[job.pk]), follow=True
            )

        job.refresh_from_db()
        assert job.status == StudentImport.Status.QUEUED
        assert not Student.objects.exists()
        assert "Hàng đợi xử lý đang gián đoạn" in response.content.decode()

    def test_a_job_still_moving_has_no_notice_and_no_retry(self, client, teacher, school):
        job = stalled_import(school, teacher, silent_minutes=0)
        client.force_login(teacher)

        page = client.get(reverse("portal:student_import_detail", args=[job.pk])).content.decode()
        retried = client.post(reverse("portal:student_import_retry", args=[job.pk]), follow=True)

        assert "Chưa thấy tiến triển" not in page
        assert "Không cần chạy lại" in retried.content.decode()
        job.refresh_from_db()
        assert job.status == StudentImport.Status.QUEUED

    def test_only_the_sender_gets_the_retry_button(self, client, teacher, school):
        job = stalled_import(school, teacher)
        colleague = MembershipFactory(team=Team.objects.get(school=school)).person
        client.force_login(colleague)  # sees the school's imports, did not send this one

        page = client.get(reverse("portal:student_import_detail", args=[job.pk])).content.decode()
        refused = client.post(reverse("portal:student_import_retry", args=[job.pk]))

        assert "Chưa thấy tiến triển" in page
        assert reverse("portal:student_import_retry", args=[job.pk]) not in page
        assert refused.status_code == 403

    def test_a_stalled_report_offers_its_requester_a_retry(self, client, coordinator):
        report = Report.objects.create(
            area=coordinator.coordinated_area,
            first_month="2026-10",
            last_month="2026-10",
            requested_by=coordinator,
        )
        Report.objects.filter(pk=report.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        client.force_login(coordinator)

        page = client.get(reverse("portal:report_detail", args=[report.pk])).content.decode()
        client.post(reverse("portal:report_retry", args=[report.pk]))

        assert reverse("portal:report_retry", args=[report.pk]) in page
        report.refresh_from_db()
        assert report.status == Report.Status.DONE


def test_the_operators_guide_promises_what_the_settings_do(settings):
    """The delays an operator reads are the ones the code keeps."""
    text = " ".join(OPERATING.read_text().split())
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    sweep = settings.CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"]

    assert f"within {recovery_minutes()} minutes" in text
    assert f"`CELERY_VISIBILITY_TIMEOUT`, {visibility} s" in text
    assert f"looked for every {sweep} s" in text
    assert re.search(r"appendonly yes", text)
