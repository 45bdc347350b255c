from django.db import models
from django.utils.translation import gettext_lazy as _

from .places import Area


class AreaTarget(models.Model):
    """An area's own target: the devices each of its teams should hand over a month. Without
    one, an area takes the nearest target above it, and at the top the 2021 plan's
    (`portal.selectors.targets.monthly_target`)."""

    area = models.OneToOneField(
        Area, verbose_name=_("địa bàn"), on_delete=models.CASCADE, related_name="target"
    )
    monthly_per_team = models.PositiveSmallIntegerField(
        _("thiết bị trao tặng mỗi tháng, mỗi tổ"), default=2
    )

    class Meta:
        verbose_name = _("chỉ tiêu của địa bàn")
        verbose_name_plural = _("chỉ tiêu của địa bàn")

    def __str__(self):
        return f"{self.area}: {self.monthly_per_team}"
