"""The SMS provider behind settings: one call, `send_text()`, for every provider.

`SMS_GATEWAY`:
- "" — off. The public forms do not offer SMS (`enabled()`), and a text handed to the gateway
  anyway fails permanently with that reason, so a misconfiguration shows in the coordinators'
  list of failed deliveries instead of passing in silence.
- "esms" — eSMS.vn's JSON API (`SendMultipleMessage_V4_post_json`): a customer-care message
  (SmsType 2) from the registered brandname. Fields sent: ApiKey, SecretKey, Phone (national
  digits, "0912345678"), Content, Brandname, SmsType, IsUnicode, Sandbox, RequestId (our
  reference: eSMS answers a repeated RequestId with 124 instead of sending twice). The answer
  read: CodeResult ("100" accepted) and SMSID.
- "webhook" — any other provider through a small relay: a JSON POST {to, text, reference} to
  `SMS_API_URL`, signed with HMAC-SHA256 (docs/operating.md, "SMS", has the contract).

A failure says whether trying again can help: a refused number or a wrong key cannot (permanent),
a network error, a timeout, a 5xx or an empty balance can (the delivery task retries with
backoff). Requests go through urllib: the project needs no other HTTP client.
"""

import hashlib
import hmac
import http.client
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from portal.channels import DeliveryFailed
from portal.phones import phone_national

ESMS_URL = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ESMS_ACCEPTED = "100"
ESMS_DUPLICATE = "124"  # this RequestId was accepted before: the message is on its way
# Codes a later try can get past without anyone changing the configuration.
ESMS_PASSING = {"103"}  # the balance is empty: topped up, the retry goes through
ESMS_CODES = {
    "99": _lazy("số bị chặn nhận tin"),
    "101": _lazy("sai ApiKey hoặc SecretKey"),
    "102": _lazy("tài khoản chưa có bảng giá"),
    "103": _lazy("tài khoản hết tiền"),
    "104": _lazy("brandname chưa đăng ký"),
    "108": _lazy("số điện thoại sai định dạng"),
    "140": _lazy("địa chỉ IP máy chủ chưa được eSMS cho phép"),
    "146": _lazy("nội dung không khớp mẫu tin đã đăng ký"),
    "177": _lazy("nhà mạng chưa đăng ký cho brandname"),
}
SIGNATURE_HEADER = "X-SMS-Signature"
TIMESTAMP_HEADER = "X-SMS-Timestamp"


def enabled() -> bool:
    return settings.SMS_GATEWAY in ("esms", "webhook")


def send_text(*, phone: str, text: str, reference: str) -> str:
    """Hand one message to the provider; its id for the message (may be ""). `phone` is
    E.164, `text` already one segment (portal.sms_text), `reference` unique per message."""
    if settings.SMS_GATEWAY == "esms":
        return _esms(phone, text, reference)
    if settings.SMS_GATEWAY == "webhook":
        return _webhook(phone, text, reference)
    raise DeliveryFailed(_("Chưa bật gửi SMS (SMS_GATEWAY để trống)."), permanent=True)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """The webhook's signature: HMAC-SHA256 over "<timestamp>.<body>", hex, "sha256=" first."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def _esms(phone: str, text: str, reference: str) -> str:
    payload = {
        "ApiKey": settings.SMS_API_KEY,
        "SecretKey": settings.SMS_API_SECRET,
        "Phone": phone_national(phone).replace(" ", ""),
        "Content": text,
        "Brandname": settings.SMS_BRANDNAME,
        "SmsType": "2",
        "IsUnicode": "0" if settings.SMS_ASCII_ONLY else "1",
        "Sandbox": "1" if settings.SMS_SANDBOX else "0",
        "RequestId": reference,
    }
    status, answer = _post(settings.SMS_API_URL or ESMS_URL, json.dumps(payload).encode(), {})
    if status >= 500 or status in (408, 429):
        raise DeliveryFailed(_("eSMS trả lời lỗi %(status)s.") % {"status": status})
    try:
        result = json.loads(answer)
        code = str(result.get("CodeResult", ""))
    except (ValueError, AttributeError):
        raise DeliveryFailed(
            _("eSMS trả lời không đọc được (HTTP %(status)s).") % {"status": status}
        ) from None
    if code in (ESMS_ACCEPTED, ESMS_DUPLICATE):
        return str(result.get("SMSID") or "")
    reason = ESMS_CODES.get(code) or result.get("ErrorMessage") or ""
    raise DeliveryFailed(
        _("eSMS từ chối, mã %(code)s: %(reason)s") % {"code": code or "?", "reason": reason},
        permanent=code not in ESMS_PASSING,
    )


def _webhook(phone: str, text: str, reference: str) -> str:
    if not settings.SMS_API_URL:
        raise DeliveryFailed(_("Chưa đặt SMS_API_URL cho cổng SMS."), permanent=True)
    body = json.dumps({"to": phone, "text": text, "reference": reference}).encode()
    timestamp = str(int(time.time()))
    headers = {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(settings.SMS_API_SECRET, timestamp, body),
    }
    if settings.SMS_API_KEY:
        headers["Authorization"] = f"Bearer {settings.SMS_API_KEY}"
    status, answer = _post(settings.SMS_API_URL, body, headers)
    if 200 <= status < 300:
        try:
            return str(json.loads(answer).get("id") or "")
        except (ValueError, AttributeError):
            return ""
    detail = answer[:200].decode(errors="replace").strip()
    message = _("Cổng SMS trả lời lỗi %(status)s: %(detail)s") % {
        "status": status,
        "detail": detail,
    }
    # A 4xx says this message will never be taken (a bad number, a refused text, a wrong
    # key); only a timeout, a rate limit or the relay's own trouble passes.
    raise DeliveryFailed(message, permanent=400 <= status < 500 and status not in (408, 429))


def _post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """The status and body of a JSON POST; an HTTP error status is an answer too. No answer
    at all (refused, unreachable, timed out) is a passing failure."""
    if not url.startswith(("https://", "http://")):
        raise DeliveryFailed(_("Địa chỉ cổng SMS không hợp lệ."), permanent=True)
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked above
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status, response.read(64 * 1024)
    except urllib.error.HTTPError as error:
        return error.code, error.read(64 * 1024)
    # OSError: refused, unreachable, timed out; HTTPException: an answer cut short or garbled.
    except (OSError, http.client.HTTPException, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryFailed(
            _("Không kết nối được cổng SMS: %(reason)s") % {"reason": reason}
        ) from None
