"""Training sessions: guiding students and families on their device, and training
volunteers in IT and telecom skills so the teams multiply (section III.3 of the plan)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly

from .places import Area
from .students import Student
from .teams import Team


class TrainingSession(OnceOnly):
    class Kind(models.TextChoices):
        GUIDANCE = "guidance", _("Hướng dẫn học sinh, gia đình sử dụng thiết bị")
        VOLUNTEER_SKILLS = "volunteer_skills", _("Bồi dưỡng kiến thức CNTT, viễn thông")

    kind = models.CharField(_("loại buổi"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("ngày"))
    place = models.CharField(_("địa điểm"), max_length=200)
    commune = models.ForeignKey(
        Area,
        verbose_name=_("xã / thị trấn"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        limit_choices_to={"kind__in": Area.GRASSROOTS},
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("tổ tổ chức"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    topic = models.CharField(_("nội dung"), max_length=200)
    minutes = models.PositiveSmallIntegerField(
        _("thời lượng (phút)"), validators=[MinValueValidator(10), MaxValueValidator(8 * 60)]
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("người hướng dẫn"), related_name="sessions_led"
    )
    students = models.ManyToManyField(
        Student, verbose_name=_("học sinh tham dự"), blank=True, related_name="training_sessions"
    )
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tình nguyện viên tham dự"),
        blank=True,
        related_name="sessions_attended",
    )
    head_count = models.PositiveSmallIntegerField(
        _("số người tham dự khác"),
        default=0,
        help_text=_("Phụ huynh, người dân… không có trong danh sách (buổi công khai)."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Fixed when the session is recorded: the figure the counters were moved by.
    people_trained = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("buổi đào tạo, hướng dẫn")
        verbose_name_plural = _("buổi đào tạo, hướng dẫn")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on:%d/%m/%Y} · {self.topic}"
