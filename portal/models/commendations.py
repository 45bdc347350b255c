"""Commendations of units and people, recorded by coordinators as the plan asks ("commend
and reward active units and individuals"). The public honour roll shows those who agreed
to be named; the rest stay in the portal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly

from .teams import Team


class Commendation(OnceOnly):
    class Level(models.TextChoices):
        DISTRICT_UNION = "district_union", _("Giấy khen của Huyện đoàn")
        PIONEER_COUNCIL = "pioneer_council", _("Giấy khen của Hội đồng Đội huyện")
        CITY_UNION = "city_union", _("Bằng khen của Thành đoàn")
        DISTRICT_COMMITTEE = "district_committee", _("Khen thưởng của UBND huyện")
        PRAISE = "praise", _("Biểu dương")

    team = models.ForeignKey(
        Team,
        verbose_name=_("tập thể"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cá nhân"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    level = models.CharField(_("hình thức"), max_length=20, choices=Level.choices)
    reason = models.CharField(_("thành tích"), max_length=250)
    awarded_on = models.DateField(_("ngày khen"))
    show_publicly = models.BooleanField(
        _("nêu tên trên trang vinh danh"),
        default=False,
        help_text=_("Với cá nhân: chỉ chọn khi người được khen đã đồng ý."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-awarded_on", "-pk"]
        constraints = [
            # A commendation is for a unit or for a person, never both, never neither.
            models.CheckConstraint(
                name="commendation_unit_or_person",
                condition=models.Q(team__isnull=False, person__isnull=True)
                | models.Q(team__isnull=True, person__isnull=False),
            )
        ]

    def __str__(self):
        return f"{self.name} · {self.get_level_display()}"

    @property
    def name(self) -> str:
        return str(self.team or self.person)
