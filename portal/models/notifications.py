"""Notices that reach people: one row per notice, channel and recipient (the delivery log),
each person's chosen channels per kind of notice, and the browsers that accepted Web Push.

What each kind of notice says, to whom and how urgently is declared once in
`portal/notices.py`; `portal.services.notify.notify()` writes the deliveries and the
channels in `portal/channels/` send them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .places import Area
from .support import SupportRequest


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PUSH = "push", _("Thông báo trên điện thoại")
    SMS = "sms", _("Tin nhắn SMS")


class Delivery(models.Model):
    """One notice on one channel to one recipient: the attempt log and, through its unique
    key, the guarantee that an event is sent at most once per channel to anyone."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ gửi")
        HELD = "held", _("Giữ đến sáng")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Không gửi được")
        LIMITED = "limited", _("Không gửi: quá nhiều thông báo")

    kind = models.CharField(_("loại thông báo"), max_length=40)
    # What happened, once: "support:812:new". A second notify() of the same event finds the
    # row already there and sends nothing more.
    event = models.CharField(_("sự việc"), max_length=120)
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    # Who, as one key: "user:12" for an account, else the e-mail address or the E.164 number.
    recipient = models.CharField(_("người nhận"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    address = models.CharField(_("địa chỉ"), max_length=254, blank=True)  # e-mail or phone
    language = models.CharField(max_length=8, default="vi")
    title = models.CharField(_("tiêu đề"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("trang mở ra"), max_length=300, blank=True)  # a path on this site
    # An e-mail that shows a VietQR code (a money pledge's confirmation): the code's text, from
    # which the channel draws the image when it sends. Kept as text like the rest of the log,
    # written with the body so the code always says what the text says, and the image,
    # deterministic from it, never stored.
    qr_payload = models.TextField(_("mã VietQR"), blank=True)
    urgent = models.BooleanField(_("khẩn"), default=False)
    # Where it belongs, for the coordinators' count of failed deliveries, and the request it
    # is about, for the support figures (time to the first notice delivered).
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    support_request = models.ForeignKey(
        SupportRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("lúc tạo"))
    send_after = models.DateTimeField(_("gửi từ lúc"))  # later than created_at in quiet hours
    sent_at = models.DateTimeField(_("lúc gửi được"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi thông báo")
        verbose_name_plural = _("nhật ký gửi thông báo")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "recipient"], name="delivery_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["status", "send_after"], name="delivery_due"),
            models.Index(fields=["area", "status", "created_at"], name="delivery_area_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.channel}, {self.status})"


class NoticePreference(models.Model):
    """A person's channels for one kind of notice; without a row, the kind's defaults."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    kind = models.CharField(_("loại thông báo"), max_length=40)
    email = models.BooleanField(_("e-mail"), default=True)
    push = models.BooleanField(_("thông báo trên điện thoại"), default=True)
    sms = models.BooleanField(_("tin nhắn SMS"), default=False)

    class Meta:
        verbose_name = _("cách nhận thông báo")
        verbose_name_plural = _("cách nhận thông báo")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}"


class PushSubscription(models.Model):
    """A browser that allowed the portal's notifications (the Push API's subscription)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(_("địa chỉ nhận"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("lúc đăng ký"), auto_now_add=True)
    last_sent_at = models.DateTimeField(_("lần gửi được gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("trình duyệt nhận thông báo")
        verbose_name_plural = _("trình duyệt nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user} · {self.user_agent[:40]}"
