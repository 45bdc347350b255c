"""Importing a school's list from .xlsx: every row checked with the same form a teacher
types into, every error named by row and column, then all rows saved in one transaction or
none. A child already on the school's list (the same file sent again, a corrected file) is
left as it is, so re-importing creates no duplicates."""

from __future__ import annotations

import io
import math
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access
from portal.forms.students import StudentRowForm
from portal.models import Area, Circumstance, NeededDevice, School, StudentImport, User
from portal.services.jobs import job_claim
from portal.services.once import once
from portal.services.students import identity_key, students_propose_many
from portal.tasks import import_students
from portal.uploads import validate_workbook

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Rows checked between two progress updates, and children written by one INSERT: a file
# costs a fixed number of queries plus a few per batch, never a few per row.
BATCH_SIZE = 500


@dataclass(frozen=True)
class Column:
    field: str
    title: str  # the header in the template, in Vietnamese (the file's language)
    required: bool = True


COLUMNS = [
    Column("full_name", "Họ và tên"),
    Column("birth_date", "Ngày sinh"),
    Column("grade", "Lớp"),
    Column("commune", "Xã / thị trấn nơi ở"),
    Column("guardian_name", "Họ tên phụ huynh"),
    Column("guardian_phone", "Điện thoại phụ huynh"),
    Column("circumstance", "Hoàn cảnh"),
    Column("needs_device", "Cần thiết bị", required=False),
    Column("needs_sim", "Cần sim", required=False),
    Column("needs_internet", "Cần internet", required=False),
]
EXAMPLE = [
    "Nguyễn Thị Lan",
    "14/03/2013",
    6,
    "Bát Tràng",
    "Nguyễn Văn Hùng",
    "0912 345 678",
    "Hộ nghèo",
    "Máy tính bảng",
    "có",
    "không",
]
YES = {"có", "co", "x", "1", "yes", "true", "đúng"}
NO = {"", "không", "khong", "0", "no", "false"}


def _plain(text: object) -> str:
    """Lower case, single spaces, no accents: how a typed value is matched to a choice."""
    text = " ".join(str(text or "").split()).casefold()
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _choice_lookup(choices: Iterable[tuple[str, StrOrPromise]]) -> dict[str, str]:
    with translation.override("vi"):
        return {
            **{_plain(label): value for value, label in choices},
            **{_plain(value): value for value, _label in choices if value},
        }


def template_workbook() -> bytes:
    """The file schools fill in: the headers, one example row and the accepted values."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append([column.title for column in COLUMNS])
    sheet.append(EXAMPLE)
    for letter, width in zip("ABCDEFGHIJ", (26, 12, 6, 20, 24, 16, 22, 16, 9, 11), strict=True):
        sheet.column_dimensions[letter].width = width
    notes = book.create_sheet("Hướng dẫn")
    with translation.override("vi"):
        notes.append(["Hoàn cảnh", ", ".join(str(label) for _v, label in Circumstance.choices)])
        notes.append(
            ["Cần thiết bị", ", ".join(str(label) for v, label in NeededDevice.choices if v)]
        )
    notes.append(["Cần sim, Cần internet", "có / không"])
    notes.append(["Ngày sinh", "ngày/tháng/năm, ví dụ 14/03/2013"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class UnreadableFile(Exception):
    pass


def read_rows(file: IO[bytes]) -> list[tuple[int, dict]]:
    """(row number, {field: cell value}) for each non-empty row, found by header title.
    The file passes the upload check first (portal/uploads.py), and the reader never goes
    past the row limit, nor past the last column the list uses."""
    try:
        validate_workbook(file)
        book = load_workbook(file, read_only=True, data_only=True)
    except ValidationError as refused:
        raise UnreadableFile(refused.messages[0]) from refused
    except (InvalidFileException, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(
            _("Không đọc được tệp: hãy lưu lại dạng .xlsx rồi gửi lại.")
        ) from error
    sheet = book.worksheets[0]
    header = [_plain(cell) for cell in next(sheet.iter_rows(max_row=1, values_only=True), ())]
    positions = {}
    for column in COLUMNS:
        if _plain(column.title) in header:
            positions[column.field] = header.index(_plain(column.title))
        elif column.required:
            raise UnreadableFile(
                _("Thiếu cột “%(column)s” ở dòng tiêu đề. Hãy dùng tệp mẫu.")
                % {"column": column.title}
            )
    limit = settings.UPLOAD_XLSX_MAX_ROWS  # rows under the header (the upload check's limit)
    rows = sheet.iter_rows(
        min_row=2,
        max_row=limit + 1,
        max_col=max(positions.values()) + 1,
        values_only=True,
    )
    found = []
    for number, cells in enumerate(rows, start=2):
        values = {
            field: cells[index] if index < len(cells) else None
            for field, index in positions.items()
        }
        if all(value in (None, "") for value in values.values()):
            continue
        found.append((number, values))
    book.close()
    return found


def _form_data(values: dict, communes: dict[str, int]) -> tuple[dict, dict[str, StrOrPromise]]:  # noqa: PLR0912 (a branch per column)
    """Cell values → form data, and the cells that could not be understood."""
    data: dict[str, Any] = {}
    problems: dict[str, StrOrPromise] = {}
    born = values.get("birth_date")
    if isinstance(born, datetime):
        born = born.date()
    data["birth_date"] = born.isoformat() if isinstance(born, date) else str(born or "").strip()
    for field in ("full_name", "guardian_name"):
        data[field] = str(values.get(field) or "").strip()
    phone = values.get("guardian_phone")
    if isinstance(phone, int | float) and math.isfinite(phone):
        # A number cell drops the leading zero: 912345678 was typed as 0912345678.
        phone = f"0{int(phone)}" if len(str(int(phone))) == 9 else str(int(phone))
    data["guardian_phone"] = str(phone or "").strip()
    grade = values.get("grade")
    if isinstance(grade, int | float) and math.isfinite(grade):
        grade = str(int(grade))
    # Schools write the class, not the grade: "6A1" and "Lớp 7" mean grades 6 and 7.
    found = re.search(r"\d+", str(grade or ""))
    data["grade"] = found.group() if found else str(grade or "").strip()
    commune = _plain(values.get("commune"))
    for prefix in ("xa ", "thi tran ", "phuong "):
        commune = commune.removeprefix(prefix)
    if commune in communes:
        data["commune"] = communes[commune]
    elif commune:
        problems["commune"] = _("Không có xã / thị trấn “%(name)s” trong huyện.") % {
            "name": values.get("commune")
        }
    for field, choices in (
        ("circumstance", Circumstance.choices),
        ("needs_device", NeededDevice.choices),
    ):
        typed = _plain(values.get(field))
        lookup = _choice_lookup(choices)
        if typed in lookup:
            data[field] = lookup[typed]
        elif typed:
            with translation.override("vi"):
                allowed = ", ".join(str(label) for value, label in choices if value)
            problems[field] = _("Không hiểu “%(value)s”. Ghi một trong: %(allowed)s.") % {
                "value": values.get(field),
                "allowed": allowed,
            }
    for field in ("needs_sim", "needs_internet"):
        typed = _plain(values.get(field))
        if typed in YES:
            data[field] = "on"
        elif typed not in NO:
            problems[field] = _("Ghi “có” hoặc “không”.")
    return data, problems


def _set_progress(job: StudentImport, **fields: object) -> None:
    fields["heartbeat_at"] = timezone.now()  # a sign of life for the recovery job
    StudentImport.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


TITLES: dict[str, StrOrPromise] = {column.field: column.title for column in COLUMNS}
TITLES["__all__"] = gettext_lazy("Cả dòng")


def import_run(job: StudentImport) -> StudentImport:
    """Check every row, then import all of them or none. Safe to run twice: a finished job,
    or one another run is working on, is left alone (portal/services/jobs.py), and a job
    interrupted mid-way imports nothing twice."""
    with job_claim(job) as mine:
        return _run(job) if mine else job


def _run(job: StudentImport) -> StudentImport:
    with translation.override("vi"):
        _set_progress(job, status=StudentImport.Status.RUNNING, processed_rows=0)
        try:
            with job.file.open("rb") as handle:
                rows = read_rows(handle)
        except UnreadableFile as error:
            return _finish(job, errors=[{"row": 1, "column": "", "message": str(error)}])
        _set_progress(job, total_rows=len(rows))
        communes = _communes_near(job)
        by_name = {_plain(area.name): area.pk for area in communes.values()}
        errors, valid = [], []
        seen: dict[str, int] = {}
        for position, (number, values) in enumerate(rows, start=1):
            data, problems = _form_data(values, by_name)
            form = StudentRowForm(data, school=job.school, communes=communes)
            form_errors = {} if form.is_valid() else form.errors.get_json_data()
            for field, message in problems.items():
                form_errors[field] = [{"message": message}]
            for field, messages in form_errors.items():
                for message in messages:
                    errors.append(
                        {
                            "row": number,
                            "column": str(TITLES.get(field, field)),
                            "message": message["message"],
                        }
                    )
            if not form_errors:
                fields = form.student_fields()
                key = identity_key(fields["full_name"], fields["birth_date"])
                if key in seen:
                    errors.append(
                        {
                            "row": number,
                            "column": str(TITLES["full_name"]),
                            "message": _("Trùng với dòng %(row)s (cùng họ tên và ngày sinh).")
                            % {"row": seen[key]},
                        }
                    )
                seen[key] = number
                valid.append(fields)
            if position % BATCH_SIZE == 0:
                _set_progress(job, processed_rows=position)
        if errors:
            return _finish(job, errors=errors)
        created = _save_all(job, valid)
        return _finish(job, created=created, unchanged=len(valid) - created)


def import_stop_timed_out(job: StudentImport, *, seconds: int) -> StudentImport:
    """End an import that ran past its time limit. Nothing of it was saved: the rows are
    saved in one transaction, which the interruption rolled back."""
    with translation.override("vi"):
        message = _(
            "Danh sách chưa được nhập: việc nhập vượt quá %(seconds)s giây nên đã dừng, không "
            "học sinh nào được thêm. Hãy chia danh sách thành nhiều tệp nhỏ hơn rồi gửi lại."
        ) % {"seconds": seconds}
        return _finish(job, errors=[{"row": 1, "column": "", "message": message}])


@transaction.atomic
def _save_all(job: StudentImport, rows: list[dict]) -> int:
    return sum(
        students_propose_many(
            actor=job.uploaded_by, school=job.school, rows=rows, batch_size=BATCH_SIZE
        )
    )


def _finish(
    job: StudentImport, *, errors: Iterable[dict] = (), created: int = 0, unchanged: int = 0
) -> StudentImport:
    _set_progress(
        job,
        status=StudentImport.Status.REJECTED if errors else StudentImport.Status.DONE,
        errors=list(errors),
        processed_rows=job.total_rows,
        created_count=created,
        unchanged_count=unchanged,
        finished_at=timezone.now(),
    )
    return job


def _communes_near(job: StudentImport) -> dict[int, Area]:
    """The communes and towns of the school's district, where its pupils may live (the
    student form's choices), read once for the whole file."""
    district = job.school.commune.path[: -Area.steplen]
    return {
        area.pk: area
        for area in Area.objects.filter(path__startswith=district, kind__in=Area.GRASSROOTS)
    }


@transaction.atomic
def import_start(
    *, actor: User, school: School, upload: File, form_key: uuid.UUID
) -> StudentImport:
    """Store the file privately and queue the import (after commit); the same form sent
    twice queues one import."""
    return once(
        StudentImport, form_key=form_key, create=lambda: _start(actor, school, upload, form_key)
    )[0]


def _start(actor: User, school: School, upload: File, form_key: uuid.UUID | None) -> StudentImport:
    if not access.schools_proposable_by(actor).filter(pk=school.pk).exists():
        raise PermissionDenied
    job = StudentImport.objects.create(
        school=school, file=upload, uploaded_by=actor, form_key=form_key
    )
    import_students.delay_on_commit(job.pk)
    return job
