import threading
import time
from datetime import timedelta

import pytest
from celery.signals import task_success

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.tasks import clear_expired_sessions, send_rendered_email

pytestmark = pytest.mark.django_db


def test_expired_sessions_are_forgotten_and_live_ones_kept():
    live, expired = SessionStore(), SessionStore()
    live.create()
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    assert clear_expired_sessions.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_rendered_email_keeps_its_html_part(mailoutbox):
    send_rendered_email.delay(
        subject="Chào bạn",
        body="Nội dung",
        html_body="<p>Nội dung</p>",
        to=["an@example.vn"],
        from_email="khong-tra-loi@example.vn",
    )

    assert mailoutbox[0].alternatives[0].content == "<p>Nội dung</p>"


@pytest.mark.worker
def test_password_reset_mail_travels_through_redis_to_a_real_worker(
    client, volunteer, mailoutbox, celery_worker, django_capture_on_commit_callbacks
):
    ran_in = []

    def record(sender, **kwargs):
        ran_in.append((sender.name, threading.current_thread() is threading.main_thread()))

    task_success.connect(record, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/accounts/password/reset/", {"email": volunteer.email})
        deadline = time.monotonic() + 20
        # The worker sends the mail before it reports the task done: wait for both.
        while not (mailoutbox and ran_in) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        task_success.disconnect(record)

    assert ran_in == [("portal.tasks.send_rendered_email", False)]  # by the worker thread
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [volunteer.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
