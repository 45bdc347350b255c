"""The coordinator's progress report: built by a task from the month's counters, its totals
equal to the records, by commune and team against the targets, as .xlsx and a printable
page, and without a single student's name."""

import io
import re
from datetime import date, timedelta
from uuid import uuid4

import pytest
from openpyxl import load_workbook

from django.urls import reverse
from django.utils import timezone

from portal.models import Area, Device, Handover, Report, SupportRequest, TrainingSession
from portal.selectors.report import months_between
from portal.services.counters import month_of
from portal.services.reports import report_build
from portal.services.support import support_respond
from tests.factories import UserFactory
from tests.factories.desk import requested
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.students import approved, handed_over
from tests.factories.teams import commune, country, second_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_of_work(volunteer, leader, coordinator, teacher, school, team, other_team):
    """A month in two communes: devices in, checks, two handovers, support, no names out."""
    for kind in ("laptop", "phone", "phone"):
        received(volunteer, team, kind=kind)
    received(coordinator, other_team)
    for name in ("Lò Thị Hiền", "Vàng Văn Páo"):
        laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
        handed_over(
            volunteer, approved(teacher, leader, school, full_name=name), team, device=laptop
        )
    # Asked three hours ago, but never before the month began (in Hà Nội time), so the
    # first hours of a month still count it in this month.
    month_began = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    asked = max(timezone.now() - timedelta(hours=3), month_began)
    answered = requested(commune("Bát Tràng"), now=asked)
    support_respond(actor=volunteer, request=answered, text="Đã gọi")
    requested(commune("Cổ Bi"))
    return month_of(timezone.now())


def request_report(client, first, last):
    page = client.get(reverse("portal:report_list")).content.decode()
    key = re.search(r'name="form_key" value="([^"]+)"', page)[1]
    # By the 2021 communes, the ones the fixtures' records were made under.
    data = {"form_key": key, "first_month": first, "last_month": last, "map": "2021"}
    return client.post(reverse("portal:report_list"), data), data


def test_the_months_between_two_months_cross_the_year():
    assert months_between("2025-11", "2026-02") == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_a_report_says_what_the_records_say(
    client, coordinator, month_of_work, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response, data = request_report(client, month_of_work, month_of_work)
        client.post(reverse("portal:report_list"), data)  # the same form again

    report = Report.objects.get()  # one report for a double-tap
    assert response["Location"] == reverse("portal:report_detail", args=[report.pk])
    assert report.status == Report.Status.DONE
    assert report.percent == 100
    lines = {line["key"]: line["value"] for line in report.data["lines"]}
    assert lines["devices_received"] == Device.objects.count() == 6
    assert lines["devices_received:phone"] == Device.objects.filter(kind="phone").count() == 2
    assert lines["devices_checked"] == Device.objects.filter(checks__isnull=False).count() == 2
    assert lines["devices_handed_over"] == Handover.objects.count() == 2
    assert lines["students_reached"] == 2
    assert lines["support_requests"] == SupportRequest.objects.count() == 2
    assert lines["support_kept"] == 1
    assert report.data["support"]["percent"] == 100
    assert lines["training_sessions"] == TrainingSession.objects.count() == 0
    bat_trang = next(row for row in report.data["communes"] if row["name"] == "Bát Tràng")
    assert (bat_trang["devices_received"], bat_trang["devices_handed_over"]) == (5, 2)
    assert bat_trang["label"] == "Xã Bát Tràng"
    team_row = next(
        row for row in report.data["teams"] if row["name"] == "Tổ Thanh niên IT xã Bát Tràng"
    )
    assert (team_row["handed_over"], team_row["target"], team_row["met"]) == (2, 2, True)
    other = next(row for row in report.data["teams"] if row["name"] == "Tổ Thanh niên IT xã Cổ Bi")
    assert other["met"] is False


def test_the_printable_page_and_the_workbook_carry_the_figures_but_no_name(
    client, coordinator, month_of_work, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        request_report(client, month_of_work, month_of_work)
    report = Report.objects.get()

    page = client.get(reverse("portal:report_detail", args=[report.pk])).content.decode()
    download = client.get(reverse("portal:report_download", args=[report.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))

    assert "Huyện đoàn Gia Lâm" in page
    assert "Thiết bị đã tiếp nhận" in page
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row}
    assert summary["Thiết bị đã tiếp nhận"] == 6
    assert summary["Thiết bị đã trao tặng"] == 2
    assert {"Tổng hợp", "Theo xã", "Theo tổ"} <= set(book.sheetnames)
    cells = " ".join(
        str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
    )
    for name in ("Hiền", "Páo", "Trần Thị Lan"):
        assert name not in page
        assert name not in cells


def test_a_long_period_is_built_month_by_month_with_progress(coordinator, month_of_work):
    report = Report.objects.create(
        area=coordinator.coordinated_area,
        first_month="2025-12",
        last_month=month_of_work,
        requested_by=coordinator,
    )
    report_build(report)
    report.refresh_from_db()

    assert report.months_total == len(months_between("2025-12", month_of_work)) >= 11
    assert report.months_done == report.months_total
    assert report.finished
    lines = {line["key"]: line["value"] for line in report.data["lines"]}
    assert lines["devices_received"] == 6  # the earlier months add nothing
    # Built again (a re-queued task): the same figures, one file.
    first_file = report.file.name
    report_build(report)
    report.refresh_from_db()
    assert {line["key"]: line["value"] for line in report.data["lines"]} == lines
    assert report.file.storage.exists(report.file.name)
    assert report.file.name == first_file or not report.file.storage.exists(first_file)


def test_a_period_that_ends_before_it_starts_is_refused_in_vietnamese(client, coordinator):
    client.force_login(coordinator)
    response, _data = request_report(client, "2026-10", "2026-08")

    assert "Tháng kết thúc phải sau tháng bắt đầu" in response.content.decode()
    assert not Report.objects.exists()


def test_the_report_on_the_demo_site_matches_the_database(coordinator):
    """The check an operator makes: a year's report on the demo data, against the tables."""
    from django.core.management import call_command

    from portal.models import Area, Commendation, Offer, SpecCheck, Student

    call_command("load_initial_data", verbosity=0)
    today = timezone.localdate()
    first = months_between(f"{today.year - 1:04d}-{today.month:02d}", month_of(today))[1]
    district = Area.objects.get(kind="district", name="Gia Lâm")
    report = Report.objects.create(
        area=district,
        first_month=first,
        last_month=month_of(today),
        requested_by=coordinator,
        map="2021",
    )

    data = report_build(report).data

    lines = {line["key"]: line["value"] for line in data["lines"]}
    start = date.fromisoformat(f"{first}-01")
    active = Handover.objects.filter(returned_on__isnull=True, handed_on__gte=start)
    # The district's records only: the demo's second city (Huế) has devices of its own.
    devices = Device.objects.filter(commune__path__startswith=district.path)
    checks = SpecCheck.objects.filter(device__in=devices)
    assert Device.objects.exclude(pk__in=devices).exists()
    assert lines["devices_received"] == devices.count()
    assert lines["devices_checked"] == checks.values("device").distinct().count()
    laptops = checks.filter(device__kind="laptop").values("device").distinct()
    assert lines["devices_checked:laptop"] == laptops.count() > 0
    assert lines["devices_handed_over"] == active.count() > 0
    assert lines["sims_given"] == active.exclude(sim=None).count()
    assert lines["students_verified"] == Student.objects.exclude(verified_at=None).count()
    assert lines["training_sessions"] == TrainingSession.objects.count()
    assert lines["support_requests"] == SupportRequest.objects.count() == 5
    assert data["coverage"] == {"covered": 13, "total": 22}
    assert Offer.objects.exists()
    assert Commendation.objects.exists()


def test_the_printable_page_is_an_official_report_with_dates_written_out(
    client, coordinator, gia_lam
):
    """Heading of a Vietnamese administrative report; dates and months as words; the area by
    its own level ("huyện"), not the generic "Quận / huyện"."""
    report = Report.objects.create(
        area=gia_lam, first_month="2026-08", last_month="2026-10", requested_by=coordinator
    )
    report_build(report)
    report.data["generated_at"] = "2026-11-30T00:56:32+00:00"
    report.finished_at = timezone.make_aware(timezone.datetime(2026, 11, 30, 8, 0))
    report.save()
    client.force_login(coordinator)

    page = client.get(reverse("portal:report_detail", args=[report.pk])).content.decode()
    listing = client.get(reverse("portal:report_list")).content.decode()

    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in page
    assert "Độc lập - Tự do - Hạnh phúc" in page
    assert "Thành đoàn Hà Nội" in page
    assert "Huyện đoàn Gia Lâm" in page
    assert "Hà Nội, ngày 30 tháng 11 năm 2026" in page
    assert "từ tháng 8 năm 2026 đến tháng 10 năm 2026" in page
    assert "lúc 07:56 ngày 30 tháng 11 năm 2026" in page
    for raw in ("2026-11-30T", "2026-08", "Quận / huyện"):
        assert raw not in page
    assert "Huyện Gia Lâm · tháng 8 năm 2026 – tháng 10 năm 2026" in listing
    assert str(gia_lam) == "Huyện Gia Lâm"
    assert str(gia_lam.get_parent()) == "Thành phố Hà Nội"


def test_a_coordinator_of_two_cities_reports_on_either_and_nowhere_else(client):
    """The report asks which of the coordinator's areas it is for (the appointed one by
    default); an area they do not run is refused, and no report is made."""
    country()
    hue = second_city()
    ha_noi = Area.objects.get(kind=Area.Kind.CITY, name="Hà Nội")
    person = UserFactory(coordinated_area=ha_noi, groups=["Điều phối viên"])
    person.coordinated_areas.add(hue)
    client.force_login(person)
    month = timezone.localdate().strftime("%Y-%m")
    sent = {"first_month": month, "last_month": month}

    page = client.get(reverse("portal:report_list")).content.decode()
    client.post(reverse("portal:report_list"), {**sent, "area": hue.pk, "form_key": uuid4()})
    client.post(reverse("portal:report_list"), {**sent, "form_key": uuid4()})
    refused = client.post(
        reverse("portal:report_list"),
        {**sent, "area": commune("Bát Tràng").pk, "form_key": uuid4()},
    )

    assert "Thành phố Huế" in page
    assert sorted(Report.objects.values_list("area__name", flat=True)) == ["Huế", "Hà Nội"]
    assert refused.status_code == 200  # shown again with the choice's error, nothing queued
    assert "Có lỗi cần sửa" in refused.content.decode()
