"""Tasks survive a broker outage: with Redis unreachable (broker, cache and results where the
production settings put them), work queued by a request runs in the web process at once,
the request is not held up, and nothing queued after it in the same commit is skipped."""

import time

import pytest

from django.core import mail
from django.db import transaction

from portal.tasks import send_rendered_email
from tests.redis_server import UsingRedis

pytestmark = pytest.mark.django_db
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_a_mail_queued_while_redis_is_down_leaves_at_once_and_later_hooks_still_run(
    settings, django_capture_on_commit_callbacks
):
    later = []
    with UsingRedis(settings, DEAD_REDIS):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            send_rendered_email.delay_on_commit(
                subject="Thư", body="…", to=["to@example.vn"], from_email="from@example.vn"
            )
            transaction.on_commit(lambda: later.append("ran"))
        seconds = time.monotonic() - started

    assert [message.to for message in mail.outbox] == [["to@example.vn"]]
    assert later == ["ran"]
    assert seconds < 3, f"the request waited {seconds:.1f} s for the broker"
