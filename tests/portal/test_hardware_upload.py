"""A capture sends the device's hardware snapshot with a one-time token: the token is good
for one device, one upload and 24 hours; the same capture sent twice is kept once; no body
whatever makes the upload fail with a server error."""

import json
import threading
from datetime import timedelta
from unittest import mock

import pytest

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from portal.models import CaptureToken, HardwareSnapshot
from portal.services.hardware import capture_token_device, capture_token_issue
from tests.factories.devices import received
from tests.portal.hardware_documents import as_bytes, post, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def laptop(volunteer, team):
    return received(volunteer, team)


@pytest.fixture
def token(volunteer, laptop):
    return capture_token_issue(actor=volunteer, device=laptop, platform="windows")


def test_a_snapshot_sent_with_its_token_is_kept_for_the_device(client, laptop, token, volunteer):
    response = post(client, as_bytes(snapshot(laptop.asset_code)), token)

    assert response.status_code == 200
    answer = response.json()
    assert answer["ok"] is True
    assert answer["device"] == laptop.asset_code
    assert answer["duplicate"] is False
    assert "Đã nhận báo cáo phần cứng" in answer["message"]
    kept = HardwareSnapshot.objects.get(device=laptop)
    assert kept.tool_name == "maytinhcu-capture.ps1"
    assert kept.source == "windows"
    assert kept.uploaded_by == volunteer  # nobody signed in: the token's issuer
    assert kept.data["memory"]["total_gb"] == 8.0
    assert laptop.events.filter(note__contains="Nhận báo cáo phần cứng").exists()


def test_only_the_tokens_hash_is_stored(laptop, token):
    stored = CaptureToken.objects.get(device=laptop)

    assert stored.token_sha256 != token
    assert token not in stored.token_sha256
    assert capture_token_device(token) == laptop


def test_a_token_is_spent_by_one_upload(client, laptop, token):
    post(client, as_bytes(snapshot(laptop.asset_code)), token)
    other = snapshot(laptop.asset_code, captured_at="2026-11-30T11:00:00+07:00")

    response = post(client, as_bytes(other), token)

    assert response.status_code == 403
    assert "đã được dùng" in response.json()["error"]
    assert HardwareSnapshot.objects.filter(device=laptop).count() == 1
    assert capture_token_device(token) is None


def test_the_script_retrying_the_same_snapshot_with_its_spent_token_is_told_it_arrived(
    client, laptop, token
):
    body = as_bytes(snapshot(laptop.asset_code))
    post(client, body, token)

    again = post(client, body, token)

    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert "đã nhận trước đó" in again.json()["message"]
    assert HardwareSnapshot.objects.filter(device=laptop).count() == 1


def test_a_token_expires_after_24_hours(client, laptop, token):
    later = timezone.now() + timedelta(hours=24, minutes=1)

    with mock.patch("django.utils.timezone.now", return_value=later):
        response = post(client, as_bytes(snapshot(laptop.asset_code)), token)
        assert capture_token_device(token) is None

    assert response.status_code == 403
    assert "hết hạn" in response.json()["error"]
    assert not HardwareSnapshot.objects.exists()


def test_a_token_still_works_just_before_24_hours(client, laptop, token):
    later = timezone.now() + timedelta(hours=23, minutes=59)

    with mock.patch("django.utils.timezone.now", return_value=later):
        response = post(client, as_bytes(snapshot(laptop.asset_code)), token)

    assert response.status_code == 200


def test_a_snapshot_of_another_device_is_refused(client, laptop, token, volunteer, team):
    other = received(volunteer, team)

    response = post(client, as_bytes(snapshot(other.asset_code)), token)

    assert response.status_code == 400
    assert other.asset_code in response.json()["error"]
    assert not HardwareSnapshot.objects.exists()
    assert capture_token_device(token) == laptop  # the refusal did not spend it


@pytest.mark.parametrize(
    ("authorization", "status"),
    [(None, 401), ("Bearer ", 401), ("Basic abc", 401), ("Bearer not-a-token", 403)],
)
def test_a_missing_or_wrong_token_is_refused(client, laptop, authorization, status):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}

    response = post(client, as_bytes(snapshot(laptop.asset_code)), None, **headers)

    assert response.status_code == status
    assert response.json()["error"].startswith(("Thiếu mã", "Mã gửi báo cáo không đúng"))
    assert not HardwareSnapshot.objects.exists()


def test_the_same_file_uploaded_twice_is_kept_once(client, laptop, volunteer):
    body = as_bytes(snapshot(laptop.asset_code))
    first = capture_token_issue(actor=volunteer, device=laptop, platform="windows")
    second = capture_token_issue(actor=volunteer, device=laptop, platform="linux")

    post(client, body, first)
    response = post(client, body, second)

    assert response.json()["duplicate"] is True
    assert "đã nhận trước đó" in response.json()["message"]
    assert HardwareSnapshot.objects.filter(device=laptop).count() == 1


def test_a_file_too_large_is_refused_before_it_is_read(client, laptop, token, settings):
    settings.HARDWARE_SNAPSHOT_MAX_BYTES = 2000
    padded = as_bytes(snapshot(laptop.asset_code))[:-1] + b"," + b" " * 2500 + b"}"

    response = post(client, padded, token)

    assert response.status_code == 413
    assert "quá lớn" in response.json()["error"]
    assert capture_token_device(token) == laptop


def test_a_body_larger_than_its_content_length_says_is_cut_at_the_limit(
    client, laptop, token, settings
):
    settings.HARDWARE_SNAPSHOT_MAX_BYTES = 2000
    body = as_bytes(snapshot(laptop.asset_code))[:-1] + b"," + b" " * 2500 + b"}"

    response = post(client, body, token, CONTENT_LENGTH="100")

    assert response.status_code == 400
    assert not HardwareSnapshot.objects.exists()


def test_a_malformed_file_is_refused_in_vietnamese_and_nothing_is_kept(client, laptop, token):
    response = post(client, b'{"format": "maytinhcu-snapshot/1", "tool": 3}', token)

    assert response.status_code == 400
    assert response.json()["error"] == "Báo cáo phần cứng thiếu mục “captured_at”."
    assert not HardwareSnapshot.objects.exists()
    assert capture_token_device(token) == laptop


HOSTILE = [
    b"",
    b"\x00\x01\x02",
    b"\xff\xfe\x00",
    b"[" * 100000,
    b'{"format": "maytinhcu-capture/1", "platform": "windows", "raw": null}',
    b'{"format": "maytinhcu-capture/1", "platform": "amiga"}',
    b'{"type": "Snapshot", "data": 1}',
    b'"just a string"',
    b'{"format": "maytinhcu-snapshot/1", "captured_at": "2026-13-45T99:00:00Z",'
    b' "tool": {"name": "x", "version": "1"}, "sources": {}}',
    json.dumps(snapshot(memory={"total_gb": -1})).encode(),
    json.dumps(snapshot(device_code="<script>alert(1)</script>")).encode(),
]


@pytest.mark.parametrize("body", HOSTILE)
def test_no_body_makes_a_server_error(client, laptop, token, body):
    response = post(client, body, token)

    assert 400 <= response.status_code < 500
    assert response.json()["error"]
    assert not HardwareSnapshot.objects.exists()


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]
)
def test_a_form_body_is_no_snapshot_and_no_server_error(client, laptop, token, content_type):
    response = client.generic(
        "POST",
        reverse("portal:snapshot_upload"),
        data=b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nb\r\n--x--\r\n",
        content_type=content_type,
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 400
    assert not HardwareSnapshot.objects.exists()


def test_a_get_is_refused(client):
    assert client.get(reverse("portal:snapshot_upload")).status_code == 405


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_uploads_at_once_with_one_token_keep_one_snapshot(live_database, volunteer, team):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from django.test import Client

    laptop = received(volunteer, team)
    token = capture_token_issue(actor=volunteer, device=laptop, platform="windows")
    bodies = [
        as_bytes(snapshot(laptop.asset_code, captured_at=f"2026-11-30T1{hour}:00:00+07:00"))
        for hour in (1, 2)
    ]
    start, answers = threading.Barrier(2), []

    def send(body):
        start.wait()
        try:
            answers.append(post(Client(), body, token))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(body,)) for body in bodies]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]

    assert sorted(answer.status_code for answer in answers) == [200, 403]
    refused = next(answer for answer in answers if answer.status_code == 403)
    assert "đã được dùng" in refused.json()["error"]
    assert HardwareSnapshot.objects.filter(device=laptop).count() == 1


@pytest.mark.parametrize("token", ["", "x" * 43, "x" * 500])
def test_the_phone_page_without_a_usable_token_says_so_and_shows_no_device(client, laptop, token):
    response = client.get(
        f"/portal/hardware/phone/{token}/" if token else "/portal/hardware/phone/"
    )

    assert response.status_code == 404
    assert laptop.asset_code not in response.content.decode()


def test_the_phone_page_opens_for_a_fresh_token_without_signing_in(client, volunteer, team):
    phone = received(volunteer, team, kind="phone")
    token = capture_token_issue(actor=volunteer, device=phone, platform="phone")

    response = client.get(reverse("portal:phone_capture", args=[token]))

    assert response.status_code == 200
    assert phone.asset_code in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_token_is_refused_before_the_file_is_read(client, laptop):
    response = post(client, b"{not even json", "never-issued")

    assert response.status_code == 403
    assert "Mã gửi báo cáo không đúng" in response.json()["error"]
