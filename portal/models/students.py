"""The beneficiary list: students proposed by their school's Liên đội, verified by the
commune's youth team, approved, and served with a device.

Students are minors. Only the fields the purpose needs are kept, only the people who need
them may see them (`portal.access.students_visible_to`), every read is logged
(`StudentAccess`), and a scheduled job anonymises a record once its purpose has ended.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly
from portal.storage import private_storage

from .jobs import WatchedJob
from .places import Area, School


class Circumstance(models.TextChoices):
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    ORPHAN = "orphan", _("Mồ côi")
    HARDSHIP = "hardship", _("Khó khăn do ốm đau, thiên tai")
    DISABILITY = "disability", _("Khuyết tật")
    OTHER = "other", _("Hoàn cảnh khó khăn khác")


# Who comes first when devices are scarce: the order the team works the list in.
CIRCUMSTANCE_PRIORITY: dict[str, int] = {
    Circumstance.ORPHAN: 1,
    Circumstance.POOR: 2,
    Circumstance.DISABILITY: 3,
    Circumstance.HARDSHIP: 4,
    Circumstance.NEAR_POOR: 5,
    Circumstance.OTHER: 6,
}


class NeededDevice(models.TextChoices):
    NONE = "", _("Không cần thiết bị")
    PHONE = "phone", _("Điện thoại")
    TABLET = "tablet", _("Máy tính bảng")
    LAPTOP = "laptop", _("Laptop")
    DESKTOP = "desktop", _("Máy tính để bàn")


class StudentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Trường đề xuất")
    VERIFIED = "verified", _("Đã xác minh")
    APPROVED = "approved", _("Đã duyệt, chờ trao")
    SERVED = "served", _("Đã nhận thiết bị")
    NOT_ELIGIBLE = "not_eligible", _("Không đủ điều kiện")


class Student(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=100)
    birth_date = models.DateField(_("ngày sinh"), null=True)
    school = models.ForeignKey(
        School, verbose_name=_("trường"), on_delete=models.PROTECT, related_name="students"
    )
    grade = models.PositiveSmallIntegerField(
        _("lớp"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    commune = models.ForeignKey(
        Area,
        verbose_name=_("xã / thị trấn nơi ở"),
        on_delete=models.PROTECT,
        related_name="students",
        limit_choices_to={"kind__in": Area.GRASSROOTS},
    )
    guardian_name = models.CharField(_("họ tên phụ huynh / người giám hộ"), max_length=100)
    guardian_phone = models.CharField(_("điện thoại phụ huynh"), max_length=20)
    circumstance = models.CharField(_("hoàn cảnh"), max_length=20, choices=Circumstance.choices)
    needs_device = models.CharField(
        _("cần thiết bị"), max_length=10, choices=NeededDevice.choices, blank=True
    )
    needs_sim = models.BooleanField(_("cần sim dữ liệu"), default=False)
    needs_internet = models.BooleanField(_("cần hỗ trợ kết nối internet"), default=False)
    priority = models.PositiveSmallIntegerField(_("thứ tự ưu tiên"), editable=False, default=6)

    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=StudentStatus.choices,
        default=StudentStatus.PROPOSED,
        editable=False,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đề xuất"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    proposed_at = models.DateTimeField(_("đề xuất lúc"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác minh"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, editable=False)
    verification_note = models.TextField(_("ghi chú xác minh"), blank=True, editable=False)
    status_note = models.TextField(_("ghi chú trạng thái"), blank=True, editable=False)

    # Current consent per purpose; the history (who collected it, when) is ConsentRecord.
    consent_device = models.BooleanField(_("đồng ý nhận thiết bị"), default=False, editable=False)
    consent_photo = models.BooleanField(_("đồng ý chụp ảnh"), default=False, editable=False)
    consent_story = models.BooleanField(
        _("đồng ý xuất hiện trong câu chuyện công khai"), default=False, editable=False
    )

    # The same child proposed twice (re-imported list, a second teacher) is one record.
    identity_key = models.CharField(max_length=64, editable=False)
    purpose_ended_on = models.DateField(null=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("học sinh")
        verbose_name_plural = _("học sinh")
        ordering = ["priority", "proposed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "identity_key"],
                name="student_once_per_school",
                violation_error_message=_("Học sinh này đã có trong danh sách của trường."),
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "status", "priority"]),
            # The list's order: its first page reads 30 rows, not every student's.
            models.Index(fields=["priority", "proposed_at", "id"], name="student_list_order"),
            models.Index(fields=["commune", "verified_at"]),  # the recount's: a month's
        ]

    def __str__(self):
        return self.full_name

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class ConsentPurpose(models.TextChoices):
    DEVICE = "device", _("Nhận thiết bị")
    PHOTO = "photo", _("Được chụp ảnh")
    STORY = "story", _("Xuất hiện trong câu chuyện công khai")


CONSENT_FIELDS: dict[str, str] = {
    ConsentPurpose.DEVICE: "consent_device",
    ConsentPurpose.PHOTO: "consent_photo",
    ConsentPurpose.STORY: "consent_story",
}


class ConsentRecord(models.Model):
    """A guardian's yes or no to one purpose, as collected by a volunteer: append-only."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("mục đích"), max_length=10, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("đồng ý"))
    collected_on = models.DateField(_("ngày lấy ý kiến"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lấy ý kiến"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến đồng ý của phụ huynh")
        verbose_name_plural = _("ý kiến đồng ý của phụ huynh")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.granted}"


class StudentAccess(models.Model):
    """Who read or exported which student's data, and when: one row per student shown."""

    class Action(models.TextChoices):
        LISTED = "listed", _("Xem trong danh sách")
        VIEWED = "viewed", _("Xem hồ sơ")
        CHANGED = "changed", _("Sửa, xác minh, duyệt")
        EXPORTED = "exported", _("Xuất dữ liệu")
        FILE_OPENED = "file_opened", _("Mở biên nhận / ảnh")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="accesses")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("việc"), max_length=20, choices=Action.choices)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lượt truy cập dữ liệu học sinh")
        verbose_name_plural = _("lượt truy cập dữ liệu học sinh")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


def _import_path(instance: "StudentImport", filename: str) -> str:
    return f"imports/{uuid.uuid4().hex}.xlsx"


class StudentImport(WatchedJob, OnceOnly):
    """A school's list uploaded as .xlsx, checked and imported by a Celery task. Either
    every row is valid and imported, or nothing is and `errors` says why, row by cell."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Đã nhập")
        REJECTED = "rejected", _("Có lỗi, chưa nhập")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="imports")
    file = models.FileField(storage=private_storage, upload_to=_import_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [{"row": 3, "column": "Ngày sinh", "message": …}]
    finished_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("lần nhập danh sách")
        verbose_name_plural = _("lần nhập danh sách")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.school} · {self.uploaded_at:%Y-%m-%d %H:%M}"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.REJECTED):
            return 100
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REJECTED)
