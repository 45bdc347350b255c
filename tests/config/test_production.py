"""Production readiness that can be checked on any machine: the production settings as the
environment makes them (HTTPS cookies, object storage, Sentry), the security headers, the
idle sign-out, and what a crash report may carry."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.urls import reverse

from config.sentry import REDACTED, before_send
from portal.middleware import LAST_SEEN

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
import sentry_sdk
print(json.dumps({
    "session_cookie": settings.SESSION_COOKIE_NAME,
    "csrf_cookie": settings.CSRF_COOKIE_NAME,
    "secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "hsts": settings.SECURE_HSTS_SECONDS,
    "referrer": settings.SECURE_REFERRER_POLICY,
    "csp": "csp.middleware.CSPMiddleware" in settings.MIDDLEWARE,
    "media": type(storages["default"]).__name__,
    "private": type(storages["private"]).__name__,
    "sentry": sentry_sdk.get_client().dsn,
}))
"""


def production(**environment) -> dict:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "maytinhcu.example.vn",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_host_only_and_secure_and_media_is_on_disk_by_default():
    settings = production()

    assert settings["session_cookie"] == "__Host-sessionid"
    assert settings["csrf_cookie"] == "__Host-csrftoken"
    assert settings["secure"] == [True, True]
    assert settings["hsts"] == 31_536_000
    assert settings["referrer"] == "strict-origin-when-cross-origin"
    assert settings["csp"]
    assert (settings["media"], settings["private"]) == (
        "FileSystemStorage",
        "PrivateFileSystemStorage",
    )
    assert settings["sentry"] is None


def test_object_storage_and_sentry_are_switched_on_by_settings_alone():
    settings = production(
        DJANGO_S3_BUCKET="maytinhcu-media",
        DJANGO_S3_ENDPOINT_URL="https://s3.example.vn",
        SENTRY_DSN="https://key@sentry.example.vn/1",
    )

    assert (settings["media"], settings["private"]) == ("S3Storage", "PrivateS3Storage")
    assert settings["sentry"] == "https://key@sentry.example.vn/1"


def test_a_private_file_on_object_storage_still_has_no_url():
    from portal.storage import PrivateS3Storage

    with pytest.raises(ValueError, match="no public URL"):
        PrivateS3Storage(bucket_name="b").url("students/x.png")


def test_a_crash_report_carries_no_personal_data():
    event = {
        "request": {
            "url": "https://maytinhcu.example.vn/portal/students/4/",
            "data": {"full_name": "Lò Thị Hiền"},
            "query_string": "q=Hiền",
            "cookies": {"__Host-sessionid": "abc"},
            "headers": {"Cookie": "abc", "User-Agent": "Android"},
        },
        "exception": {
            "values": [{"stacktrace": {"frames": [{"function": "f", "vars": {"x": "Hiền"}}]}}]
        },
        "extra": {"student": {"full_name": "Lò Thị Hiền", "guardian_phone": "0912345678"}},
    }

    sent = before_send(event, {})

    assert "Hiền" not in json.dumps(sent, ensure_ascii=False)
    assert "0912345678" not in json.dumps(sent)
    assert sent["extra"]["student"]["full_name"] == REDACTED
    assert sent["request"]["headers"] == {"User-Agent": "Android"}


@pytest.mark.django_db
def test_every_page_outside_the_admin_carries_the_security_policy(client, volunteer):
    client.force_login(volunteer)

    portal = client.get(reverse("portal:dashboard"))
    home = client.get("/")
    admin = client.get("/admin/")

    for response in (portal, home):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
    assert "Content-Security-Policy" not in admin


@pytest.mark.django_db
def test_a_session_left_idle_is_signed_out(client, volunteer, settings):
    settings.SESSION_IDLE_MINUTES = 60
    client.force_login(volunteer)
    assert client.get(reverse("portal:dashboard")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 61 * 60
    session.save()

    response = client.get(reverse("portal:dashboard"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "lâu không thao tác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_every_setting_read_from_the_environment_is_in_the_example_file():
    import re

    read = set()
    for path in (ROOT / "config").rglob("*.py"):
        read |= set(re.findall(r'env(?:_bool|_int|_list)?\("([A-Z0-9_]+)"', path.read_text()))
    listed = set(re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))

    assert (
        read - listed - {"CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CELERY_TASK_ALWAYS_EAGER"}
        == set()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorn_serves_the_site_with_production_settings(live_database):
    """The deployment's real process: gunicorn with the production settings, on this
    database, answering health checks with the security headers."""
    import socket
    import urllib.request

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("production runs on PostgreSQL; CI runs this there")
    database = connection.settings_dict
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "y" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        ),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/health/", headers={"X-Forwarded-Proto": "https"}
        )
        for _attempt in range(60):
            try:
                response = urllib.request.urlopen(request, timeout=5)  # noqa: S310 — our server
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(server.stderr.read1().decode() if server.stderr else "no answer")
        body = json.loads(response.read())
        assert body["checks"]["database"] == "ok"
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db
def test_the_first_coordinator_is_created_by_a_command_and_sets_a_password_by_e_mail(
    client, gia_lam, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from portal.models import User

    # The 2025 map has a commune Gia Lâm beside the 2021 district: the name alone is not
    # enough, and the error says which code each one has.
    with pytest.raises(CommandError, match=f"Huyện Gia Lâm \\(code {gia_lam.code}, until"):
        call_command("create_coordinator", "huyendoan@gialam.example.vn", area="Gia Lâm")
    call_command(
        "create_coordinator", "huyendoan@gialam.example.vn", area=gia_lam.code, name="Trần Thu Hà"
    )
    call_command("create_coordinator", "huyendoan@gialam.example.vn", area=gia_lam.code)  # again

    user = User.objects.get(email="huyendoan@gialam.example.vn")
    assert user.is_coordinator
    assert user.coordinated_area == gia_lam
    assert (user.last_name, user.first_name) == ("Trần Thu", "Hà")
    assert not user.has_usable_password()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert any("huyendoan@gialam.example.vn" in message.to for message in mail.outbox)
