"""The lists a coordinator or a team works with, exported to .xlsx or .csv: devices, offers,
support requests, handovers and training sessions.

Neither is built in memory: a CSV is sent as it is written, from the rows read in chunks; a
workbook is written in openpyxl's write-only mode to a temporary file, then sent from it.

Each export is the same scoped queryset as the portal page (`portal.access`), so nobody
exports what they cannot see; each is logged (`AuditEvent`, and for handovers one
`StudentAccess` per student, as if each record had been opened). Cells that a spreadsheet
would run as a formula are written as text.
"""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from openpyxl import Workbook

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import access
from portal.models import StudentAccess
from portal.phones import phone_national
from portal.services.audit import audit_record
from portal.services.students import student_access_record

Column = tuple[str, Callable[[object], object]]
DB_CHUNK = 2000  # rows fetched from the database at a time
CSV_ROWS_PER_CHUNK = 500  # rows sent to the browser at a time


def _when(moment) -> str:
    if moment is None:
        return ""
    if hasattr(moment, "hour"):
        return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
    return moment.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Export:
    title: str
    rows: Callable[[object], QuerySet]  # the person's scoped queryset, ready to iterate
    columns: list[Column]
    has_students: bool = False
    # Donors' and requesters' contact details: left out for whoever may not read them
    # (`access.may_see_personal_details`), as the page leaves them out.
    private_columns: frozenset[str] = frozenset()

    def columns_for(self, user) -> list[Column]:
        if access.may_see_personal_details(user):
            return self.columns
        return [column for column in self.columns if column[0] not in self.private_columns]


EXPORTS = {
    "devices": Export(
        _("Thiết bị"),
        lambda user: (
            access.devices_visible_to(user).select_related("team", "commune").order_by("asset_code")
        ),
        [
            ("Mã tài sản", lambda d: d.asset_code),
            ("Loại", lambda d: d.get_kind_display()),
            ("Hãng", lambda d: d.brand),
            ("Mẫu máy", lambda d: d.model_name),
            ("Tình trạng", lambda d: d.get_status_display()),
            ("Đội tiếp nhận", lambda d: d.team.name),
            ("Nơi tiếp nhận", lambda d: d.commune.name),
            ("Tiếp nhận lúc", lambda d: _when(d.received_at)),
        ],
    ),
    "offers": Export(
        _("Đăng ký ủng hộ"),
        lambda user: (
            access.offers_visible_to(user)
            .select_related("team", "commune")
            .prefetch_related("items")
            .order_by("created_at")
        ),
        [
            ("Mã", lambda o: o.reference),
            ("Gửi lúc", lambda o: _when(o.created_at)),
            ("Tình trạng", lambda o: o.get_status_display()),
            ("Tổ phụ trách", lambda o: o.team.name if o.team else ""),
            ("Nhà hảo tâm", lambda o: o.donor_name),
            ("Điện thoại", lambda o: phone_national(o.phone)),
            ("Xã, thị trấn", lambda o: o.commune.name if o.commune else ""),
            ("Đồ ủng hộ", lambda o: "; ".join(str(item) for item in o.items.all())),
            ("Ủng hộ tiền (đồng)", lambda o: o.money_pledge_vnd or ""),
        ],
        private_columns=frozenset({"Nhà hảo tâm", "Điện thoại"}),
    ),
    "support": Export(
        _("Yêu cầu hỗ trợ"),
        lambda user: (
            access.support_visible_to(user)
            .select_related("team", "commune", "assignee")
            .order_by("created_at")
        ),
        [
            ("Mã", lambda r: r.reference),
            ("Nhận lúc", lambda r: _when(r.created_at)),
            ("Hạn 24 giờ", lambda r: _when(r.due_at)),
            ("Tình trạng", lambda r: r.get_status_display()),
            ("Sự cố", lambda r: r.get_category_display()),
            ("Xã, thị trấn", lambda r: r.commune.name),
            ("Tổ phụ trách", lambda r: r.team.name if r.team else ""),
            ("Người xử lý", lambda r: str(r.assignee or "")),
            ("Liên hệ lần đầu lúc", lambda r: _when(r.first_response_at)),
            ("Đúng hẹn 24 giờ", lambda r: {True: "có", False: "không", None: ""}[r.kept_promise]),
            ("Xử lý xong lúc", lambda r: _when(r.resolved_at)),
        ],
    ),
    "handovers": Export(
        _("Trao tặng"),
        lambda user: (
            access.handovers_visible_to(user)
            .select_related("student__school", "student__commune", "device", "sim", "team")
            .order_by("handed_on", "pk")
        ),
        [
            ("Ngày trao", lambda h: _when(h.handed_on)),
            ("Học sinh", lambda h: h.student.full_name),
            ("Trường", lambda h: h.student.school.name),
            ("Lớp", lambda h: h.student.grade),
            ("Xã, thị trấn", lambda h: h.student.commune.name),
            ("Thiết bị", lambda h: h.device.asset_code),
            ("Sim", lambda h: h.sim.asset_code if h.sim else ""),
            ("Tổ trao", lambda h: h.team.name),
            ("Thu hồi ngày", lambda h: _when(h.returned_on)),
        ],
        has_students=True,
    ),
    "training": Export(
        _("Đào tạo"),
        lambda user: (
            access.training_visible_to(user)
            .select_related("team", "commune")
            .order_by("held_on", "pk")
        ),
        [
            ("Ngày", lambda t: _when(t.held_on)),
            ("Loại", lambda t: t.get_kind_display()),
            ("Chủ đề", lambda t: t.topic),
            ("Tổ", lambda t: t.team.name),
            ("Xã, thị trấn", lambda t: t.commune.name),
            ("Thời lượng (phút)", lambda t: t.minutes),
            ("Số người được đào tạo", lambda t: t.people_trained),
        ],
    ),
}
FORMATS = ("xlsx", "csv")


def _safe(value):
    """A text cell starting like a formula ("=", "+", "-", "@") stays text in a spreadsheet."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_rows(columns: list[Column], objects: Iterable) -> Iterator[list]:
    yield [title for title, _value in columns]
    for obj in objects:
        yield [_safe(value(obj)) for _title, value in columns]


def _csv_chunks(rows: Iterable[list]) -> Iterator[bytes]:
    """The CSV file, a few hundred rows at a time, as it is written."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so Excel reads the Vietnamese as UTF-8
    writer = csv.writer(buffer)
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if rest := buffer.getvalue():
        yield rest.encode()


def _xlsx_file(title: str, rows: Iterable[list]) -> BinaryIO:
    """The workbook, written row by row (openpyxl's write-only mode keeps no cells) into a
    temporary file that is deleted once closed; rewound, ready to be served."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for row in rows:
        sheet.append(row)
    out = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    book.save(out)
    out.seek(0)
    return out


def export_open(*, actor, name: str, fmt: str) -> tuple[Iterator[bytes] | BinaryIO, int]:
    """One list, as this person may see it: (the file, number of rows). A CSV is an iterator
    of its bytes, read from the database in chunks while it is sent; an XLSX is a temporary
    file. Logged now, as it is handed out, with the rows it holds."""
    export = EXPORTS[name]
    rows = export.rows(actor)
    count = rows.count()
    audit_record(action="list_exported", actor=actor, list=name, format=fmt, rows=count)
    if export.has_students:
        student_access_record(
            actor=actor,
            students=list(rows.values_list("student_id", flat=True)),
            action=StudentAccess.Action.EXPORTED,
        )
    # In chunks: a district's whole device list is never held in memory, as objects or text.
    lines = export_rows(export.columns_for(actor), rows.iterator(chunk_size=DB_CHUNK))
    if fmt == "csv":
        return _csv_chunks(lines), count
    return _xlsx_file(str(export.title), lines), count
