"""Seconds and queries of one 10 000-row list import (the upload limit), as a school's
teacher sends it, in a process of its own: run by bench.py after seeding,
`python tests/perf/student_import.py [rows]`, prints one JSON line. Target: under
IMPORT_TARGET_SECONDS on this machine.

The import runs as the worker runs it (`import_run`, the file read back from private
storage, checked row by row, written in batches), in this process rather than through the
broker, so the figure is the import's own and not the queue's. The students it adds are
removed afterwards, so a second run measures the same work."""

import json
import os
import sys
import time
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def list_of(rows: int, commune: str) -> bytes:
    """`rows` different children, every cell as a school fills the template in."""
    from openpyxl import Workbook

    from portal.services.student_import import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append([column.title for column in COLUMNS])
    first = date(2012, 1, 1)
    for number in range(rows):
        born = (first + timedelta(days=number % 1500)).strftime("%d/%m/%Y")
        sheet.append(
            [f"Nguyễn Văn Số {number}", born, 6, commune, "Nguyễn Văn Hùng", "0912 345 678",
             "Hộ nghèo", "Laptop", "có", ""]
        )  # fmt: skip
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main(rows: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import access
    from portal.models import Student, StudentImport
    from portal.services.student_import import _communes_near, import_run

    teacher = get_user_model().objects.get(email="giaovien@demo.maytinhcu.vn")
    school = access.schools_proposable_by(teacher).select_related("commune").first()
    probe = StudentImport(school=school)
    commune = min(area.name for area in _communes_near(probe).values())
    content = list_of(rows, commune)
    job = StudentImport.objects.create(
        school=school, file=ContentFile(content, "bench.xlsx"), uploaded_by=teacher
    )
    before = set(Student.objects.filter(school=school).values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        import_run(job)
        seconds = time.perf_counter() - started
    job.refresh_from_db()
    progress = sum(
        '"processed_rows"' in query["sql"] and query["sql"].startswith("UPDATE")
        for query in queries.captured_queries
    )
    Student.objects.filter(school=school).exclude(pk__in=before).delete()
    job.file.delete(save=False)
    job.delete()
    print(
        json.dumps(
            {
                "rows": rows,
                "status": job.status,
                "created": job.created_count,
                "errors": job.errors[:3],
                "file_bytes": len(content),
                "seconds": round(seconds, 1),
                "queries": len(queries.captured_queries),
                "progress_updates": progress,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.perf.settings")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
