"""No upload may hold a worker or fill its memory: hostile workbooks and photos (small files
that unpack or decode into something huge, built here) are refused with a Vietnamese message
before a parser reads them, nothing is imported or stored, and normal files still go through.

The time and memory each refusal took are measured (tracemalloc counts every allocation the
parsers make) and bounded loosely: unchecked, the million empty rows below took 29 s here,
and the 442 KB file of the report 352 s and 4.7 GB."""

import os
import subprocess
import sys
import time
import tracemalloc
import uuid
from pathlib import Path

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from wagtail.images.models import Image

from config.celery_app import app
from portal.models import DevicePhoto, Student, StudentImport
from portal.services.student_import import import_run
from portal.tasks import import_students
from tests.conftest import require_or_skip
from tests.factories import bombs
from tests.factories.devices import received

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = "dòng (kể cả dòng trống)"
UNPACKED = "Nội dung tệp quá lớn khi giải nén"
PARTS = "Tệp có quá nhiều thành phần"
PIXELS = "quá nhiều điểm ảnh"
STUDENTS = [
    [f"Học Sinh Số {number}", "14/03/2013", 6, "Bát Tràng", "Nguyễn Văn Hùng", "0912 345 678",
     "Hộ nghèo", "Máy tính bảng", "có", "không"]
    for number in range(3)
]  # fmt: skip

HOSTILE_WORKBOOKS = {
    # 6 MB of empty rows, no dimension: the row cap stops the reading.
    "a-million-empty-rows": (lambda: bombs.empty_rows(1_000_000), ROWS),
    # The report's file: 442 KB, 50 million empty rows, 300 MB once unpacked.
    "fifty-million-empty-rows": (lambda: bombs.empty_rows(50_000_000), UNPACKED),
    # One cell on Excel's last row: a reader would fill a million empty rows before it.
    "one-cell-on-row-1048576": (lambda: bombs.far_row(1_048_576), ROWS),
    "an-entry-claiming-3.75-GiB": (bombs.claimed_size, UNPACKED),
    "5000-parts": (lambda: bombs.many_parts(5000), PARTS),
}


class Measured:
    """Seconds and peak traced memory (MB) of what runs inside."""

    def __enter__(self):
        tracemalloc.start()
        self.started = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self.started
        self.peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()


def xlsx(content: bytes, name="danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def send_list(client, school, content: bytes):
    return client.post(
        reverse("portal:student_import"),
        {"school": school.pk, "file": xlsx(content), "form_key": str(uuid.uuid4())},
    )


@pytest.mark.parametrize(("build", "message"), HOSTILE_WORKBOOKS.values(), ids=HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_is_refused_on_the_import_page_at_once(
    client, teacher, school, build, message, django_capture_on_commit_callbacks
):
    content = build()
    client.force_login(teacher)
    client.get(reverse("portal:student_import"))  # the teacher opens the page first

    with Measured() as cost, django_capture_on_commit_callbacks(execute=True):
        response = send_list(client, school, content)

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert not StudentImport.objects.exists()
    assert not Student.objects.exists()
    assert cost.seconds < 5, cost.seconds
    assert cost.peak_mb < 50, cost.peak_mb
    print(f"\n{len(content) / 1000:.0f} KB refused in {cost.seconds:.2f} s, {cost.peak_mb:.1f} MB")


@pytest.mark.parametrize(("build", "message"), HOSTILE_WORKBOOKS.values(), ids=HOSTILE_WORKBOOKS)
def test_a_hostile_workbook_already_stored_is_refused_by_the_import_task(
    teacher, school, build, message
):
    """A list queued by another way (or before these limits) meets the same check."""
    job = StudentImport.objects.create(school=school, file=xlsx(build()), uploaded_by=teacher)

    with Measured() as cost:
        import_run(job)

    job.refresh_from_db()
    assert job.status == StudentImport.Status.REJECTED
    assert [error["row"] for error in job.errors] == [1]
    assert message in job.errors[0]["message"]
    assert not Student.objects.exists()
    assert cost.seconds < 5, cost.seconds
    assert cost.peak_mb < 50, cost.peak_mb


def test_empty_rows_up_to_the_limit_are_read_and_one_more_is_refused(
    client, settings, teacher, school, django_capture_on_commit_callbacks
):
    """The limit counts the rows under the header, the empty ones included: a list of
    exactly the limit's students is accepted."""
    limit = settings.UPLOAD_XLSX_MAX_ROWS
    client.force_login(teacher)
    padding = limit - len(STUDENTS)

    with django_capture_on_commit_callbacks(execute=True):
        too_many = send_list(client, school, bombs.empty_rows(padding + 1, students=STUDENTS))
        accepted = send_list(client, school, bombs.empty_rows(padding, students=STUDENTS))

    assert too_many.status_code == 200
    assert ROWS in too_many.content.decode()
    assert "10.000" in too_many.content.decode()  # the limit, written the Vietnamese way
    assert accepted.status_code == 302
    job = StudentImport.objects.get()
    assert (job.status, job.created_count) == (StudentImport.Status.DONE, len(STUDENTS))
    assert Student.objects.count() == len(STUDENTS)


@pytest.mark.parametrize(
    ("width", "height"),
    [(20_000, 20_000), (9_000, 6_000)],
    ids=["400-megapixels", "54-megapixels"],
)
def test_a_photo_with_too_many_pixels_is_refused(client, volunteer, team, width, height):
    """Past Pillow's own bomb limit, and under it but past the program's."""
    device = received(volunteer, team)
    client.force_login(volunteer)
    photo = SimpleUploadedFile("anh.png", bombs.png_of(width, height), content_type="image/png")
    client.get(reverse("portal:device_detail", args=[device.pk]))  # the form, opened first

    with Measured() as cost:
        page = client.post(
            reverse("portal:device_photos", args=[device.pk]), {"photos": [photo]}, follow=True
        ).content.decode()

    assert PIXELS in page
    assert "tối đa 50 triệu" in page
    assert not DevicePhoto.objects.exists()
    assert cost.seconds < 5, cost.seconds
    assert cost.peak_mb < 50, cost.peak_mb


def test_the_image_library_refuses_the_same_photos(client, editor):
    """An editor's upload is decoded for every rendition: the same pixel limit applies."""
    client.force_login(editor)
    photo = SimpleUploadedFile("anh.png", bombs.png_of(9_000, 6_000), content_type="image/png")

    response = client.post(reverse("wagtailimages:add"), {"title": "Ảnh lớn", "file": photo})

    assert response.status_code == 200
    assert "54000000" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_past_its_time_limit_stops_saves_nothing_and_says_so(
    live_database, settings, teacher, school
):
    """In a real (prefork) worker, whose time limits Celery enforces: 2,000 good rows and a
    one-second limit."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        require_or_skip("REQUIRE_WORKER", "needs PostgreSQL and Redis for a worker process")
    students = [[f"Học Sinh {number}", *STUDENTS[0][1:]] for number in range(2000)]
    content = bombs.workbook(students)
    job = StudentImport.objects.create(school=school, file=xlsx(content), uploaded_by=teacher)
    queue = f"limits-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "--app", "config", "worker", "--pool", "prefork",
         "--concurrency", "1", "--queues", queue, "--without-heartbeat", "--without-gossip",
         "--without-mingle", "--loglevel", "WARNING"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DJANGO_PRIVATE_MEDIA_ROOT": str(job.file.storage.location),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    saved, app.conf.task_always_eager = app.conf.task_always_eager, False
    try:
        import_students.apply_async((job.pk,), queue=queue, soft_time_limit=1, time_limit=30)
        deadline = time.monotonic() + 120
        while not job.finished and time.monotonic() < deadline:
            time.sleep(0.2)
            job.refresh_from_db()
    finally:
        app.conf.task_always_eager = saved
        worker.terminate()
        worker.wait(timeout=30)

    assert job.status == StudentImport.Status.REJECTED
    assert "vượt quá 1 giây" in job.errors[0]["message"]
    assert (job.created_count, Student.objects.count()) == (0, 0)
