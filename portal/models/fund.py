"""The program's fund: money in (cash donations, sale of unrepairable devices) and out (new
devices, parts), with a running balance, and the sales that feed it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly

from .devices import Device
from .places import Area


class Fund(models.Model):
    """One fund per district (or per program area); its balance moves only with entries."""

    area = models.OneToOneField(Area, on_delete=models.PROTECT, related_name="fund")
    balance_vnd = models.BigIntegerField(_("số dư (đồng)"), default=0)

    class Meta:
        verbose_name = _("quỹ")
        verbose_name_plural = _("quỹ")

    def __str__(self):
        return f"Quỹ {self.area}"


class FundEntry(OnceOnly):
    class Kind(models.TextChoices):
        CASH_DONATION = "cash_donation", _("Tiền ủng hộ")
        SALE = "sale", _("Bán thanh lý thiết bị")
        DEVICE_PURCHASE = "device_purchase", _("Mua thiết bị mới")
        PARTS = "parts", _("Mua linh kiện")

    INCOME = (Kind.CASH_DONATION, Kind.SALE)

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    balance_after_vnd = models.BigIntegerField(_("số dư sau (đồng)"), editable=False)
    description = models.CharField(_("nội dung"), max_length=200)
    occurred_on = models.DateField(_("ngày"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A donation a bank statement brought in: the offer whose code its memo carried, and the
    # bank's own reference of the transfer, so the same statement read twice posts it once.
    offer = models.ForeignKey(
        "portal.Offer",
        verbose_name=_("đăng ký ủng hộ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_entries",
    )
    bank_reference = models.CharField(_("số tham chiếu ngân hàng"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("thu chi quỹ")
        verbose_name_plural = _("thu chi quỹ")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "bank_reference"],
                condition=~models.Q(bank_reference=""),
                name="fund_entry_bank_reference_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.signed_amount:+,} đ"

    @property
    def is_income(self) -> bool:
        return self.kind in self.INCOME

    @property
    def signed_amount(self) -> int:
        return self.amount_vnd if self.is_income else -self.amount_vnd


class Sale(models.Model):
    """The sale of an unrepairable device; the money enters the fund once a coordinator
    approves it."""

    device = models.OneToOneField(Device, on_delete=models.PROTECT, related_name="sale")
    buyer_name = models.CharField(_("người mua"), max_length=150)
    buyer_phone = models.CharField(_("điện thoại người mua"), max_length=20, blank=True)
    price_vnd = models.PositiveBigIntegerField(_("giá bán (đồng)"))
    sold_on = models.DateField(_("ngày bán"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    fund_entry = models.OneToOneField(
        FundEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="sale"
    )

    class Meta:
        verbose_name = _("bán thanh lý")
        verbose_name_plural = _("bán thanh lý")
        ordering = ["-sold_on", "-pk"]

    def __str__(self):
        return f"{self.device.asset_code} → {self.buyer_name}"
