"""Text messages reach the provider as it expects them: checked on a fake provider listening
on 127.0.0.1 (tests/sms_gateway_server.py), through the real client."""

import hashlib
import hmac
import json
import socket
import threading

import pytest

from django.utils import timezone

from portal.channels import DeliveryFailed, send
from portal.models import Delivery
from portal.phones import is_mobile
from tests.factories.desk import requested
from tests.factories.teams import commune

BODY = "Yêu cầu HT-0812 của bạn đã được đội Gia Lâm tiếp nhận. Đội sẽ gọi bạn trong 24 giờ."
FOLDED = "Yeu cau HT-0812 cua ban da duoc doi Gia Lam tiep nhan. Doi se goi ban trong 24 gio."


def delivery(address="+84912345678", body=BODY, pk=41, support_request=None):
    now = timezone.now()
    # Not saved: the channel reads the row's fields only; the pk names the message.
    return Delivery(
        pk=pk,
        kind="support_received",
        event="support:812:received",
        channel="sms",
        recipient=address,
        address=address,
        title="Đã nhận yêu cầu",
        body=body,
        created_at=now,
        send_after=now,
        support_request=support_request,
    )


def test_esms_receives_the_documented_fields_and_accepts(sms_gateway):
    send(delivery())
    (received,) = sms_gateway.requests
    assert received.path == "/send/"
    assert received.headers["Content-Type"].startswith("application/json")
    assert received.json == {
        "ApiKey": "key-123",
        "SecretKey": "secret-456",
        "Phone": "0912345678",
        "Content": FOLDED,
        "Brandname": "MAYTINHCU",
        "SmsType": "2",
        "IsUnicode": "0",
        "Sandbox": "0",
        "RequestId": "delivery-41",
    }


def test_esms_with_accents_allowed_sends_unicode_in_one_70_character_message(sms_gateway, settings):
    settings.SMS_ASCII_ONLY = False
    settings.SMS_SANDBOX = True
    send(delivery())
    sent = sms_gateway.requests[0].json
    assert sent["IsUnicode"] == "1"
    assert sent["Sandbox"] == "1"
    assert sent["Content"].startswith("Yêu cầu HT-0812 của bạn")
    assert len(sent["Content"]) <= 70


def test_esms_repeated_request_id_counts_as_sent(sms_gateway):
    sms_gateway.answer(200, {"CodeResult": "124", "ErrorMessage": "Duplicate RequestId"})
    send(delivery())  # no error: the first try's message is already on its way


@pytest.mark.parametrize(
    ("code", "permanent", "words"),
    [
        ("101", True, "sai ApiKey"),
        ("108", True, "sai định dạng"),
        ("99", True, "bị chặn"),
        ("103", False, "hết tiền"),
        ("777", True, "777"),
    ],
)
def test_esms_rejections_say_why_and_whether_a_retry_can_help(sms_gateway, code, permanent, words):
    sms_gateway.answer(200, {"CodeResult": code})
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery())
    assert failure.value.permanent is permanent
    assert words in str(failure.value)


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_provider_trouble_is_retried_later(sms_gateway, status):
    sms_gateway.answer(status, "busy")
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery())
    assert failure.value.permanent is False
    assert str(status) in str(failure.value)


def test_an_unreadable_answer_is_retried(sms_gateway):
    sms_gateway.answer(200, "<html>maintenance</html>")
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery())
    assert failure.value.permanent is False


def test_a_provider_slower_than_the_timeout_is_retried_later(sms_gateway):
    sms_gateway.answer(200, {"CodeResult": "100"}, delay=2)
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery())
    assert failure.value.permanent is False
    assert "Không kết nối được cổng SMS" in str(failure.value)


def test_an_unreachable_provider_is_retried_later(sms_gateway, settings):
    settings.SMS_API_URL = "http://127.0.0.1:9/"  # the discard port: nothing listens
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery())
    assert failure.value.permanent is False


@pytest.mark.parametrize("address", ["02438261234", "+84243826123", "not a number", ""])
def test_a_landline_or_no_number_fails_for_good_and_nothing_is_sent(sms_gateway, address):
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery(address=address))
    assert failure.value.permanent is True
    assert sms_gateway.requests == []


def test_with_no_gateway_configured_nothing_is_sent_and_the_reason_is_clear(settings):
    settings.SMS_GATEWAY = ""
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery())
    assert failure.value.permanent is True
    assert "SMS_GATEWAY" in str(failure.value)


def webhook(settings, gateway):
    settings.SMS_GATEWAY = "webhook"
    gateway.default.body = b'{"id": "relay-9"}'


def test_the_webhook_posts_to_text_reference_signed_with_the_secret(sms_gateway, settings):
    webhook(settings, sms_gateway)
    send(delivery())
    (received,) = sms_gateway.requests
    assert json.loads(received.body) == {
        "to": "+84912345678",
        "text": FOLDED,
        "reference": "delivery-41",
    }
    timestamp = received.headers["X-SMS-Timestamp"]
    expected = hmac.new(
        b"secret-456", timestamp.encode() + b"." + received.body, hashlib.sha256
    ).hexdigest()
    assert received.headers["X-SMS-Signature"] == f"sha256={expected}"
    assert received.headers["Authorization"] == "Bearer key-123"
    assert abs(int(timestamp) - int(timezone.now().timestamp())) < 60


def test_the_webhook_signature_changes_with_the_secret(sms_gateway, settings):
    webhook(settings, sms_gateway)
    settings.SMS_API_SECRET = "another"  # noqa: S105 — a test value
    send(delivery())
    received = sms_gateway.requests[0]
    stale = hmac.new(
        b"secret-456",
        received.headers["X-SMS-Timestamp"].encode() + b"." + received.body,
        hashlib.sha256,
    ).hexdigest()
    assert received.headers["X-SMS-Signature"] != f"sha256={stale}"


@pytest.mark.parametrize(
    ("status", "permanent"), [(400, True), (401, True), (422, True), (408, False), (503, False)]
)
def test_webhook_refusals_are_final_and_trouble_is_retried(
    sms_gateway, settings, status, permanent
):
    webhook(settings, sms_gateway)
    sms_gateway.answer(status, {"error": "invalid number"})
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery())
    assert failure.value.permanent is permanent
    assert str(status) in str(failure.value)


def test_the_text_is_cut_to_one_message(sms_gateway):
    send(delivery(body="Đội Gia Lâm " * 40))
    content = sms_gateway.requests[0].json["Content"]
    assert len(content) <= 160
    assert content.endswith("...")


@pytest.mark.parametrize(
    ("number", "mobile"),
    [
        ("0912 345 678", True),
        ("+84 (0) 988 123 456", True),
        ("024 3826 1234", False),
        ("0912", False),
        ("", False),
        ("+33 6 12 34 56 78", True),
    ],
)
def test_is_mobile(number, mobile):
    assert is_mobile(number) is mobile


@pytest.mark.django_db
def test_a_requester_who_did_not_consent_is_never_texted(sms_gateway, team):
    asked = requested(commune("Bát Tràng"), sms_consent=True)
    silent = requested(commune("Bát Tràng"), name="Không Muốn")

    send(delivery(pk=1, support_request=asked))
    with pytest.raises(DeliveryFailed) as failure:
        send(delivery(pk=2, support_request=silent))

    assert failure.value.permanent is True
    assert [received.json["RequestId"] for received in sms_gateway.requests] == ["delivery-1"]


def test_a_garbled_answer_is_retried(settings):
    """A "provider" that answers with something that is not HTTP at all."""
    listener = socket.create_server(("127.0.0.1", 0))

    def answer_garbage():
        connection, _address = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"NOT HTTP AT ALL\r\n\r\n")

    threading.Thread(target=answer_garbage, daemon=True).start()
    settings.SMS_GATEWAY = "webhook"
    settings.SMS_API_URL = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    settings.SMS_TIMEOUT_SECONDS = 2
    try:
        with pytest.raises(DeliveryFailed) as failure:
            send(delivery())
    finally:
        listener.close()
    assert failure.value.permanent is False
