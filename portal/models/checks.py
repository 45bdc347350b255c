"""The plan's minimum technical standards as data, and the checks made against them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import specs
from portal.models.once import OnceOnly

from .devices import Device, DeviceKind


class SpecStandardQuerySet(models.QuerySet):
    def current(self):
        """The program-wide standards in force (the public standards page shows these)."""
        return self.filter(is_current=True, area__isnull=True)

    def current_for(self, kind: str) -> "SpecStandard":
        """The program's own standard in force (an area's raise: `effective_standard`)."""
        return self.current().get(kind=kind)


class SpecStandard(models.Model):
    """The minimums for one kind of device. Editing makes a new version and keeps the old
    one, so every check says which version it was judged against.

    Without an area, it is the program's own (the 2021 plan's); with one, that area raises
    the minimums inside it (a city asking for more RAM). A device is judged against the
    strictest of every standard on its commune's way up (`portal.selectors.standards`)."""

    kind = models.CharField(_("loại thiết bị"), max_length=10, choices=DeviceKind.choices)
    area = models.ForeignKey(
        "portal.Area",
        verbose_name=_("địa bàn nâng tiêu chuẩn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="standards",
        help_text=_("Để trống: tiêu chuẩn chung. Một địa bàn chỉ có thể nâng, không hạ."),
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    is_current = models.BooleanField(default=True)
    min_android = models.CharField(_("Android tối thiểu"), max_length=10, blank=True)
    min_ios = models.CharField(_("iOS tối thiểu"), max_length=10, blank=True)
    min_ram_gb = models.DecimalField(
        _("RAM tối thiểu (GB)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    recommended_ram_gb = models.DecimalField(
        _("RAM khuyến khích (GB)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    min_free_storage_gb = models.DecimalField(
        _("bộ nhớ trống tối thiểu (GB)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    min_cpu_ghz = models.DecimalField(
        _("xung nhịp CPU tối thiểu (GHz)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    min_disk_gb = models.PositiveIntegerField(_("ổ cứng tối thiểu (GB)"), null=True, blank=True)
    required_parts = models.JSONField(_("bộ phận phải hoạt động tốt"), default=list, blank=True)
    recommended_parts = models.JSONField(_("bộ phận khuyến khích"), default=list, blank=True)
    charger_required = models.BooleanField(_("phải có bộ sạc"), default=False)
    wifi_required_if_wireless = models.BooleanField(
        _("cần bộ thu Wi-Fi nếu dùng mạng không dây"), default=False
    )
    min_data_gb_per_day = models.DecimalField(
        _("dung lượng tối thiểu (GB/ngày)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    min_validity_months = models.PositiveSmallIntegerField(
        _("hạn dùng tối thiểu (tháng)"), null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    wipe_guidance = models.TextField(
        _("hướng dẫn xoá dữ liệu"),
        blank=True,
        help_text=_("Cách xoá dữ liệu của nhà hảo tâm trên loại thiết bị này, hiện công khai."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpecStandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiêu chuẩn kỹ thuật")
        verbose_name_plural = _("tiêu chuẩn kỹ thuật")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="standard_version_once"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(is_current=True, area__isnull=True),
                name="standard_one_current",
            ),
            models.UniqueConstraint(
                fields=["kind", "area"],
                condition=models.Q(is_current=True, area__isnull=False),
                name="standard_one_current_per_area",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} (v{self.version})"

    def to_standard(self) -> specs.Standard:
        return specs.Standard(
            kind=specs.Kind(self.kind),
            min_android=self.min_android or None,
            min_ios=self.min_ios or None,
            min_ram_gb=self.min_ram_gb,
            recommended_ram_gb=self.recommended_ram_gb,
            min_free_storage_gb=self.min_free_storage_gb,
            min_cpu_ghz=self.min_cpu_ghz,
            min_disk_gb=self.min_disk_gb,
            required_parts=frozenset(self.required_parts),
            recommended_parts=frozenset(self.recommended_parts),
            charger_required=self.charger_required,
            wifi_required_if_wireless=self.wifi_required_if_wireless,
            min_data_gb_per_day=self.min_data_gb_per_day,
            min_validity_months=self.min_validity_months,
        )


class SpecCheck(OnceOnly):
    """One check of a device: what was measured, against which standard, and the verdict
    with every reason."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="checks")
    standard = models.ForeignKey(SpecStandard, on_delete=models.PROTECT, related_name="checks")
    measurements = models.JSONField(default=dict)
    result = models.CharField(
        _("kết quả"), max_length=10, choices=list(specs.RESULT_LABELS.items())
    )
    failures = models.JSONField(default=list)
    advice = models.JSONField(default=list)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now_add=True)
    # The hardware snapshot whose measurements the form was filled from, if any.
    snapshot = models.ForeignKey(
        "portal.HardwareSnapshot",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checks",
    )

    class Meta:
        verbose_name = _("lần kiểm tra cấu hình")
        verbose_name_plural = _("lần kiểm tra cấu hình")
        ordering = ["-checked_at", "-pk"]
        # The recount's, read from the index alone: the checks of a month, and whether a
        # device had one (or a pass) before.
        indexes = [
            models.Index(fields=["checked_at", "device", "result"]),
            models.Index(fields=["device", "checked_at", "result"]),
        ]

    def __str__(self):
        return f"{self.device.asset_code} · {self.get_result_display()}"

    @property
    def passed(self) -> bool:
        return self.result != specs.Result.FAIL


class RepairAction(models.TextChoices):
    CLEANED = "cleaned", _("Vệ sinh máy")
    WIPED = "wiped", _("Xóa sạch dữ liệu cũ")
    OS_INSTALLED = "os_installed", _("Cài hệ điều hành")
    RAM_UPGRADED = "ram_upgraded", _("Nâng cấp RAM")
    DISK_UPGRADED = "disk_upgraded", _("Thay / nâng cấp ổ cứng")
    BATTERY_REPLACED = "battery_replaced", _("Thay pin")
    PART_REPLACED = "part_replaced", _("Thay linh kiện khác")
    SOFTWARE_INSTALLED = "software_installed", _("Cài phần mềm học trực tuyến")


class Repair(OnceOnly):
    """Work done on a device: repairs, upgrades, installs, with parts and their cost."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="repairs")
    actions = models.JSONField(_("đã làm"), default=list)
    description = models.TextField(_("mô tả"), blank=True)
    parts_used = models.CharField(_("linh kiện đã dùng"), max_length=200, blank=True)
    parts_cost_vnd = models.PositiveBigIntegerField(_("chi phí linh kiện (đồng)"), default=0)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(auto_now_add=True)
    fund_entry = models.OneToOneField(
        "portal.FundEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="repair"
    )

    class Meta:
        verbose_name = _("sửa chữa, nâng cấp")
        verbose_name_plural = _("sửa chữa, nâng cấp")
        ordering = ["-done_at", "-pk"]
        # The recount's: the repairs of a month, and whether a device had one before.
        indexes = [models.Index(fields=["done_at"]), models.Index(fields=["device", "done_at"])]

    def __str__(self):
        return f"{self.device.asset_code} · {', '.join(self.action_labels)}"

    @property
    def action_labels(self) -> list[str]:
        return [RepairAction(action).label for action in self.actions]
