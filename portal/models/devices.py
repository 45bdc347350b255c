"""Donated devices and data SIMs, from intake to handover or liquidation.

A device's status changes only through the services named in `portal.workflows.devices`,
which check its table of moves and append a `DeviceEvent`; nothing else writes
`Device.status`.
"""

import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage

from .places import Area
from .teams import Team


class DeviceKind(models.TextChoices):
    PHONE = "phone", _("Điện thoại")
    TABLET = "tablet", _("Máy tính bảng")
    LAPTOP = "laptop", _("Laptop")
    DESKTOP = "desktop", _("Máy tính để bàn")
    SIM = "sim", _("Sim dữ liệu 3G/4G")


class DeviceStatus(models.TextChoices):
    RECEIVED = "received", _("Mới tiếp nhận")
    CHECKING = "checking", _("Đang kiểm tra")
    NEEDS_REPAIR = "needs_repair", _("Cần sửa chữa, nâng cấp")
    READY = "ready", _("Sẵn sàng trao tặng")
    RESERVED = "reserved", _("Đã dành cho học sinh")
    HANDED_OVER = "handed_over", _("Đã trao tặng")
    RETURNED = "returned", _("Đã thu hồi")
    UNREPAIRABLE = "unrepairable", _("Không sửa được")
    TO_LIQUIDATE = "to_liquidate", _("Chờ thanh lý")
    LIQUIDATED = "liquidated", _("Đã thanh lý")


class Carrier(models.TextChoices):
    VIETTEL = "viettel", "Viettel"
    VNPT = "vnpt", "VNPT (Vinaphone)"
    MOBIFONE = "mobifone", "MobiFone"
    FPT = "fpt", "FPT"
    VIETNAMOBILE = "vietnamobile", "Vietnamobile"
    OTHER = "other", _("Khác")


ASSET_PREFIXES: dict[str, str] = {
    DeviceKind.PHONE: "DT",
    DeviceKind.TABLET: "TB",
    DeviceKind.LAPTOP: "LT",
    DeviceKind.DESKTOP: "MB",
    DeviceKind.SIM: "SIM",
}


def normalise_asset_code(text: str) -> str:
    """ "lt 00042", "LT-00042" and "lt00042" are the same label."""
    return re.sub(r"[^A-Z0-9]", "", (text or "").upper())


class Device(models.Model):
    asset_code = models.CharField(_("mã tài sản"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("loại"), max_length=10, choices=DeviceKind.choices)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=DeviceStatus.choices,
        default=DeviceStatus.RECEIVED,
        editable=False,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("đổi tình trạng lúc"), auto_now_add=True)
    brand = models.CharField(_("hãng"), max_length=60, blank=True)
    model_name = models.CharField(_("mẫu máy"), max_length=100, blank=True)
    serial = models.CharField(
        _("số serial / IMEI"),
        max_length=60,
        blank=True,
        help_text=_("Chỉ đội và điều phối viên thấy; không bao giờ hiện công khai."),
    )
    condition_notes = models.TextField(_("tình trạng khi nhận"), blank=True)
    has_charger = models.BooleanField(_("có bộ sạc"), default=False)
    has_headphones = models.BooleanField(_("có tai nghe"), default=False)
    accessories_note = models.CharField(_("phụ kiện khác"), max_length=200, blank=True)

    donor_name = models.CharField(_("nhà hảo tâm"), max_length=150, blank=True)
    donor_phone = models.CharField(_("điện thoại nhà hảo tâm"), max_length=20, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("đội tiếp nhận"), on_delete=models.PROTECT, related_name="devices"
    )
    commune = models.ForeignKey(
        Area,
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="devices",
        limit_choices_to={"kind__in": Area.GRASSROOTS},
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"), auto_now_add=True, db_index=True)
    purchase = models.OneToOneField(
        "portal.FundEntry",
        verbose_name=_("mua từ quỹ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="device",
    )
    offer = models.ForeignKey(
        "portal.Offer",
        verbose_name=_("từ đăng ký ủng hộ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="devices",
        editable=False,
    )
    # The intake form's one-time key: a double-tapped "save" creates one device.
    intake_key = models.UUIDField(unique=True, null=True, editable=False)

    # Data SIMs only.
    carrier = models.CharField(_("nhà mạng"), max_length=20, choices=Carrier.choices, blank=True)
    data_gb_per_day = models.DecimalField(
        _("dung lượng (GB/ngày)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    sponsor = models.CharField(_("đơn vị tài trợ"), max_length=100, blank=True)
    expiry_warning_sent_on = models.DateField(null=True, blank=True, editable=False)

    # Set while the device is "reserved": the one student it may be handed to.
    reserved_for = models.ForeignKey(
        "portal.Student",
        verbose_name=_("dành cho học sinh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reserved_devices",
        editable=False,
    )
    latest_check = models.ForeignKey(
        "portal.SpecCheck",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("thiết bị")
        verbose_name_plural = _("thiết bị")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "status"]),
            # The work queues' order, one status at a time (portal/keyset.py), carrying the
            # columns access is decided on so a queue's capped count reads only the index.
            models.Index(
                fields=["status", "status_changed_at", "id"],
                include=["commune", "team"],
                name="device_queue_order",
            ),
            models.Index(fields=["status_changed_at", "id"], name="device_list_order"),
            # A member's queues, read team by team (access.device_teams_only).
            models.Index(
                fields=["team", "status", "status_changed_at", "id"], name="device_team_queue"
            ),
            # And all of a member's devices ("Tất cả"), team by team in the list's order.
            models.Index(fields=["team", "status_changed_at", "id"], name="device_team_order"),
            # The recount's, read from the index alone: a commune's devices received in a
            # month by kind, and its stock of ready ones.
            models.Index(fields=["commune", "received_at", "kind"]),
            models.Index(
                fields=["commune"], condition=Q(status="ready"), name="device_ready_by_commune"
            ),
        ]

    def __str__(self):
        label = " ".join(part for part in (self.brand, self.model_name) if part)
        return f"{self.asset_code} · {label or self.get_kind_display()}"

    @property
    def is_sim(self) -> bool:
        return self.kind == DeviceKind.SIM


class DeviceEvent(models.Model):
    """One step in a device's life: append-only, written with every status change."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=DeviceStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DeviceStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("sự kiện thiết bị")
        verbose_name_plural = _("sự kiện thiết bị")
        ordering = ["created_at", "pk"]
        # The recount's: the liquidations of a month, and each device's first one.
        indexes = [models.Index(fields=["to_status", "created_at"])]

    def __str__(self):
        return f"{self.device.asset_code}: {self.from_status or '∅'} → {self.to_status}"


def _photo_path(photo: "DevicePhoto", filename: str) -> str:
    # The stored name says nothing about the device or the donor.
    return f"devices/{uuid.uuid4().hex}"


class DevicePhoto(models.Model):
    """A photo of a device as received; stored privately, shown only in the portal."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(storage=private_storage, upload_to=_photo_path)
    content_type = models.CharField(max_length=20, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh thiết bị")
        verbose_name_plural = _("ảnh thiết bị")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.device.asset_code} · {self.uploaded_at:%Y-%m-%d}"
