"""A capture that ran the data wipe brings its own report: the wipe form opens filled from
it, and the record names it as evidence; two people still sign as before."""

from datetime import date, timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from portal.models import DataWipe, HardwareSnapshot
from portal.selectors.hardware import wipe_evidence
from portal.selectors.tracking import wipe_words
from portal.services.handovers import handover_return
from portal.services.hardware import snapshot_receive
from tests.factories.devices import GOOD_LAPTOP, checked, received
from tests.factories.students import approved, handed_over
from tests.portal.hardware_documents import as_bytes, snapshot

pytestmark = pytest.mark.django_db

NWIPE = {
    "method": "clear",
    "tool": "nwipe 0.34",
    "started_at": "2026-11-29T18:00:00+07:00",
    "finished_at": "2026-11-29T20:30:00+07:00",
    "disks": [{"serial": "S3Z1NB0K", "model": "Samsung SSD 850", "result": "ok"}],
}


def _captured(volunteer, device, wipe, **sections):
    """The capture as the script sends it, run now unless `sections` say when."""
    sections.setdefault("captured_at", timezone.now().isoformat())
    snapshot_receive(
        actor=volunteer,
        device=device,
        data=as_bytes(snapshot(device.asset_code, wipe=wipe, **sections)),
    )
    return HardwareSnapshot.objects.filter(device=device).latest("received_at")


def test_the_wipe_form_opens_filled_from_the_wiping_tools_report_and_the_record_names_it(
    client, volunteer, leader, team
):
    laptop = received(volunteer, team)
    evidence = _captured(volunteer, laptop, NWIPE)
    client.force_login(volunteer)

    opened = client.get(reverse("portal:device_wipe", args=[laptop.pk]))
    form = opened.context["form"]
    assert form["method"].value() == "nist_clear"
    assert form["tool"].value() == "nwipe 0.34"
    assert str(form["wiped_on"].value()) == "2026-11-29"
    assert "Điền sẵn từ báo cáo của công cụ xoá nwipe 0.34" in opened.content.decode()

    client.post(
        reverse("portal:device_wipe", args=[laptop.pk]),
        {
            "form_key": form["form_key"].value(),
            "method": "nist_clear",
            "tool": "nwipe 0.34",
            "wiped_on": "2026-11-29",
            "verified_by": leader.pk,
            "evidence": evidence.pk,
        },
    )

    wipe = DataWipe.objects.get(device=laptop)
    assert wipe.evidence == evidence
    assert (wipe.wiped_by, wipe.verified_by) == (volunteer, leader)


def test_a_wipe_that_failed_on_a_disk_is_no_evidence(client, volunteer, team):
    laptop = received(volunteer, team)
    _captured(volunteer, laptop, {**NWIPE, "disks": [{"serial": "S3Z1NB0K", "result": "failed"}]})
    client.force_login(volunteer)

    opened = client.get(reverse("portal:device_wipe", args=[laptop.pk]))

    assert opened.context["form"]["tool"].value() is None
    assert "Điền sẵn từ báo cáo" not in opened.content.decode()


def test_another_devices_report_is_refused_as_evidence(client, volunteer, leader, team):
    laptop, other = received(volunteer, team), received(volunteer, team)
    foreign = _captured(volunteer, other, NWIPE)
    client.force_login(volunteer)
    opened = client.get(reverse("portal:device_wipe", args=[laptop.pk]))

    client.post(
        reverse("portal:device_wipe", args=[laptop.pk]),
        {
            "form_key": opened.context["form"]["form_key"].value(),
            "method": "nist_clear",
            "tool": "nwipe 0.34",
            "wiped_on": "2026-11-29",
            "verified_by": leader.pk,
            "evidence": foreign.pk,
        },
    )

    assert not DataWipe.objects.filter(device=laptop).exists()


def test_the_donors_certificate_names_the_wiping_tools_report():
    with_evidence = wipe_words(date(2026, 11, 29), "nist_clear", "nwipe 0.34")
    without = wipe_words(date(2026, 11, 29), "nist_clear")

    assert with_evidence.endswith("; báo cáo của công cụ nwipe 0.34)")
    assert "29/11/2026" in with_evidence
    assert "báo cáo của công cụ" not in without


TWO_DISKS = [
    {"model": "Samsung SSD 850", "serial": "S3Z1NB0K", "size_gb": 250.1, "type": "ssd"},
    {"model": "WDC WD5000LPLX", "serial": "WX51A", "size_gb": 500.1, "type": "hdd"},
]


def test_a_report_that_skipped_one_of_two_disks_fills_nothing_and_names_the_disk_left(
    client, volunteer, team
):
    laptop = received(volunteer, team)
    _captured(volunteer, laptop, NWIPE, disks=TWO_DISKS)
    client.force_login(volunteer)

    opened = client.get(reverse("portal:device_wipe", args=[laptop.pk]))
    page = opened.content.decode()

    assert opened.context["form"]["tool"].value() is None
    assert "Điền sẵn từ báo cáo" not in page
    assert "chưa xoá: WDC WD5000LPLX (500,1 GB)" in page
    assert "Samsung SSD 850 (250,1 GB)" not in page


def test_without_serials_a_report_must_list_as_many_wiped_disks_as_the_machine_has(
    client, volunteer, team
):
    laptop = received(volunteer, team)
    unnamed = [{key: value for key, value in disk.items() if key != "serial"} for disk in TWO_DISKS]
    _captured(volunteer, laptop, {**NWIPE, "disks": [{"result": "ok"}]}, disks=unnamed)
    client.force_login(volunteer)

    page = client.get(reverse("portal:device_wipe", args=[laptop.pk])).content.decode()

    assert "Điền sẵn từ báo cáo" not in page
    assert "chỉ xoá 1 trong 2 ổ" in page


def test_a_report_that_wiped_both_disks_fills_the_form(client, volunteer, team):
    laptop = received(volunteer, team)
    both = {
        **NWIPE,
        "disks": [{"serial": "S3Z1NB0K", "result": "ok"}, {"serial": "wx51a", "result": "ok"}],
    }
    _captured(volunteer, laptop, both, disks=TWO_DISKS)
    client.force_login(volunteer)

    opened = client.get(reverse("portal:device_wipe", args=[laptop.pk]))

    assert opened.context["form"]["tool"].value() == "nwipe 0.34"
    assert "chưa xoá" not in opened.content.decode()


def test_the_wipe_form_warns_when_the_report_names_another_machines_serial(client, volunteer, team):
    laptop = received(volunteer, team, serial="5CG1234XYZ")
    _captured(volunteer, laptop, NWIPE)
    client.force_login(volunteer)

    page = client.get(reverse("portal:device_wipe", args=[laptop.pk])).content.decode()

    assert "Số serial máy báo (7XK2Q52) khác số serial ghi lúc tiếp nhận (5CG1234XYZ)" in page


def test_a_report_captured_before_the_intake_is_no_evidence(client, volunteer, team):
    laptop = received(volunteer, team)
    earlier = (laptop.received_at - timedelta(days=3)).isoformat()
    _captured(volunteer, laptop, NWIPE, captured_at=earlier)
    client.force_login(volunteer)

    opened = client.get(reverse("portal:device_wipe", args=[laptop.pk]))

    assert opened.context["form"]["tool"].value() is None


def test_a_clock_in_the_future_does_not_put_an_old_report_ahead_of_a_newer_one(volunteer, team):
    laptop = received(volunteer, team)
    future = (timezone.now() + timedelta(days=400)).isoformat()
    _captured(volunteer, laptop, {**NWIPE, "tool": "shred 8.32"}, captured_at=future)
    newer = _captured(volunteer, laptop, NWIPE)

    assert wipe_evidence(laptop) == newer


def test_a_report_from_before_the_device_came_back_is_no_evidence_after_the_return(
    volunteer, leader, teacher, school, team
):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    before = _captured(volunteer, laptop, NWIPE)
    handover = handed_over(volunteer, approved(teacher, leader, school), team, device=laptop)
    assert wipe_evidence(laptop) == before

    handover_return(
        actor=volunteer, handover=handover, returned_on=timezone.localdate(), reason="Chuyển trường"
    )

    assert wipe_evidence(laptop) is None
    after = _captured(volunteer, laptop, NWIPE)
    assert wipe_evidence(laptop) == after


BITLOCKER_RESET = {
    "method": "reset_encrypted",
    "tool": "Windows 10 Pro 22H2 — Reset this PC, Remove everything (BitLocker XTS-AES 128)",
    "finished_at": "2026-11-29T20:30:00+07:00",
    "disks": [{"result": "ok"}],
}


@pytest.mark.parametrize("kind", ["laptop", "desktop"])
def test_a_bitlocker_reset_fills_a_computers_form_as_a_nist_purge(client, volunteer, kind, team):
    computer = received(volunteer, team, kind=kind)
    _captured(volunteer, computer, BITLOCKER_RESET)
    client.force_login(volunteer)

    form = client.get(reverse("portal:device_wipe", args=[computer.pk])).context["form"]

    assert form["method"].value() == "nist_purge"
    assert form["tool"].value() == BITLOCKER_RESET["tool"]


def test_a_tablets_encrypted_reset_stays_a_factory_reset(client, volunteer, team):
    tablet = received(volunteer, team, kind="tablet")
    _captured(volunteer, tablet, BITLOCKER_RESET)
    client.force_login(volunteer)

    form = client.get(reverse("portal:device_wipe", args=[tablet.pk])).context["form"]

    assert form["method"].value() == "factory_reset"


def test_the_form_says_when_the_wiping_tool_ran(client, volunteer, team):
    laptop = received(volunteer, team)
    _captured(volunteer, laptop, NWIPE)
    client.force_login(volunteer)

    page = client.get(reverse("portal:device_wipe", args=[laptop.pk])).content.decode()

    assert "(chạy lúc " in page
    assert "gửi lúc" not in page
