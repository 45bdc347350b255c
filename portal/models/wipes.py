"""The record that a donated device's data was wiped, and checked by a second person.

Every device that can hold data (not a SIM) needs one before it may become ready, be handed
to a student or be sold: the donor's photos, accounts and documents never leave with it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly

from .devices import Device, DeviceKind

# The kinds that keep a donor's data; a data SIM keeps none.
HOLDS_DATA = frozenset({DeviceKind.LAPTOP, DeviceKind.DESKTOP, DeviceKind.PHONE, DeviceKind.TABLET})


class WipeMethod(models.TextChoices):
    NIST_CLEAR = "nist_clear", _("NIST SP 800-88 Clear: ghi đè toàn bộ ổ")
    NIST_PURGE = "nist_purge", _("NIST SP 800-88 Purge: lệnh xoá an toàn của ổ")
    FACTORY_RESET = "factory_reset", _("Khôi phục cài đặt gốc khi máy đã mã hoá")
    DESTROYED = "destroyed", _("Huỷ vật lý bộ nhớ")


# Which methods fit which kind: a factory reset wipes a phone or tablet whose storage is
# encrypted (the reset drops the key); on a computer it leaves the disk readable.
METHODS_BY_KIND: dict[str, frozenset[str]] = {
    DeviceKind.PHONE: frozenset(WipeMethod.values),
    DeviceKind.TABLET: frozenset(WipeMethod.values),
    DeviceKind.LAPTOP: frozenset(WipeMethod.values) - {WipeMethod.FACTORY_RESET},
    DeviceKind.DESKTOP: frozenset(WipeMethod.values) - {WipeMethod.FACTORY_RESET},
}


def holds_data(device: Device) -> bool:
    return device.kind in HOLDS_DATA


class DataWipe(OnceOnly):
    """One per device: how its storage was wiped, by whom, and who checked it afterwards."""

    device = models.OneToOneField(
        Device, verbose_name=_("thiết bị"), on_delete=models.CASCADE, related_name="wipe"
    )
    method = models.CharField(_("phương pháp"), max_length=20, choices=WipeMethod.choices)
    tool = models.CharField(
        _("công cụ"),
        max_length=120,
        help_text=_("Ví dụ: nwipe 0.34; Cài đặt gốc Android 12 (đã mã hoá)."),
    )
    wiped_on = models.DateField(_("ngày xoá"))
    wiped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xoá"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiểm tra lại"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The capture that ran and confirmed the wipe on the machine: the certificate names it.
    evidence = models.ForeignKey(
        "portal.HardwareSnapshot",
        verbose_name=_("bằng chứng từ báo cáo phần cứng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("biên bản xoá dữ liệu")
        verbose_name_plural = _("biên bản xoá dữ liệu")
        constraints = [
            # The second look is the point of the record: one person cannot sign both.
            models.CheckConstraint(
                condition=~Q(verified_by=F("wiped_by")), name="wipe_verified_by_another"
            ),
        ]

    def __str__(self):
        return f"{self.device.asset_code} · {self.get_method_display()} · {self.wiped_on}"
