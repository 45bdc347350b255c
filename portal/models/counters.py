from django.db import models
from django.utils.translation import gettext_lazy as _

from .places import Area

ALL_TIME = "all"


class Counter(models.Model):
    """One public figure for one area (a commune or the district) and one period (a month
    "2026-11", or "all"). Updated with F() in the same transaction as the event it counts;
    recomputed from the records by a scheduled job that repairs any drift."""

    key = models.CharField(max_length=60)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="counters")
    period = models.CharField(max_length=7, default=ALL_TIME)
    value = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(fields=["key", "area", "period"], name="counter_once"),
        ]

    def __str__(self):
        return f"{self.key} · {self.area} · {self.period}: {self.value}"


class CounterDirty(models.Model):
    """A cell (an area, a month — or "all" for a stock figure) whose counters moved since the
    last incremental recount. Written by `counter_bump` in the event's own transaction, so a
    rolled-back event leaves no mark; the incremental recount recounts only the marked cells
    and then deletes the marks it read (marks written meanwhile stay for the next run)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)

    class Meta:
        verbose_name = _("ô số liệu cần đếm lại")
        verbose_name_plural = _("ô số liệu cần đếm lại")
        constraints = [
            models.UniqueConstraint(fields=["area", "period"], name="counter_dirty_once"),
        ]

    def __str__(self):
        return f"{self.area} · {self.period}"
