"""Progress reports for the city Youth Union and the district's Party committees: the
program's figures for a run of months, by commune and by team, against the plan's targets.

A report is built by a Celery task (month by month, with progress), kept as JSON (what the
printable page shows) and as an .xlsx file in private storage. Aggregated figures only:
nothing in a report names a student.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.once import OnceOnly
from portal.storage import private_storage

from .jobs import WatchedJob
from .places import Area


def _report_path(report: "Report", filename: str) -> str:
    return f"reports/bao-cao-{report.first_month}-{report.last_month}-{report.pk}.xlsx"


class Report(WatchedJob, OnceOnly):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tổng hợp")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    area = models.ForeignKey(Area, verbose_name=_("địa bàn"), on_delete=models.PROTECT)
    first_month = models.CharField(_("từ tháng"), max_length=7)  # "2026-10"
    last_month = models.CharField(_("đến tháng"), max_length=7)
    # The map its communes are grouped by (portal.selectors.areas_map): "hien-nay" or "2021".
    map = models.CharField(_("bản đồ"), max_length=10, default="hien-nay")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    months_total = models.PositiveSmallIntegerField(default=0)
    months_done = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict, blank=True)
    file = models.FileField(storage=private_storage, upload_to=_report_path, blank=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.area} · {self.first_month} – {self.last_month}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return round(100 * self.months_done / self.months_total) if self.months_total else 0
