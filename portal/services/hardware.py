"""Hardware snapshots arriving: the one-time tokens a capture sends them with, and the
snapshot kept once per device however often it arrives.

A token is issued from the device page by someone who may check the device; the capture
(a script on the donated computer, the phone page) sends one snapshot with it, within 24
hours, without signing in. The same capture sent again (the script retrying after a lost
answer, its saved file uploaded by hand) is the same snapshot: kept once, and the second
sender is told it arrived before.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from portal import access
from portal.hardware.snapshot import Snapshot, SnapshotError, read
from portal.models import CaptureToken, Device, HardwareSnapshot, SnapshotSource, User
from portal.models.devices import normalise_asset_code
from portal.models.hardware import CapturePlatform
from portal.models.wipes import holds_data
from portal.services.devices import device_lock
from portal.services.once import once
from portal.workflows import DEVICE

# The code of a refusal for the token rather than the file (the upload answers 403).
TOKEN_REFUSED = "token"  # noqa: S105 - an error code, not a secret


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def capture_token_issue(*, actor: User, device: Device, platform: str) -> str:
    """A fresh token for one upload of the device's snapshot; only its hash is kept, so the
    raw token exists only in what the volunteer downloads or opens."""
    if platform not in CapturePlatform.values:
        raise ValidationError(_("Không có cách kiểm tra này."))
    refusal = capture_refusal(device, platform)
    if refusal is not None:
        raise ValidationError(refusal)
    if not access.can_capture_hardware(actor, device, platform):
        raise PermissionDenied
    raw = secrets.token_urlsafe(32)
    CaptureToken.objects.create(
        device=device, token_sha256=token_hash(raw), platform=platform, created_by=actor
    )
    return raw


def _usable(raw: str) -> CaptureToken | None:
    if not raw or len(raw) > 200:
        return None
    return (
        CaptureToken.objects.filter(
            token_sha256=token_hash(raw), used_at__isnull=True, expires_at__gt=timezone.now()
        )
        .select_related("device")
        .first()
    )


def capture_refusal(device: Device, platform: str | None = None) -> str | None:
    """Why the device takes no capture (with `platform`, not that way), in Vietnamese; None
    when it does. The rule is `access.capture_platforms`: this only puts it in words."""
    platforms = access.capture_platforms(device)
    if platforms and (platform is None or platform in platforms):
        return None
    if not holds_data(device):
        return _("%(code)s là %(kind)s: không có phần cứng chứa dữ liệu để kiểm tra tự động.") % {
            "code": device.asset_code,
            "kind": device.get_kind_display(),
        }
    try:
        DEVICE.require(device, "snapshot_receive")
    except ValidationError as error:
        return " ".join(error.messages)
    return _refused_platform(device)


def _refused_platform(device: Device) -> str:
    return _("%(code)s (%(kind)s) không kiểm tra tự động bằng cách này.") % {
        "code": device.asset_code,
        "kind": device.get_kind_display(),
    }


@dataclass(frozen=True)
class PhonePage:
    """What the phone page opens on: the device, and whether its snapshot was already sent
    (the phone reloading the page after sending is told so, and nothing else)."""

    device: Device
    sent: bool


def phone_page(raw: str) -> PhonePage | None:
    """Only a token issued for the phone page opens it; one that is wrong, or expired before
    it was used, or whose device no longer takes a capture from a phone, opens nothing."""
    if not raw or len(raw) > 200:
        return None
    token = (
        CaptureToken.objects.filter(token_sha256=token_hash(raw), platform=CapturePlatform.PHONE)
        .select_related("device")
        .first()
    )
    if token is None:
        return None
    if token.used_at is not None:
        return PhonePage(device=token.device, sent=True)
    if token.expires_at <= timezone.now():
        return None
    if CapturePlatform.PHONE not in access.capture_platforms(token.device):
        return None
    return PhonePage(device=token.device, sent=False)


def capture_token_device(raw: str) -> Device | None:
    """The device a token may still send a snapshot for: it exists, is unused and unexpired."""
    token = _usable(raw)
    return token.device if token else None


def snapshot_receive(
    *,
    token: str | None = None,
    actor: User | None = None,
    device: Device | None = None,
    data: bytes,
) -> tuple[HardwareSnapshot, bool]:
    """(snapshot, created) from an uploaded file: sent with a capture token (no one signed
    in), or by a signed-in volunteer for a device. A file that is no snapshot, a token that is
    wrong, spent or expired, and a snapshot of another device are refused with the reason."""
    # A token nobody issued is refused before the file is read: reading costs more.
    if token is not None and not _issued(token):
        raise _wrong_token()
    try:
        snapshot = read(data)
    except SnapshotError as error:
        raise ValidationError(str(error)) from None
    if token is not None:
        return _by_token(token, snapshot)
    if actor is None or device is None:
        raise ValidationError(_("Thiếu mã gửi báo cáo."))
    if not access.can_capture_hardware(actor, device):
        raise PermissionDenied
    return _keep(snapshot, device=device, actor=actor, token=None)


def _issued(raw: str) -> bool:
    if not raw or len(raw) > 200:
        return False
    return CaptureToken.objects.filter(token_sha256=token_hash(raw)).exists()


def _wrong_token() -> ValidationError:
    return ValidationError(
        _("Mã gửi báo cáo không đúng. Hãy tải lại script hoặc quét lại mã QR trên trang thiết bị."),
        code=TOKEN_REFUSED,
    )


@transaction.atomic
def _by_token(raw: str, snapshot: Snapshot) -> tuple[HardwareSnapshot, bool]:
    # Locked: two uploads with one token wait here for each other; the second finds it spent.
    token = (
        CaptureToken.objects.select_for_update()
        .filter(token_sha256=token_hash(raw))
        .select_related("device", "created_by")
        .first()
        if raw and len(raw) <= 200
        else None
    )
    if token is None:
        raise _wrong_token()
    if token.used_at is not None:
        # The script retrying after a lost answer sends the same capture: it arrived.
        earlier = HardwareSnapshot.objects.filter(
            device=token.device, fingerprint=snapshot.fingerprint
        ).first()
        if earlier is not None:
            return earlier, False
        raise ValidationError(
            _("Mã gửi báo cáo này đã được dùng. Hãy lấy mã mới trên trang thiết bị."),
            code=TOKEN_REFUSED,
        )
    if token.expires_at <= timezone.now():
        raise ValidationError(
            _("Mã gửi báo cáo đã hết hạn (sau 24 giờ). Hãy lấy mã mới trên trang thiết bị."),
            code=TOKEN_REFUSED,
        )
    kept, created = _keep(snapshot, device=token.device, actor=token.created_by, token=token)
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    return kept, created


@transaction.atomic
def _keep(
    snapshot: Snapshot, *, device: Device, actor: User, token: CaptureToken | None
) -> tuple[HardwareSnapshot, bool]:
    def locked() -> Device:
        # A token carries its issuer's permission as it was; a signed-in upload asks now.
        if token is None and not access.can_capture_hardware(actor, device):
            raise PermissionDenied
        return device_lock(device)

    def create(device: Device) -> HardwareSnapshot:
        _refuse_other_device(snapshot, device)
        DEVICE.require(device, "snapshot_receive")
        # A token issued before the device's kind was corrected (a SIM, a laptop typed as a
        # phone) still carries a platform that no longer fits it.
        platforms = access.capture_platforms(device)
        if not platforms or (token is not None and token.platform not in platforms):
            raise ValidationError(_refused_platform(device))
        tool = snapshot.data["tool"]
        kept = HardwareSnapshot.objects.create(
            device=device,
            fingerprint=snapshot.fingerprint,
            data=snapshot.data,
            tool_name=tool["name"],
            tool_version=tool["version"],
            captured_at=(captured_at := _moment(snapshot.data["captured_at"])),
            ran_at=ran_at(captured_at, received=timezone.now()),
            source=_source(snapshot, token),
            wipe=snapshot.wipe,
            uploaded_by=actor,
            token=token,
        )
        note = _("Nhận báo cáo phần cứng từ %(tool)s %(version)s") % {
            "tool": kept.tool_name,
            "version": kept.tool_version,
        }
        DEVICE.stay(device, step="snapshot_receive", actor=actor, note=note, update_fields=())
        return kept

    return once(
        HardwareSnapshot,
        lock=locked,
        create=create,
        device=device,
        fingerprint=snapshot.fingerprint,
    )


# How long a saved report may wait for its upload. A machine's own clock can be far off (a
# flat CMOS battery says 2009, a wrong one 2099): a capture time outside these days before
# the report arrived is not believed, and the report counts from its arrival.
SAVED_REPORT_DAYS = 30


def ran_at(captured_at: datetime, *, received: datetime) -> datetime:
    """When a capture ran, as far as the portal can tell: the time the machine wrote, if it
    is a time a saved report could have waited for its upload, else the arrival."""
    if received - timedelta(days=SAVED_REPORT_DAYS) <= captured_at <= received:
        return captured_at
    return received


def _refuse_other_device(snapshot: Snapshot, device: Device) -> None:
    named = normalise_asset_code(snapshot.data.get("device_code") or "")
    if named and named != normalise_asset_code(device.asset_code):
        raise ValidationError(
            _(
                "Báo cáo này là của thiết bị mã %(named)s, không phải %(code)s. Hãy tải lên đúng trang của thiết bị đó."
            )
            % {"named": snapshot.data["device_code"], "code": device.asset_code}
        )


def _moment(text: str) -> datetime:
    try:
        moment = parse_datetime(text)
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(_("Thời điểm đo trong báo cáo không hợp lệ."))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


# Words in a capture tool's name that tell where the snapshot came from.
_TOOL_WORDS = (
    (".ps1", SnapshotSource.WINDOWS),
    ("windows", SnapshotSource.WINDOWS),
    (".sh", SnapshotSource.LINUX),
    ("linux", SnapshotSource.LINUX),
    ("workbench", SnapshotSource.EREUSE),
    ("ereuse", SnapshotSource.EREUSE),
    ("phone", SnapshotSource.PHONE),
)


def _source(snapshot: Snapshot, token: CaptureToken | None) -> str:
    if token is not None and token.platform == CapturePlatform.PHONE:
        return SnapshotSource.PHONE
    name = snapshot.data["tool"]["name"].lower()
    for word, source in _TOOL_WORDS:
        if word in name:
            return source
    return SnapshotSource.FILE
