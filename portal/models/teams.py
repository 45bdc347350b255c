"""IT teams and who belongs to them.

- "Thanh niên IT" (youth IT): at least one per commune/town; receives devices, supports
  students there.
- "Giáo viên IT" (teacher IT): per school; supports and guides its students.
- "Hỗ trợ IT" (IT support): per Youth-Union cluster or per school; receives, sorts,
  repairs and installs devices.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .places import Area, Cluster, School


class Team(models.Model):
    class Kind(models.TextChoices):
        YOUTH_IT = "youth_it", _("Thanh niên IT")
        TEACHER_IT = "teacher_it", _("Giáo viên IT")
        IT_SUPPORT = "it_support", _("Hỗ trợ IT")

    name = models.CharField(_("tên tổ / đội"), max_length=150)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    commune = models.ForeignKey(
        Area,
        verbose_name=_("xã / thị trấn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        help_text=_("Tổ “Thanh niên IT” và tổ của trường: xã, thị trấn nơi tổ hoạt động."),
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("trường"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cụm đoàn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
    )
    public_phone = models.CharField(_("điện thoại liên hệ công khai"), max_length=20, blank=True)
    meeting_place = models.CharField(_("địa điểm tiếp nhận"), max_length=200, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="portal.Membership", related_name="teams"
    )

    class Meta:
        verbose_name = _("tổ / đội IT")
        verbose_name_plural = _("tổ / đội IT")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="team_unique_name",
                violation_error_message=_("Đã có tổ / đội mang tên này."),
            ),
            # Where a team works follows from its kind; see clean() for the messages.
            models.CheckConstraint(
                name="team_home_matches_kind",
                condition=(
                    Q(
                        kind="youth_it",
                        commune__isnull=False,
                        school__isnull=True,
                        cluster__isnull=True,
                    )
                    | Q(
                        kind="teacher_it",
                        school__isnull=False,
                        commune__isnull=False,
                        cluster__isnull=True,
                    )
                    | Q(
                        kind="it_support",
                        school__isnull=False,
                        commune__isnull=False,
                        cluster__isnull=True,
                    )
                    | Q(
                        kind="it_support",
                        cluster__isnull=False,
                        school__isnull=True,
                        commune__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def home(self) -> str:
        """Where the team works, in words."""
        if self.school_id:
            return f"{self.school} – {self.commune}"
        return str(self.cluster or self.commune)

    def clean(self):
        if self.school_id:
            self.commune = self.school.commune
        if self.kind == self.Kind.YOUTH_IT and (
            not self.commune_id or self.school_id or self.cluster_id
        ):
            raise ValidationError(_("Tổ “Thanh niên IT” thuộc về một xã hoặc thị trấn."))
        if self.kind == self.Kind.TEACHER_IT and (not self.school_id or self.cluster_id):
            raise ValidationError(_("Tổ “Giáo viên IT” thuộc về một trường."))
        if self.kind == self.Kind.IT_SUPPORT and bool(self.school_id) == bool(self.cluster_id):
            raise ValidationError(_("Đội “Hỗ trợ IT” thuộc về một cụm đoàn hoặc một trường."))
        if self.kind == self.Kind.IT_SUPPORT and self.cluster_id:
            self.commune = None


class Membership(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Tổ trưởng")
        MEMBER = "member", _("Thành viên")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    contact_is_public = models.BooleanField(
        _("cho phép công khai liên hệ"),
        default=False,
        help_text=_("Tên và số điện thoại của bạn hiện trên trang công khai của tổ."),
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên tổ")
        verbose_name_plural = _("thành viên tổ")
        ordering = ["role", "person__last_name", "person__first_name"]  # leaders first
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="membership_once_per_team"),
        ]

    def __str__(self):
        return f"{self.person} – {self.team} ({self.get_role_display()})"
