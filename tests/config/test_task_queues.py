"""Background work travels on two queues (settings: CELERY_TASK_ROUTES): "interactive" for
what someone is waiting for, "batch" for what nobody watches live, so several machines can
give each its own workers and a long report never holds up a sign-in e-mail."""

import time

import pytest
import redis

from django.core import mail

from config.celery_app import app
from portal import tasks
from tests.conftest import require_or_skip, thread_worker


def queue_of(task) -> str:
    """The queue a task is sent to, as the sender's router decides it."""
    return app.amqp.router.route({}, task.name)["queue"].name


def test_mail_and_imports_are_interactive_reports_and_recounts_are_batch():
    assert queue_of(tasks.send_rendered_email) == "interactive"
    assert queue_of(tasks.import_students) == "interactive"
    assert queue_of(tasks.build_report) == "batch"
    assert queue_of(tasks.reconcile_counters) == "batch"
    assert queue_of(tasks.recount_all_counters) == "batch"


def test_every_task_of_the_project_has_a_queue_of_its_own_choosing(settings):
    """A new task must be put on one queue or the other: none falls to the default."""
    project = {name for name in app.tasks if name.startswith(("portal.", "campaign.", "home."))}

    assert project == set(settings.CELERY_TASK_ROUTES)
    assert {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} == {
        "interactive",
        "batch",
    }


def test_a_worker_without_queues_named_takes_every_queue():
    """One machine: `celery worker` (Procfile, make worker, the single systemd unit) runs
    everything, as before the split."""
    assert set(app.amqp.queues.consume_from) == {"interactive", "batch", "celery"}


@pytest.mark.worker
def test_a_worker_of_the_interactive_queue_sends_mail_and_leaves_reports_queued(settings):
    if not settings.REDIS_URL:
        require_or_skip("REQUIRE_WORKER", "needs REDIS_URL: a real worker needs a real broker")
    broker = redis.Redis.from_url(app.conf.broker_url)
    broker.delete("interactive", "batch")
    try:
        with thread_worker(queues=["interactive"]):
            tasks.build_report.delay(0)  # the report's row is never read: nobody takes it
            tasks.send_rendered_email.delay(
                subject="Chào", body="Nội dung", to=["an@example.vn"], from_email="x@example.vn"
            )
            deadline = time.monotonic() + 20
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)

            assert [message.to for message in mail.outbox] == [["an@example.vn"]]
            assert broker.llen("batch") == 1
    finally:
        broker.delete("interactive", "batch")
    # The next worker of this process, told no queue, takes every queue again.
    assert set(app.amqp.queues.consume_from) == {"interactive", "batch", "celery"}
