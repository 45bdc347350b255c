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
from django.utils import timezone, translation
from django.utils.functional import Promise
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
    # (`access.may_see_personal_details`), as the page leaves them out. Named by their
    # Vietnamese source text, which is the same whatever language the export is in.
    private_columns: frozenset[str] = frozenset()

    def columns_for(self, user) -> list[Column]:
        if access.may_see_personal_details(user):
            return self.columns
        return [column for column in self.columns if _source(column[0]) not in self.private_columns]


EXPORTS = {
    "devices": Export(
        _("Thiết bị"),
        lambda user: (
            access.devices_visible_to(user).select_related("team", "commune").order_by("asset_code")
        ),
        [
            (_("Mã tài sản"), lambda d: d.asset_code),
            (_("Loại"), lambda d: d.get_kind_display()),
            (_("Hãng"), lambda d: d.brand),
            (_("Mẫu máy"), lambda d: d.model_name),
            (_("Tình trạng"), lambda d: d.get_status_display()),
            (_("Đội tiếp nhận"), lambda d: d.team.name),
            (_("Nơi tiếp nhận"), lambda d: d.commune.name),
            (_("Tiếp nhận lúc"), lambda d: _when(d.received_at)),
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
            (_("Mã"), lambda o: o.reference),
            (_("Gửi lúc"), lambda o: _when(o.created_at)),
            (_("Tình trạng"), lambda o: o.get_status_display()),
            (_("Tổ phụ trách"), lambda o: o.team.name if o.team else ""),
            (_("Nhà hảo tâm"), lambda o: o.donor_name),
            (_("Điện thoại"), lambda o: phone_national(o.phone)),
            (_("Xã, thị trấn"), lambda o: o.commune.name if o.commune else ""),
            (_("Đồ ủng hộ"), lambda o: "; ".join(str(item) for item in o.items.all())),
            (_("Ủng hộ tiền (đồng)"), lambda o: o.money_pledge_vnd or ""),
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
            (_("Mã"), lambda r: r.reference),
            (_("Nhận lúc"), lambda r: _when(r.created_at)),
            (_("Hạn 24 giờ"), lambda r: _when(r.due_at)),
            (_("Tình trạng"), lambda r: r.get_status_display()),
            (_("Sự cố"), lambda r: r.get_category_display()),
            (_("Xã, thị trấn"), lambda r: r.commune.name),
            (_("Tổ phụ trách"), lambda r: r.team.name if r.team else ""),
            (_("Người xử lý"), lambda r: str(r.assignee or "")),
            (_("Liên hệ lần đầu lúc"), lambda r: _when(r.first_response_at)),
            (
                _("Đúng hẹn 24 giờ"),
                lambda r: {True: _("có"), False: _("không"), None: ""}[r.kept_promise],
            ),
            (_("Xử lý xong lúc"), lambda r: _when(r.resolved_at)),
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
            (_("Ngày trao"), lambda h: _when(h.handed_on)),
            (_("Học sinh"), lambda h: h.student.full_name),
            (_("Trường"), lambda h: h.student.school.name),
            (_("Lớp"), lambda h: h.student.grade),
            (_("Xã, thị trấn"), lambda h: h.student.commune.name),
            (_("Thiết bị"), lambda h: h.device.asset_code),
            (_("Sim"), lambda h: h.sim.asset_code if h.sim else ""),
            (_("Tổ trao"), lambda h: h.team.name),
            (_("Thu hồi ngày"), lambda h: _when(h.returned_on)),
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
            (_("Ngày"), lambda t: _when(t.held_on)),
            (_("Loại"), lambda t: t.get_kind_display()),
            (_("Chủ đề"), lambda t: t.topic),
            (_("Tổ"), lambda t: t.team.name),
            (_("Xã, thị trấn"), lambda t: t.commune.name),
            (_("Thời lượng (phút)"), lambda t: t.minutes),
            (_("Số người được đào tạo"), lambda t: t.people_trained),
        ],
    ),
}
FORMATS = ("xlsx", "csv")


def _source(text) -> str:
    """A header's Vietnamese source text, untranslated (no catalogue is active inside)."""
    with translation.override(None):
        return str(text)


def _safe(value):
    """A text cell starting like a formula ("=", "+", "-", "@") stays text in a spreadsheet;
    a translated label is written in the export's language."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


# The same guard for the other spreadsheets the project writes (the open fund's entries).
safe_cell = _safe


def export_rows(columns: list[Column], objects: Iterable) -> Iterator[list]:
    yield [str(title) for title, _value in columns]
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
