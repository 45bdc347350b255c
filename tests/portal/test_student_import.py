"""A school's list imported from Excel: all rows or none, errors by row and column in
Vietnamese, no duplicates on re-import, and the work done by a real Celery worker."""

import io
import math
import time
from datetime import date, timedelta

import pytest
from openpyxl import Workbook, load_workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.models import Student, StudentImport
from portal.services.student_import import BATCH_SIZE, COLUMNS, import_run, import_start
from tests.factories.files import png

pytestmark = pytest.mark.django_db

HEADER = [column.title for column in COLUMNS]
GOOD_ROWS = [
    ["Nguyễn Thị Lan", "14/03/2013", 6, "Bát Tràng", "Nguyễn Văn Hùng", "0912 345 678",
     "Hộ nghèo", "Máy tính bảng", "có", "không"],
    ["Trần Văn Minh", "02/09/2012", 7, "xã Kim Lan", "Trần Thị Hoa", "0987654321",
     "mồ côi", "laptop", "", "có"],
    ["Lê Thị Thu", "20/11/2015", 4, "Thị trấn Trâu Quỳ", "Lê Văn Nam", "0904123456",
     "Hộ cận nghèo", "Điện thoại", "x", ""],
]  # fmt: skip


def workbook(rows, header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "danh-sach.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Send a list as the import page does; the queued import runs when the request
    commits (eagerly here: Celery runs in-process without REDIS_URL)."""

    def send(school, rows, form_key="8b1f0d5e-1c2a-4f5b-9e3d-7a6c5b4a3f21", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("portal:student_import"),
                {"school": school.pk, "file": workbook(rows, **kwargs), "form_key": form_key},
            )
        return client.get(response["Location"]) if response.status_code == 302 else response

    return send


def test_the_template_is_a_workbook_with_every_column_and_an_example(client, teacher):
    client.force_login(teacher)

    response = client.get(reverse("portal:student_import_template"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet["A2"].value == "Nguyễn Thị Lan"
    assert "attachment" in response["Content-Disposition"]


def test_a_list_with_mistakes_imports_nothing_and_names_each_cell(client, upload, teacher, school):
    client.force_login(teacher)
    rows = [
        GOOD_ROWS[0],
        ["Trần Văn Minh", "31/02/2012", 7, "Xã Không Có", "Trần Thị Hoa", "098765",
         "giàu", "laptop", "", "có"],
        GOOD_ROWS[2],
        [" nguyễn  thị LAN ", "14/03/2013", 6, "Bát Tràng", "Ai Đó", "0912345678",
         "Hộ nghèo", "", "có", ""],
    ]  # fmt: skip

    page = upload(school, rows).content.decode()

    job = StudentImport.objects.get()
    assert job.status == StudentImport.Status.REJECTED
    assert not Student.objects.exists()  # nothing half-imported
    cells = {(error["row"], error["column"]) for error in job.errors}
    assert cells == {
        (3, "Ngày sinh"),
        (3, "Xã / thị trấn nơi ở"),
        (3, "Điện thoại phụ huynh"),
        (3, "Hoàn cảnh"),
        (5, "Họ và tên"),  # the same child as row 2
    }
    assert "Chưa nhập dòng nào: tệp có 5 lỗi." in page
    assert "Không có xã / thị trấn “Xã Không Có” trong huyện." in page
    assert "Trùng với dòng 2 (cùng họ tên và ngày sinh)." in page
    assert "Số điện thoại chưa đúng" in page


def test_the_corrected_list_imports_and_importing_it_again_adds_no_one(
    client, upload, teacher, school
):
    client.force_login(teacher)

    first = upload(school, GOOD_ROWS).content.decode()
    again = upload(school, GOOD_ROWS, form_key="1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d")

    assert "Đã nhập 3 học sinh mới." in first
    assert "3 học sinh đã có trong danh sách, giữ nguyên." in again.content.decode()
    assert Student.objects.count() == 3
    lan = Student.objects.get(full_name="Nguyễn Thị Lan")
    assert (lan.needs_device, lan.needs_sim, lan.needs_internet) == ("tablet", True, False)
    assert lan.commune.name == "Bát Tràng"
    assert lan.proposed_by == teacher
    assert Student.objects.get(full_name="Lê Thị Thu").commune.name == "Trâu Quỳ"


def test_a_double_sent_upload_is_one_import(client, upload, teacher, school):
    client.force_login(teacher)

    upload(school, GOOD_ROWS)
    upload(school, GOOD_ROWS)

    assert StudentImport.objects.count() == 1


def test_a_file_that_is_not_a_workbook_is_refused_before_anything_is_stored(
    client, teacher, school
):
    client.force_login(teacher)

    page = client.post(
        reverse("portal:student_import"),
        {"school": school.pk, "file": png(), "form_key": "8b1f0d5e-1c2a-4f5b-9e3d-7a6c5b4a3f21"},
    ).content.decode()

    assert "Đây không phải tệp Excel .xlsx." in page
    assert not StudentImport.objects.exists()


def test_a_missing_column_is_reported_on_the_header_row(client, upload, teacher, school):
    client.force_login(teacher)

    upload(school, [row[1:] for row in GOOD_ROWS], header=HEADER[1:])

    job = StudentImport.objects.get()
    assert job.errors == [
        {
            "row": 1,
            "column": "",
            "message": "Thiếu cột “Họ và tên” ở dòng tiêu đề. Hãy dùng tệp mẫu.",
        }
    ]


def test_progress_is_reported_as_figures_only(client, upload, teacher, school):
    client.force_login(teacher)
    upload(school, GOOD_ROWS)
    job = StudentImport.objects.get()

    progress = client.get(reverse("portal:student_import_progress", args=[job.pk])).json()

    assert progress == {
        "status": "done",
        "percent": 100,
        "processed": 3,
        "total": 3,
        "finished": True,
        "stalled": False,
    }


def test_running_a_finished_import_again_changes_nothing(client, upload, teacher, school):
    client.force_login(teacher)
    upload(school, GOOD_ROWS)
    job = StudentImport.objects.get()

    import_run(job)

    assert Student.objects.count() == 3
    assert StudentImport.objects.get().created_count == 3


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_imports_the_list_through_redis(
    live_database, celery_worker, teacher, school
):
    with transaction.atomic():  # queued on commit, as in a request
        job = import_start(
            actor=teacher,
            school=school,
            upload=workbook(GOOD_ROWS),
            form_key="4a3b2c1d-0e9f-4a8b-9c7d-6e5f4a3b2c1d",
        )
    deadline = time.monotonic() + 30
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.1)
        job.refresh_from_db()

    assert job.status == StudentImport.Status.DONE
    assert (job.processed_rows, job.created_count) == (3, 3)
    assert Student.objects.filter(school=school).count() == 3


def test_classes_and_phone_numbers_are_read_as_schools_write_them(client, upload, teacher, school):
    """ "6A1" is grade 6; a phone typed into a number cell lost its leading zero."""
    client.force_login(teacher)
    row = [
        "Đinh Văn Tú",
        "05/01/2013",
        "6A1",
        "Bát Tràng",
        "Đinh Văn Sơn",
        912345678,
        "Mồ côi",
        "Laptop",
        "",
        "",
    ]

    upload(school, [row])

    student = Student.objects.get()
    assert (student.grade, student.guardian_phone) == (6, "+84912345678")


def many_rows(count: int) -> list[list]:
    """`count` different children, each valid, as a school would list them."""
    first = date(2012, 1, 1)
    return [
        [f"Nguyễn Văn Số {number}", (first + timedelta(days=number % 1500)).strftime("%d/%m/%Y"),
         6, "Bát Tràng", "Nguyễn Văn Hùng", "0912 345 678", "Hộ nghèo", "Laptop", "có", ""]
        for number in range(count)
    ]  # fmt: skip


def queries_to_import(count: int, teacher, school) -> list[str]:
    job = StudentImport.objects.create(
        school=school, file=workbook(many_rows(count)), uploaded_by=teacher
    )
    with CaptureQueriesContext(connection) as queries:
        import_run(job)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (StudentImport.Status.DONE, count)
    return [query["sql"] for query in queries]


def _inserts(queries: list[str]) -> int:
    return sum(sql.startswith('INSERT INTO "portal_student"') for sql in queries)


def test_a_longer_list_costs_no_more_queries_than_its_batches(teacher, school):
    """The look-ups are made once per file; each batch of rows adds one progress update and
    one savepoint around its INSERT. A query per row would make 200 rows cost 190 more.
    (SQLite takes a batch's rows in several INSERTs: it allows 999 parameters a query.)"""
    per_batch = 3  # progress UPDATE; SAVEPOINT, RELEASE
    small = queries_to_import(10, teacher, school)
    Student.objects.all().delete()

    large = queries_to_import(200, teacher, school)

    extra_batches = math.ceil(200 / BATCH_SIZE) - math.ceil(10 / BATCH_SIZE)
    assert len(large) - _inserts(large) == len(small) - _inserts(small) + extra_batches * per_batch
    assert _inserts(large) <= 200 / 20  # rows written together, never one by one
    assert Student.objects.count() == 200
