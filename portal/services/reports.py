"""Progress reports: requested by a coordinator, built by a Celery task month by month
(progress on the report's row), saved as JSON for the printable page and as .xlsx.

The task may be sent twice (a worker lost mid-way, a retry): one run at a time builds it, a
run after a dead one rebuilds from the counters and overwrites the same row and file."""

import io
import uuid

from openpyxl import Workbook
from openpyxl.styles import Font

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from config.database_routing import replica_reads
from portal import access
from portal.models import Area, Report, User
from portal.selectors import areas_map
from portal.selectors.report import COMMUNE_KEYS, months_between, report_figures
from portal.services.jobs import job_claim
from portal.services.once import once
from portal.templatetags.official_dates import long_month


@transaction.atomic
def report_request(
    *,
    actor: User,
    first_month: str,
    last_month: str,
    form_key: uuid.UUID,
    map_choice: str = areas_map.CURRENT,
    area: Area | None = None,
) -> Report:
    """Queue a report for one of the coordinator's areas (by default the one they were
    appointed for), by the current communes or the 2021 ones; the same form sent twice is
    one report."""
    area = area or actor.coordinated_area
    if area is None or not access.coordinates_area(actor, area):
        raise PermissionDenied
    return once(
        Report,
        form_key=form_key,
        create=lambda: _queue(actor, area, first_month, last_month, form_key, map_choice),
    )[0]


def _queue(
    actor: User,
    area: Area,
    first_month: str,
    last_month: str,
    form_key: uuid.UUID | None,
    map_choice: str = areas_map.CURRENT,
) -> Report:
    if last_month < first_month:
        raise ValidationError(_("Tháng kết thúc phải sau tháng bắt đầu."))
    report = Report.objects.create(
        area=area,
        first_month=first_month,
        last_month=last_month,
        map=areas_map.map_choice(map_choice),
        requested_by=actor,
        form_key=form_key,
        months_total=len(months_between(first_month, last_month)),
    )
    from portal.tasks import build_report  # noqa: PLC0415 (the tasks import the services)

    build_report.delay_on_commit(report.pk)
    return report


def report_build(report: Report) -> Report:
    """Compute the figures month by month (saving progress), then the .xlsx file. A report
    already built, or being built by another run, is left alone (portal/services/jobs.py)."""
    with job_claim(report) as mine:
        return _build(report) if mine else report


def _build(report: Report) -> Report:
    months = months_between(report.first_month, report.last_month)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.RUNNING, months_total=len(months), months_done=0
    )

    def progress(done: int) -> None:
        # Each month done is also the run's sign of life for the recovery job.
        Report.objects.filter(pk=report.pk).update(months_done=done, heartbeat_at=timezone.now())

    # Written in Vietnamese (a report to the city). The figures are read from the read
    # replica when there is one (a report may be a moment behind); the progress is written
    # to the primary, and the reads stay on the replica after it (it touches no row they read).
    with translation.override("vi"), replica_reads(sticky=False):
        data = report_figures(report.area, months, progress, report.map)
        content = report_workbook(data)
    report.data, report.status = data, Report.Status.DONE
    report.months_done, report.months_total = len(months), len(months)
    report.finished_at = timezone.now()
    if report.file:
        report.file.delete(save=False)
    report.file.save("bao-cao.xlsx", ContentFile(content), save=False)
    report.save()
    return report


def report_workbook(data: dict) -> bytes:
    """The report as a workbook: totals, communes, teams — one sheet each."""
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = "Tổng hợp"
    sheet.append([f"Báo cáo chương trình “Máy tính cũ – Tri thức mới” – {data['area']}"])
    sheet.append([f"Từ {long_month(data['first_month'])} đến {long_month(data['last_month'])}"])
    sheet["A1"].font = bold
    sheet.append([])
    sheet.append([_("Chỉ tiêu"), _("Kết quả")])
    for line in data["lines"]:
        sheet.append([("    – " if line["sub"] else "") + line["label"], line["value"]])
    support = data["support"]
    sheet.append([_("Tỷ lệ liên hệ trong 24 giờ (%)"), support["percent"]])
    sheet.append([_("Trung vị thời gian liên hệ (giờ, không quá)"), support["median_hours"]])
    sheet.append([_("Danh sách học sinh đã xác minh (hiện tại)"), data["verified_list"]])
    coverage = data["coverage"]
    sheet.append(
        [_("Xã, thị trấn có tổ Thanh niên IT"), f"{coverage['covered']}/{coverage['total']}"]
    )
    sheet.append([_("Chỉ tiêu trao tặng (thiết bị, toàn địa bàn)"), data["district_target"]])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 14

    communes = book.create_sheet("Theo xã")
    communes.append(
        [
            _("Xã, thị trấn"),
            _("Có tổ TNIT"),
            # COMMUNE_KEYS, in order:
            _("Tiếp nhận"),
            _("Đã trao"),
            _("Học sinh"),
            _("Yêu cầu hỗ trợ"),
            _("Buổi đào tạo"),
        ]
    )
    for row in data["communes"]:
        communes.append(
            [
                row.get("label") or row["name"],
                _("có") if row["covered"] else _("chưa"),
                *(row[figure] for figure in COMMUNE_KEYS),
            ]
        )
    if data.get("unplaced"):
        communes.append(
            [_("Chưa xếp vào xã mới"), "", *(data["unplaced"][figure] for figure in COMMUNE_KEYS)]
        )
    teams = book.create_sheet("Theo tổ")
    teams.append(
        [
            _("Tổ, đội"),
            _("Loại"),
            _("Đã trao"),
            _("Chỉ tiêu"),
            _("Đạt"),
            _("Hỗ trợ đúng hẹn"),
            _("Hỗ trợ trễ hẹn"),
        ]
    )
    for row in data["teams"]:
        met = {True: _("đạt"), False: _("chưa đạt"), None: ""}[row["met"]]
        teams.append(
            [
                row["name"],
                row["kind"],
                row["handed_over"],
                row["target"],
                met,
                row["kept"],
                row["breached"],
            ]
        )
    for extra in (communes, teams):
        extra.column_dimensions["A"].width = 40
        for cell in extra[1]:
            cell.font = bold
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
