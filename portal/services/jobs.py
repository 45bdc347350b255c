"""Background jobs with a row (student-list imports, progress reports): each done once, and
none lost when Redis or a worker fails.

- A run first claims its job (`job_claim`). On PostgreSQL it holds an advisory lock for as
  long as it works: the lock, not a clock, says whether some worker is still on the job, and
  it goes with the worker's database session when the worker dies. A run that finds the lock
  taken or the job finished does nothing, so a second copy of the task (a re-queue below, a
  retry, the broker handing out again a dead worker's task) never doubles the work.
- A run leaves a sign of life on the row as it goes (`heartbeat_at`).
- `jobs_recover` (Celery beat, every JOB_RECOVERY_EVERY seconds) queues again each
  unfinished job silent for JOB_STALLED_AFTER seconds that no run holds: one queued while
  Redis was down, one whose message Redis lost, one whose worker died. Its owner sees the
  same on the progress page and may queue it again at once (`job_retry`).
- A job whose runs died JOB_MAX_ATTEMPTS times is given up, with the reason, rather than
  handed to yet another worker to crash.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import access
from portal.models import Report, StudentImport, User
from portal.tasks import build_report, import_students

# The watched jobs (both subclass WatchedJob), each with the task that runs it.
Job = StudentImport | Report
QUEUED, RUNNING = "queued", "running"  # the same in both models' status choices
TASKS: dict[type[Job], Any] = {StudentImport: import_students, Report: build_report}


def _lock_key(job: Job) -> tuple[int, int]:
    return zlib.crc32(job._meta.label.encode()) & 0x7FFFFFFF, job.pk


@contextmanager
def _run_lock(job: Job) -> Iterator[bool]:
    """Hold the job's lock while the block runs; False when someone else holds it. SQLite
    (one process, tasks run eagerly) has no such lock and needs none."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", _lock_key(job))
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _lock_key(job))
            except DatabaseError:
                pass  # the session is gone, and its lock with it


def _is_held(job: Job) -> bool:
    """Is a run working on this job right now (anywhere)?"""
    with _run_lock(job) as free:
        return not free


def _silent_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(seconds=settings.JOB_STALLED_AFTER)


@contextmanager
def job_claim(job: Job) -> Iterator[bool]:
    """`with job_claim(job) as mine:` do the work only when `mine`. The job is then marked
    running, for this run, until the block ends."""
    with _run_lock(job) as free:
        if not free:
            yield False
            return
        model = type(job)
        runnable = Q(status=QUEUED) | Q(status=RUNNING)
        if connection.vendor != "postgresql":  # without the lock, only a silent run is dead
            runnable = Q(status=QUEUED) | Q(status=RUNNING, heartbeat_at__lt=_silent_since())
        rows = model.objects.filter(runnable, pk=job.pk)
        claimed = rows.filter(attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
            status=RUNNING, heartbeat_at=timezone.now(), attempts=F("attempts") + 1
        )
        job.refresh_from_db()
        if not claimed and rows.exists():
            _give_up(job)
            job.refresh_from_db()
        yield bool(claimed)


def _give_up(job: Job) -> None:
    with translation.override("vi"):
        reason = _(
            "Máy xử lý đã dừng giữa chừng %(count)s lần với việc này nên hệ thống không thử "
            "lại nữa. Hãy gửi lại; nếu vẫn lỗi, báo cho quản trị kỹ thuật."
        ) % {"count": job.attempts}
    finished = {"finished_at": timezone.now()}
    if isinstance(job, StudentImport):
        errors = [{"row": 1, "column": "", "message": reason}]
        StudentImport.objects.filter(pk=job.pk).update(
            status=StudentImport.Status.REJECTED, errors=errors, **finished
        )
    else:
        Report.objects.filter(pk=job.pk).update(status=Report.Status.FAILED, **finished)


def _requeue(job: Job) -> bool:
    """Queued again: a fresh sign of life (not queued again before another
    JOB_STALLED_AFTER), and sent. False when Redis would not take it: it stays queued, for
    the next pass."""
    type(job).objects.filter(pk=job.pk, status__in=[QUEUED, RUNNING]).update(
        status=QUEUED, heartbeat_at=timezone.now()
    )
    return TASKS[type(job)].delay(job.pk) is not None


def jobs_recover(*, now: datetime | None = None) -> int:
    """Queue again every stalled job no run holds; returns how many."""
    requeued = 0
    for model in TASKS:
        stalled = model.objects.filter(
            status__in=[QUEUED, RUNNING], heartbeat_at__lt=_silent_since(now)
        )
        for job in stalled:
            if not _is_held(job):
                _requeue(job)
                requeued += 1
    return requeued


Retried = Literal["queued", "queue_down", "not_needed"]


def job_retry(*, actor: User, job: Job) -> Retried:
    """The owner's "Chạy lại ngay": queue a stalled job again now. Says whether it was
    queued, whether the queue is down (it then starts once it is back), or whether there was
    nothing to retry (finished, still moving, or a worker holds it)."""
    if not access.can_retry_job(actor, job):
        raise PermissionDenied
    if not job.stalled or _is_held(job):
        return "not_needed"
    return "queued" if _requeue(job) else "queue_down"
