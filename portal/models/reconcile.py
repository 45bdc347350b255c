"""The bank's statement of the fund's account, read once a month: each credit whose memo
carries an offer's tracking code becomes a donation in the ledger, linked to the offer; the
others wait for a coordinator to assign them ("Khoản chưa khớp").

A credit is known by the bank's own transaction reference, unique per fund: the same
statement uploaded twice, or two overlapping statements, post each transfer once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly

from .fund import Fund, FundEntry
from .offers import Offer


class BankStatement(OnceOnly):
    class Status(models.TextChoices):
        NEEDS_MAPPING = "needs_mapping", _("Chờ chọn cột")
        QUEUED = "queued", _("Đang đối chiếu")
        DONE = "done", _("Đã đối chiếu")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="statements")
    file_name = models.CharField(_("tệp"), max_length=200)
    layout = models.CharField(_("mẫu sao kê"), max_length=40, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    # An unknown layout: the cells read from the file, kept until the columns are chosen.
    cells = models.JSONField(default=list, blank=True)
    header_row = models.PositiveIntegerField(default=0)
    # The credit rows, read and checked: {"reference", "date", "amount", "memo"}.
    credits = models.JSONField(default=list, blank=True)
    posted_count = models.PositiveIntegerField(default=0)
    unmatched_count = models.PositiveIntegerField(default=0)
    repeated_count = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sao kê ngân hàng")
        verbose_name_plural = _("sao kê ngân hàng")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name


class BankCredit(models.Model):
    """One credit of a statement, the first time the bank's reference was seen."""

    class Status(models.TextChoices):
        UNMATCHED = "unmatched", _("Chưa khớp")
        POSTED = "posted", _("Đã vào sổ quỹ")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="bank_credits")
    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="+")
    bank_reference = models.CharField(_("số tham chiếu"), max_length=64)
    occurred_on = models.DateField(_("ngày giao dịch"))
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    memo = models.CharField(_("nội dung"), max_length=500)
    status = models.CharField(
        _("tình trạng"),
        max_length=10,
        choices=Status.choices,
        default=Status.UNMATCHED,
        db_index=True,
    )
    fund_entry = models.OneToOneField(
        FundEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="bank_credit"
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("khoản ghi có")
        verbose_name_plural = _("khoản ghi có")
        ordering = ["occurred_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["fund", "bank_reference"], name="bank_credit_reference_once"
            )
        ]

    def __str__(self):
        return f"{self.bank_reference} +{self.amount_vnd:,} đ"
