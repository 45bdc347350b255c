"""Exports: each list as the person sees it in the portal, as .xlsx or .csv, logged."""

import csv
import io

import pytest
from openpyxl import load_workbook

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse

from portal import exports
from portal.models import AuditEvent, StudentAccess
from tests.factories.desk import offered, requested
from tests.factories.devices import received
from tests.factories.students import approved, handed_over
from tests.factories.teams import commune

pytestmark = pytest.mark.django_db


def rows_of(response, fmt):
    """The file's rows, read from the stream: neither format is built whole in memory."""
    assert isinstance(response, StreamingHttpResponse if fmt == "csv" else FileResponse)
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return [list(row) for row in load_workbook(io.BytesIO(content)).active.values]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_team_exports_its_own_devices_only(client, volunteer, coordinator, team, other_team, fmt):
    mine = received(volunteer, team, brand="Dell")
    theirs = received(coordinator, other_team, brand="Asus")
    client.force_login(volunteer)

    response = client.get(reverse("portal:export_list", args=["devices", fmt]))

    rows = rows_of(response, fmt)
    assert rows[0][:3] == ["Mã tài sản", "Loại", "Hãng"]
    codes = [row[0] for row in rows[1:]]
    assert codes == [mine.asset_code]
    assert theirs.asset_code not in codes
    assert response["Content-Disposition"].startswith("attachment;")
    event = AuditEvent.objects.get(action="list_exported")
    assert event.actor == volunteer
    assert event.details == {
        "list": "devices",
        "format": fmt,
        "rows": 1,
    }


def test_a_coordinator_exports_every_offer_and_request_of_the_district(
    client, coordinator_2fa, team, other_team
):
    offered(commune("Bát Tràng"), donor_name="Nhà A")
    offered(commune("Cổ Bi"), donor_name="Nhà B")
    requested(commune("Cổ Bi"))

    offers = rows_of(client.get(reverse("portal:export_list", args=["offers", "csv"])), "csv")
    support = rows_of(client.get(reverse("portal:export_list", args=["support", "xlsx"])), "xlsx")

    assert sorted(row[4] for row in offers[1:]) == ["Nhà A", "Nhà B"]
    assert len(support) == 2
    assert support[1][5] == "Cổ Bi"


def test_exporting_handovers_logs_each_student_as_exported(
    client, coordinator_2fa, volunteer, leader, teacher, school, team
):
    student = approved(teacher, leader, school, full_name="Lò Thị Hiền")
    handed_over(volunteer, student, team)
    client.force_login(coordinator_2fa)

    rows = rows_of(client.get(reverse("portal:export_list", args=["handovers", "csv"])), "csv")

    assert rows[1][1] == "Lò Thị Hiền"
    assert StudentAccess.objects.filter(
        student=student, actor=coordinator_2fa, action=StudentAccess.Action.EXPORTED
    ).exists()


def test_a_coordinator_without_two_factor_cannot_export_students(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("portal:export_list", args=["handovers", "xlsx"]))

    assert response.status_code == 302
    assert "2fa" in response["Location"]
    assert not AuditEvent.objects.filter(action="list_exported").exists()


def test_a_cell_that_looks_like_a_formula_stays_text(client, volunteer, team):
    received(volunteer, team, brand='=HYPERLINK("http://x")')
    client.force_login(volunteer)

    rows = rows_of(client.get(reverse("portal:export_list", args=["devices", "csv"])), "csv")

    assert rows[1][2] == '\'=HYPERLINK("http://x")'


def test_an_unknown_list_or_format_is_not_found(client, volunteer):
    client.force_login(volunteer)

    assert client.get(reverse("portal:export_list", args=["students", "csv"])).status_code == 404
    assert client.get(reverse("portal:export_list", args=["devices", "pdf"])).status_code == 404


def test_a_csv_is_sent_in_chunks_as_it_is_written_byte_for_byte_as_before(
    client, volunteer, team, monkeypatch
):
    devices = [received(volunteer, team, brand=brand) for brand in ("Asus", "Dell", "HP")]
    monkeypatch.setattr(exports, "CSV_ROWS_PER_CHUNK", 2)
    client.force_login(volunteer)

    response = client.get(reverse("portal:export_list", args=["devices", "csv"]))

    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    assert len(chunks) == 2  # the title and 1 device, then 2 devices
    header = "Mã tài sản,Loại,Hãng,Mẫu máy,Tình trạng,Đội tiếp nhận,Nơi tiếp nhận,Tiếp nhận lúc"
    lines = [
        ",".join(
            [
                device.asset_code,
                device.get_kind_display(),
                device.brand,
                device.model_name,
                device.get_status_display(),
                device.team.name,
                device.commune.name,
                exports._when(device.received_at),
            ]
        )
        for device in sorted(devices, key=lambda device: device.asset_code)
    ]
    assert b"".join(chunks) == ("\ufeff" + "\r\n".join([header, *lines]) + "\r\n").encode()


def test_a_workbook_is_sent_from_a_file_with_its_length(client, volunteer, team):
    received(volunteer, team)
    client.force_login(volunteer)

    response = client.get(reverse("portal:export_list", args=["devices", "xlsx"]))

    assert isinstance(response, FileResponse)
    content = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(content)
    assert content.startswith(b"PK")
    assert response["Content-Disposition"].startswith('attachment; filename="devices-')
