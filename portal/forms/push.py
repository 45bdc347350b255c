"""What a browser posts when it subscribes to the portal's notifications: its
`PushSubscription.toJSON()`, checked before the server ever posts to the address in it."""

import ipaddress
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.channels.vapid import b64url_decode
from portal.forms.numbers import BoundedNumbers

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def endpoint_allowed(url: str) -> bool:
    """HTTPS to a known push service (settings.WEBPUSH_PUSH_SERVICES); or, where allowed
    (tests, a developer's laptop), a push service on this machine."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 — raises ValueError for a port that is not a number
    except ValueError:
        return False
    if settings.WEBPUSH_ALLOW_LOOPBACK and host in LOOPBACK_HOSTS:
        return parts.scheme in {"http", "https"}
    if parts.scheme != "https" or not host or _is_ip(host) or host in LOOPBACK_HOSTS:
        return False
    services = settings.WEBPUSH_PUSH_SERVICES
    return "*" in services or any(
        host == service or host.endswith(f".{service}") for service in services
    )


class PushSubscriptionForm(BoundedNumbers, forms.Form):
    endpoint = forms.CharField(
        max_length=1000,
        error_messages={
            "required": _("Thiếu địa chỉ nhận thông báo của trình duyệt."),
            "max_length": _("Địa chỉ nhận thông báo quá dài."),
        },
    )
    p256dh = forms.CharField(
        max_length=200, error_messages={"required": _("Thiếu khóa mã hóa của trình duyệt.")}
    )
    auth = forms.CharField(
        max_length=100, error_messages={"required": _("Thiếu khóa xác thực của trình duyệt.")}
    )

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint_allowed(endpoint):
            raise forms.ValidationError(
                _("Địa chỉ nhận thông báo không phải của một dịch vụ thông báo được chấp nhận.")
            )
        return endpoint

    def clean_p256dh(self):
        try:
            point = b64url_decode(self.cleaned_data["p256dh"])
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        except ValueError:
            raise forms.ValidationError(_("Khóa mã hóa của trình duyệt không hợp lệ.")) from None
        return self.cleaned_data["p256dh"].rstrip("=")

    def clean_auth(self):
        try:
            secret = b64url_decode(self.cleaned_data["auth"])
        except ValueError:
            secret = b""
        if len(secret) != 16:
            raise forms.ValidationError(_("Khóa xác thực của trình duyệt không hợp lệ."))
        return self.cleaned_data["auth"].rstrip("=")

    @classmethod
    def from_json(cls, data) -> "PushSubscriptionForm":
        """From the posted subscription, whatever shape it came in."""
        if not isinstance(data, dict):
            data = {}
        keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
        fields = {
            "endpoint": data.get("endpoint"),
            "p256dh": keys.get("p256dh"),
            "auth": keys.get("auth"),
        }
        return cls({name: value for name, value in fields.items() if isinstance(value, str)})
