"""Technical support requests and the 24-hour promise.

The plan asks IT team members to reach and handle a technical problem within 24 hours of the
request. Each request carries `due_at` (received + 24 h); the promise is kept when the first
response (a call, a Zalo message, a visit) is recorded before it. A scheduled job scans
`due_at`: it warns the team leader at 18 hours, escalates to the coordinators at 24 hours
and marks the request `breached` — once each, whatever how often it runs.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly

from .devices import Device
from .places import Area, School
from .teams import Team

PROMISE = timedelta(hours=24)
WARN_AFTER = timedelta(hours=18)
LAST_HOUR = 24  # first responses at 24 hours or later share one bucket of the histogram


class SupportStatus(models.TextChoices):
    NEW = "new", _("Mới nhận")
    ASSIGNED = "assigned", _("Đã phân công")
    ANSWERED = "answered", _("Đã liên hệ, đang xử lý")
    RESOLVED = "resolved", _("Đã xử lý xong")


OPEN_STATUSES = (SupportStatus.NEW, SupportStatus.ASSIGNED, SupportStatus.ANSWERED)


class SupportRequest(OnceOnly):
    class Requester(models.TextChoices):
        STUDENT = "student", _("Học sinh")
        PARENT = "parent", _("Phụ huynh")
        TEACHER = "teacher", _("Giáo viên")
        OTHER = "other", _("Người khác")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Gọi điện")
        ZALO = "zalo", _("Zalo")
        IN_PERSON = "in_person", _("Gặp trực tiếp")

    class Category(models.TextChoices):
        POWER = "power", _("Máy không lên nguồn, không sạc được")
        SCREEN = "screen", _("Màn hình, bàn phím, chuột")
        AUDIO_VIDEO = "audio_video", _("Loa, micro, camera (không nghe, không nói được)")
        INTERNET = "internet", _("Không vào được mạng, Wi-Fi, sim dữ liệu")
        APPS = "apps", _("Phần mềm học trực tuyến (Zoom, Google Meet, K12Online…)")
        SLOW = "slow", _("Máy chậm, treo, nhiễm virus")
        ACCOUNT = "account", _("Tài khoản, mật khẩu")
        OTHER = "other", _("Khác")

    reference = models.CharField(_("mã yêu cầu"), max_length=14, unique=True, editable=False)
    form_key = models.UUIDField(unique=True, editable=False)  # the public form always sends one
    requester = models.CharField(
        _("người gửi là"), max_length=10, choices=Requester.choices, default=Requester.PARENT
    )
    name = models.CharField(_("họ tên người gửi"), max_length=150)
    phone = models.CharField(_("điện thoại"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    # Consent to text messages about this request (received, taken by a team, resolved).
    sms_consent = models.BooleanField(_("đồng ý nhận tin nhắn SMS"), default=False)
    channel = models.CharField(
        _("liên hệ qua"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    commune = models.ForeignKey(
        Area,
        verbose_name=_("xã / thị trấn"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind__in": Area.GRASSROOTS},
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("trường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    asset_code = models.CharField(_("mã thiết bị (trên nhãn)"), max_length=20, blank=True)
    device = models.ForeignKey(
        Device,
        verbose_name=_("thiết bị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    category = models.CharField(_("sự cố"), max_length=12, choices=Category.choices)
    description = models.TextField(_("mô tả sự cố"))

    status = models.CharField(
        _("tình trạng"),
        max_length=10,
        choices=SupportStatus.choices,
        default=SupportStatus.NEW,
        editable=False,
        db_index=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("tổ phụ trách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    school_team = models.ForeignKey(
        Team,
        verbose_name=_("tổ Giáo viên IT"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="school_support_requests",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ghi nhận hộ bởi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhận lúc"), db_index=True)
    due_at = models.DateTimeField(_("hạn 24 giờ"), db_index=True)
    first_response_at = models.DateTimeField(_("liên hệ lần đầu lúc"), null=True, blank=True)
    first_response_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    resolution = models.TextField(_("cách xử lý"), blank=True)
    warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)
    breached = models.BooleanField(_("quá 24 giờ"), default=False, editable=False)
    reopened_count = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("yêu cầu hỗ trợ kỹ thuật")
        verbose_name_plural = _("yêu cầu hỗ trợ kỹ thuật")
        ordering = ["due_at", "pk"]
        indexes = [
            # The watchdog's scan: unanswered requests by deadline.
            models.Index(
                fields=["due_at"],
                name="support_unanswered_due",
                condition=models.Q(first_response_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.reference} · {self.get_category_display()}"

    @property
    def response_hour(self) -> int:
        """Whole hours from request to first response, for the median's histogram."""
        hours = int((self.first_response_at - self.created_at).total_seconds() // 3600)
        return min(max(hours, 0), LAST_HOUR)

    @property
    def kept_promise(self) -> bool | None:
        """Reached within 24 hours? None while the clock still runs."""
        if self.first_response_at:
            return self.first_response_at <= self.due_at
        return False if self.breached else None


class SupportNote(models.Model):
    """The request's history, append-only: assignments, responses, notes, the watchdog."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Nhận yêu cầu")
        ASSIGNED = "assigned", _("Phân công")
        RESPONSE = "response", _("Liên hệ lần đầu")
        NOTE = "note", _("Ghi chú")
        RESOLVED = "resolved", _("Xử lý xong")
        REOPENED = "reopened", _("Mở lại")
        WARNING = "warning", _("Nhắc: còn 6 giờ")
        ESCALATED = "escalated", _("Quá 24 giờ: báo điều phối viên")

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request.reference}: {self.get_kind_display()}"
