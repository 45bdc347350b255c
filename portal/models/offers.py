"""Donors' offers of devices, SIMs or money, from the public form to the devices they became.

An offer is routed to the youth IT team of the donor's commune (or the drop-off point the
donor chose); the team contacts the donor, schedules a pickup and receives the items, which
then become devices (`Device.offer`) and follow the device pipeline. The donor follows all of
it on a tracking page with the offer's reference code and phone number.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly

from .devices import DeviceKind
from .places import Area
from .teams import Team


class OfferStatus(models.TextChoices):
    NEW = "new", _("Mới gửi")
    CONTACTED = "contacted", _("Đã liên hệ")
    PICKUP_SCHEDULED = "pickup_scheduled", _("Đã hẹn nhận")
    RECEIVED = "received", _("Đã nhận")
    CLOSED = "closed", _("Hoàn tất")
    DECLINED = "declined", _("Không nhận")


# Still to be dealt with: the list's default tab.
OPEN = (OfferStatus.NEW, OfferStatus.CONTACTED, OfferStatus.PICKUP_SCHEDULED)


class Offer(OnceOnly):
    class DonorKind(models.TextChoices):
        PERSON = "person", _("Cá nhân, gia đình")
        ORGANISATION = "organisation", _("Cơ quan, doanh nghiệp, tổ chức")

    class Naming(models.TextChoices):
        ANONYMOUS = "anonymous", _("Không nêu tên")
        NAME = "name", _("Nêu tên như trên")
        OTHER = "other", _("Nêu tên khác (ghi bên dưới)")

    class Handoff(models.TextChoices):
        PICKUP = "pickup", _("Tổ đến nhận tại nhà / cơ quan")
        DROPOFF = "dropoff", _("Tôi mang đến điểm tiếp nhận")

    reference = models.CharField(_("mã đăng ký"), max_length=14, unique=True, editable=False)
    # The public form always sends its key: a double-tap, a retry or a resubmitted page is
    # one offer.
    form_key = models.UUIDField(unique=True, editable=False)
    donor_kind = models.CharField(
        _("người ủng hộ là"), max_length=12, choices=DonorKind.choices, default=DonorKind.PERSON
    )
    donor_name = models.CharField(_("họ tên hoặc tên đơn vị"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    # Consent to text messages about this offer (received, routed, collected).
    sms_consent = models.BooleanField(_("đồng ý nhận tin nhắn SMS"), default=False)
    commune = models.ForeignKey(
        Area,
        verbose_name=_("xã / thị trấn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind__in": Area.GRASSROOTS},
    )
    address = models.CharField(_("địa chỉ"), max_length=250, blank=True)
    naming = models.CharField(
        _("nêu tên công khai"), max_length=10, choices=Naming.choices, default=Naming.ANONYMOUS
    )
    public_name = models.CharField(_("tên được nêu"), max_length=150, blank=True)
    handoff = models.CharField(
        _("cách trao"), max_length=10, choices=Handoff.choices, default=Handoff.PICKUP
    )
    dropoff_team = models.ForeignKey(
        Team,
        verbose_name=_("điểm tiếp nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    preferred_time = models.CharField(_("thời gian thuận tiện"), max_length=150, blank=True)
    money_pledge_vnd = models.PositiveBigIntegerField(
        _("ủng hộ tiền (đồng)"), null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)

    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=OfferStatus.choices,
        default=OfferStatus.NEW,
        editable=False,
        db_index=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("tổ phụ trách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offers",
    )
    pickup_at = models.DateTimeField(_("hẹn nhận lúc"), null=True, blank=True)
    decline_reason = models.TextField(_("lý do không nhận"), blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đăng ký ủng hộ")
        verbose_name_plural = _("đăng ký ủng hộ")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.reference} · {self.donor_name}"

    @property
    def name_shown(self) -> str:
        """How the donor agreed to be named in public ("" for not at all)."""
        if self.naming == self.Naming.NAME:
            return self.donor_name
        if self.naming == self.Naming.OTHER:
            return self.public_name
        return ""


class OfferItem(models.Model):
    class Condition(models.TextChoices):
        WORKS = "works", _("Dùng tốt")
        FAULTY = "faulty", _("Dùng được nhưng có lỗi")
        DEAD = "dead", _("Không lên nguồn / hỏng")

    class Known(models.TextChoices):
        YES = "yes", _("Có")
        NO = "no", _("Không")
        UNKNOWN = "unknown", _("Không rõ")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("loại"), max_length=10, choices=DeviceKind.choices)
    brand_model = models.CharField(_("hãng, mẫu máy"), max_length=120, blank=True)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    age_years = models.PositiveSmallIntegerField(_("đã dùng (năm)"), null=True, blank=True)
    condition = models.CharField(
        _("tình trạng"), max_length=10, choices=Condition.choices, default=Condition.WORKS
    )
    has_charger = models.BooleanField(_("có bộ sạc"), default=False)
    ram_gb = models.DecimalField(
        _("RAM (GB)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    os_version = models.CharField(_("phiên bản Android / iOS"), max_length=20, blank=True)
    calls_work = models.CharField(
        _("loa, micro, camera hoạt động"), max_length=10, choices=Known.choices, blank=True
    )
    # What the quick self-check warned about, kept so the team sees it too (never a refusal).
    warnings = models.JSONField(default=list, blank=True)
    received_quantity = models.PositiveSmallIntegerField(_("số lượng đã nhận"), null=True)

    class Meta:
        verbose_name = _("món ủng hộ")
        verbose_name_plural = _("món ủng hộ")
        ordering = ["pk"]

    def __str__(self):
        label = self.brand_model or self.get_kind_display()
        return f"{self.quantity} × {label}"


class OfferEvent(models.Model):
    """One step of an offer, append-only: what the donor's tracking page tells."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=OfferStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=OfferStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    # Money that arrived for the offer (the status stays): the donor is told its sum and date.
    fund_entry = models.OneToOneField(
        "portal.FundEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.offer.reference}: {self.from_status or '∅'} → {self.to_status}"
