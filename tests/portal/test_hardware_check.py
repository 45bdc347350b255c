"""From snapshot to verdict: the device page offers the capture, a saved report uploads by
hand, and the spec check opens filled from the latest snapshot so the volunteer only confirms
what no capture can try; the verdict is the same judge's."""

import hashlib
import re
from datetime import timedelta
from decimal import Decimal

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal import specs
from portal.hardware import scripts
from portal.models import CaptureToken, DeviceStatus, HardwareSnapshot
from portal.services.devices import repair_record
from portal.services.hardware import capture_token_device, snapshot_receive
from tests.factories.devices import checked, received, wiped
from tests.portal.hardware_documents import as_bytes, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def laptop(volunteer, team):
    return received(volunteer, team, serial="7XK2Q52")


def _upload_by_hand(client, device, document) -> object:
    upload = SimpleUploadedFile("maytinhcu.json", as_bytes(document), "application/json")
    return client.post(
        reverse("portal:device_snapshot_upload", args=[device.pk]), {"file": upload}, follow=True
    )


def browser_submits(response, **confirmed) -> dict:
    """What a browser sends for the form as the page filled it, plus what the volunteer
    ticked or typed (`confirmed`)."""
    form = response.context["form"]
    data: dict = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, False, "", []):
            continue
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        else:
            data[name] = "on" if value is True else str(value)
    for name, value in confirmed.items():
        data[name] = [*data.get(name, []), *value] if isinstance(value, list) else value
    return data


def check_as_filled(client, device) -> None:
    """The spec check submitted as the snapshot filled it, with only what a person confirms
    on a laptop: the screen and keyboard work, the charger is there."""
    opened = client.get(reverse("portal:device_check", args=[device.pk]))
    client.post(
        reverse("portal:device_check", args=[device.pk]),
        browser_submits(opened, working_parts=["screen", "keyboard"], has_charger="on"),
    )


def test_the_device_page_offers_the_automatic_check(client, volunteer, laptop):
    client.force_login(volunteer)

    page = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()

    assert "Kiểm tra tự động" in page
    assert reverse("portal:device_capture_script", args=[laptop.pk]) in page
    assert reverse("portal:device_snapshot_upload", args=[laptop.pk]) in page
    assert "Chưa nhận báo cáo phần cứng nào." in page


def test_the_phone_button_gives_a_one_time_link_and_its_qr_code(client, volunteer, team):
    phone = received(volunteer, team, kind="phone")
    client.force_login(volunteer)

    response = client.post(reverse("portal:device_capture_phone", args=[phone.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page
    token = CaptureToken.objects.get(device=phone)
    assert token.platform == "phone"
    link = page.split('href="', 2)[-1]  # not the token: only its hash is stored
    assert "/portal/hardware/phone/" in page
    assert capture_token_device(link.split("/portal/hardware/phone/")[1].split("/")[0]) == phone


def test_a_saved_report_uploaded_by_hand_is_listed_on_the_device_page(client, volunteer, laptop):
    client.force_login(volunteer)

    response = _upload_by_hand(client, laptop, snapshot(laptop.asset_code))

    page = response.content.decode()
    assert "Đã nhận báo cáo phần cứng" in page
    assert "maytinhcu-capture.ps1 1.0.0" in page
    assert HardwareSnapshot.objects.get(device=laptop).uploaded_by == volunteer


def test_the_same_file_uploaded_by_hand_twice_is_kept_once(client, volunteer, laptop):
    client.force_login(volunteer)
    _upload_by_hand(client, laptop, snapshot(laptop.asset_code))

    response = _upload_by_hand(client, laptop, snapshot(laptop.asset_code))

    assert "đã nhận trước đó" in response.content.decode()
    assert HardwareSnapshot.objects.filter(device=laptop).count() == 1


def test_a_broken_file_uploaded_by_hand_says_why_at_the_top_of_the_form(client, volunteer, laptop):
    client.force_login(volunteer)
    upload = SimpleUploadedFile("hong.json", b"{not json", "application/json")

    response = client.post(
        reverse("portal:device_snapshot_upload", args=[laptop.pk]), {"file": upload}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "không đọc được JSON" in page
    assert page.index("error-summary") < page.index('type="file"')
    assert not HardwareSnapshot.objects.exists()


def test_another_teams_volunteer_cannot_upload_for_the_device(client, laptop, other_team):
    from tests.factories import MembershipFactory

    outsider = MembershipFactory(team=other_team).person
    client.force_login(outsider)

    response = _upload_by_hand(client, laptop, snapshot(laptop.asset_code))

    assert response.status_code == 404
    assert not HardwareSnapshot.objects.exists()


def test_the_documented_path_upload_open_the_check_confirm_and_get_the_verdict(
    client, volunteer, leader, laptop
):
    """Upload a snapshot, open the check, tick only what no capture can try."""
    wiped(volunteer, laptop, verified_by=leader)
    client.force_login(volunteer)
    _upload_by_hand(client, laptop, snapshot(laptop.asset_code))

    opened = client.get(reverse("portal:device_check", args=[laptop.pk]))
    page = opened.content.decode()
    assert page.count("Đo tự động.") >= 5  # OS, version, CPU, clock, RAM, disk, parts, battery
    assert "Bạn vẫn phải tự kiểm tra và xác nhận:" in page
    assert "Bộ phận hoạt động tốt: màn hình, bàn phím, tai nghe" in page
    sent = client.post(
        reverse("portal:device_check", args=[laptop.pk]),
        browser_submits(opened, working_parts=["screen", "keyboard"], has_charger="on"),
    )

    assert sent.status_code == 302
    laptop.refresh_from_db()
    check = laptop.latest_check
    assert check.result != "fail", check.failures
    assert laptop.status == DeviceStatus.READY
    assert check.snapshot == HardwareSnapshot.objects.get(device=laptop)
    assert check.measurements["ram_gb"] == "8.0"
    assert check.measurements["cpu_model"] == "Intel Core i5-5300U"


def test_a_snapshot_with_1_gb_of_ram_fails_with_the_ram_reason_and_advice(
    client, volunteer, laptop
):
    client.force_login(volunteer)
    _upload_by_hand(client, laptop, snapshot(laptop.asset_code, memory={"total_gb": 1.0}))
    check_as_filled(client, laptop)

    laptop.refresh_from_db()
    check = laptop.latest_check
    assert laptop.status == DeviceStatus.NEEDS_REPAIR
    assert any(reason.startswith("RAM 1") for reason in check.failures), check.failures
    assert any("Nâng RAM lên ít nhất" in line for line in check.advice), check.advice
    page = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()
    assert "Nâng RAM lên ít nhất" in page


def test_the_differences_from_the_record_are_shown_above_the_form(
    client, volunteer, leader, laptop
):
    wiped(volunteer, laptop, verified_by=leader)
    client.force_login(volunteer)
    _upload_by_hand(client, laptop, snapshot(laptop.asset_code, memory={"total_gb": 4.0}))
    check_as_filled(client, laptop)
    later = snapshot(
        laptop.asset_code,
        captured_at=timezone.localtime().isoformat(),
        system={"manufacturer": "Dell", "model": "Latitude E7450", "serial": "9ZZ1111"},
    )
    snapshot_receive(actor=volunteer, device=laptop, data=as_bytes(later))
    laptop.refresh_from_db()
    laptop.status = DeviceStatus.CHECKING  # a re-check, as after a repair
    laptop.save(update_fields=["status"])

    page = client.get(reverse("portal:device_check", args=[laptop.pk])).content.decode()

    assert "RAM đo được 8 GB, lần kiểm tra trước ghi 4 GB" in page
    assert "Số serial máy báo" in page
    assert page.index("Số serial máy báo") < page.index('class="form"')


def test_a_capture_from_before_a_repair_no_longer_fills_the_check(client, volunteer, laptop):
    client.force_login(volunteer)
    _upload_by_hand(client, laptop, snapshot(laptop.asset_code, memory={"total_gb": 1.0}))
    check_as_filled(client, laptop)
    laptop.refresh_from_db()
    repair_record(actor=volunteer, device=laptop, fields={"actions": ["ram_upgraded"]})

    page = client.get(reverse("portal:device_check", args=[laptop.pk])).content.decode()

    assert "Điền sẵn từ báo cáo phần cứng" not in page
    assert "Đo tự động." not in page
    # Run again after the repair, the script's capture fills the check once more.
    later = snapshot(
        laptop.asset_code, captured_at=timezone.localtime().isoformat(), memory={"total_gb": 4.0}
    )
    snapshot_receive(actor=volunteer, device=laptop, data=as_bytes(later))
    page = client.get(reverse("portal:device_check", args=[laptop.pk])).content.decode()
    assert "Điền sẵn từ báo cáo phần cứng" in page
    assert "RAM đo được 4 GB, lần kiểm tra trước ghi 1 GB" in page


def test_a_phone_snapshots_approximate_values_are_marked(client, volunteer, team):
    phone = received(volunteer, team, kind="phone")
    client.force_login(volunteer)
    document = snapshot(
        phone.asset_code,
        tool={"name": "maytinhcu-phone", "version": "1.0.0"},
        system=None,
        cpu=None,
        disks=[],
        battery=None,
        os={"name": "Android", "version": "4.2.2"},
        memory={"total_gb": 1.0},
        parts={"webcam": True, "microphone": True},
        approximate=["ram_gb"],
    )
    _upload_by_hand(client, phone, document)

    page = client.get(reverse("portal:device_check", args=[phone.pk])).content.decode()

    assert "Đo tự động, ước tính: hãy xem lại." in page
    assert 'value="4.2.2"' in page


def test_a_part_the_capture_could_not_read_is_left_for_the_volunteer(
    client, volunteer, leader, laptop
):
    wiped(volunteer, laptop, verified_by=leader)
    client.force_login(volunteer)
    # A live USB without the sound driver: it saw the camera and the Wi-Fi, nothing of sound.
    _upload_by_hand(
        client,
        laptop,
        snapshot(
            laptop.asset_code,
            parts={"webcam": True, "wifi": True, "speaker": None, "microphone": None},
        ),
    )

    opened = client.get(reverse("portal:device_check", args=[laptop.pk]))

    form = opened.context["form"]
    assert form.initial["working_parts"] == ["webcam"]
    assert form.fields["working_parts"].help_text.startswith("Đo tự động: webcam.")
    assert "Bộ phận hoạt động tốt: màn hình, bàn phím, loa, tai nghe, micro" in form.to_confirm
    # Ticked by the volunteer after trying them, the laptop passes.
    client.post(
        reverse("portal:device_check", args=[laptop.pk]),
        browser_submits(
            opened,
            working_parts=["screen", "keyboard", "speaker", "microphone"],
            has_charger="on",
        ),
    )
    laptop.refresh_from_db()
    assert laptop.latest_check.failures == []


def test_the_capture_that_ran_last_fills_the_check_whatever_the_machines_clock_says(
    client, volunteer, laptop
):
    client.force_login(volunteer)
    # A machine whose clock says 2099 sent a report first; the script run again today is
    # the one that counts.
    wrong_clock = snapshot(
        laptop.asset_code, captured_at="2099-01-01T08:00:00+07:00", memory={"total_gb": 2.0}
    )
    snapshot_receive(actor=volunteer, device=laptop, data=as_bytes(wrong_clock))
    today = timezone.localtime().isoformat()
    snapshot_receive(
        actor=volunteer,
        device=laptop,
        data=as_bytes(snapshot(laptop.asset_code, captured_at=today, memory={"total_gb": 8.0})),
    )

    form = client.get(reverse("portal:device_check", args=[laptop.pk])).context["form"]

    assert form.initial["ram_gb"] == Decimal("8.0")


def test_a_report_saved_before_a_repair_and_uploaded_after_it_does_not_fill_the_check(
    client, volunteer, laptop
):
    client.force_login(volunteer)
    captured = timezone.localtime() - timedelta(hours=3)
    checked(volunteer, laptop, specs.Measurements(ram_gb=Decimal(1)))  # fails: needs new RAM
    repair_record(actor=volunteer, device=laptop, fields={"actions": ["ram_upgraded"]})
    # The file the script saved offline before the new RAM went in, uploaded now.
    saved = snapshot(laptop.asset_code, captured_at=captured.isoformat())
    snapshot_receive(actor=volunteer, device=laptop, data=as_bytes(saved))

    page = client.get(reverse("portal:device_check", args=[laptop.pk])).content.decode()

    assert "Điền sẵn từ báo cáo phần cứng" not in page


def test_a_long_name_read_right_does_not_stop_the_check(client, volunteer, leader, laptop):
    wiped(volunteer, laptop, verified_by=leader)
    client.force_login(volunteer)
    long_version = "10.0.19045 Microsoft Windows 10 Pro N for Workstations"
    _upload_by_hand(
        client, laptop, snapshot(laptop.asset_code, os={"name": "Windows", "version": long_version})
    )
    opened = client.get(reverse("portal:device_check", args=[laptop.pk]))

    sent = client.post(
        reverse("portal:device_check", args=[laptop.pk]),
        browser_submits(opened, working_parts=["screen", "keyboard"], has_charger="on"),
    )

    assert sent.status_code == 302
    laptop.refresh_from_db()
    assert laptop.latest_check.measurements["os_version"] == long_version[:30]
    assert laptop.status == DeviceStatus.READY


@pytest.mark.parametrize(("platform", "suffix"), [("windows", ".ps1"), ("linux", ".sh")])
def test_each_download_is_the_published_script_with_a_fresh_token_of_its_own(
    client, volunteer, laptop, platform, suffix
):
    client.force_login(volunteer)
    page = client.get(reverse("portal:device_detail", args=[laptop.pk])).content.decode()
    published = scripts.published(platform)
    assert published.sha256 in page

    first, second = (
        client.post(
            reverse("portal:device_capture_script", args=[laptop.pk]), {"platform": platform}
        )
        for _ in range(2)
    )

    assert (
        first["Content-Disposition"]
        == f'attachment; filename="maytinhcu-{laptop.asset_code}{suffix}"'
    )
    body = first.content
    assert hashlib.sha256(scripts.published_part(body)).hexdigest() == published.sha256
    tokens = [
        re.search(rb"MTC_TOKEN ?= ?'([A-Za-z0-9_-]+)'", reply.content)[1]
        for reply in (first, second)
    ]
    assert tokens[0] != tokens[1]
    assert all(capture_token_device(token.decode()) == laptop for token in tokens)
    assert b"/portal/hardware/upload/" in body
