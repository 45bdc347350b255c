"""Hardware snapshots: what a capture (a script on the computer, the phone page, an eReuse
Workbench file) read on a device, and the one-time tokens that let a capture send it.

A capture runs on the donated machine, where nobody is signed in: a token issued from the
device page (by a volunteer who may check that device) names the device and lets one upload
through. Only its SHA-256 is kept, so the table gives nobody a usable token.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .devices import Device

# Long enough to carry a laptop home and run the script overnight; short enough that a token
# left in a downloaded script is useless after a day.
CAPTURE_TOKEN_LIFETIME = timedelta(hours=24)


class CapturePlatform(models.TextChoices):
    WINDOWS = "windows", _("script cho Windows")
    LINUX = "linux", _("script cho Linux")
    PHONE = "phone", _("Trang kiểm tra trên điện thoại")


class SnapshotSource(models.TextChoices):
    WINDOWS = "windows", _("Script Windows")
    LINUX = "linux", _("Script Linux")
    EREUSE = "ereuse", _("eReuse Workbench")
    PHONE = "phone", _("Trang kiểm tra trên điện thoại")
    FILE = "file", _("Tệp tải lên")


def _expiry():
    return timezone.now() + CAPTURE_TOKEN_LIFETIME


class CaptureToken(models.Model):
    """One upload's permission for one device, for 24 hours."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="capture_tokens")
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    platform = models.CharField(_("dùng cho"), max_length=10, choices=CapturePlatform.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_expiry)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã gửi báo cáo phần cứng")
        verbose_name_plural = _("mã gửi báo cáo phần cứng")

    def __str__(self):
        return f"{self.device.asset_code} · {self.get_platform_display()}"


class HardwareSnapshot(models.Model):
    """One capture of one device, kept as read (`maytinhcu-snapshot/1`). The same capture
    sent twice (the script's retry, the saved file uploaded again) is kept once."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="snapshots")
    fingerprint = models.CharField(max_length=64, editable=False)
    data = models.JSONField()
    tool_name = models.CharField(_("công cụ"), max_length=80)
    tool_version = models.CharField(_("phiên bản công cụ"), max_length=40)
    captured_at = models.DateTimeField(_("thời điểm đo"))
    source = models.CharField(_("nguồn"), max_length=10, choices=SnapshotSource.choices)
    # The data wipe the capture confirmed, if any: evidence for the wipe record.
    wipe = models.JSONField(null=True, blank=True)
    # Who sent it; for a token upload (nobody signed in), who issued the token.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    token = models.OneToOneField(
        CaptureToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="snapshot"
    )
    received_at = models.DateTimeField(auto_now_add=True)
    # When the capture ran as far as the portal can tell (`portal.services.hardware.ran_at`):
    # what orders a device's captures and dates them against its intake, return and repairs.
    ran_at = models.DateTimeField(_("chạy lúc"), editable=False)

    class Meta:
        verbose_name = _("báo cáo phần cứng")
        verbose_name_plural = _("báo cáo phần cứng")
        ordering = ["-ran_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "fingerprint"], name="snapshot_once_per_device"
            ),
        ]

    def __str__(self):
        return f"{self.device.asset_code} · {self.tool_name} {self.captured_at:%Y-%m-%d %H:%M}"
