"""A capture only where it makes sense: a device that holds data, that the program still
keeps, read the way its kind allows (a script on a computer, the phone page on a phone or a
tablet); a phone's rounded memory raises no false alarm; the phone page reloaded after
sending says it is done."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import CaptureToken, DeviceStatus, HardwareSnapshot
from portal.selectors.hardware import snapshot_differences
from portal.services.hardware import capture_token_issue, snapshot_receive
from tests.factories.devices import BROKEN_PHONE, GOOD_LAPTOP, checked, received
from tests.factories.students import approved, handed_over
from tests.portal.hardware_documents import as_bytes, post, snapshot

pytestmark = pytest.mark.django_db


def _phone_document(code: str, ram_gb: float, *, approximate: bool) -> dict:
    return snapshot(
        code,
        tool={"name": "maytinhcu-phone", "version": "1.0.0"},
        system=None,
        cpu=None,
        disks=[],
        battery=None,
        os={"name": "Android", "version": "12"},
        memory={"total_gb": ram_gb},
        parts={"webcam": True, "microphone": True},
        approximate=["ram_gb"] if approximate else [],
    )


def _detail(client, device) -> str:
    return client.get(reverse("portal:device_detail", args=[device.pk])).content.decode()


def test_a_sim_gets_no_script_no_qr_code_and_no_upload_page(client, volunteer, team):
    sim = received(volunteer, team, kind="sim")
    client.force_login(volunteer)

    answers = [
        client.post(
            reverse("portal:device_capture_script", args=[sim.pk]),
            {"platform": "windows"},
            follow=True,
        ),
        client.post(reverse("portal:device_capture_phone", args=[sim.pk]), follow=True),
        client.get(reverse("portal:device_snapshot_upload", args=[sim.pk]), follow=True),
    ]

    for answer in answers:
        assert answer.redirect_chain[-1][0].startswith(
            reverse("portal:device_detail", args=[sim.pk])
        )
        assert "không có phần cứng chứa dữ liệu để kiểm tra tự động" in answer.content.decode()
        assert answer.get("Content-Disposition") is None
    assert not CaptureToken.objects.filter(device=sim).exists()
    page = _detail(client, sim)
    assert reverse("portal:device_capture_script", args=[sim.pk]) not in page
    assert reverse("portal:device_snapshot_upload", args=[sim.pk]) not in page


def test_a_sims_old_token_cannot_send_a_laptop_report(client, volunteer, team):
    """A token issued while the device was typed as a laptop, then corrected to a SIM."""
    device = received(volunteer, team)
    token = capture_token_issue(actor=volunteer, device=device, platform="windows")
    type(device).objects.filter(pk=device.pk).update(kind="sim")

    response = post(client, as_bytes(snapshot(device.asset_code)), token)

    assert response.status_code == 400
    assert "không kiểm tra tự động" in response.json()["error"]
    assert not HardwareSnapshot.objects.filter(device=device).exists()


def test_a_handed_over_device_has_no_upload_page(client, volunteer, team, teacher, leader, school):
    handover = handed_over(volunteer, approved(teacher, leader, school), team)
    device = handover.device
    device.refresh_from_db()
    assert device.status == DeviceStatus.HANDED_OVER
    client.force_login(volunteer)

    upload = client.get(reverse("portal:device_snapshot_upload", args=[device.pk]), follow=True)

    assert "chỉ nhận báo cáo phần cứng cho thiết bị chương trình đang giữ" in (
        upload.content.decode()
    )
    assert upload.redirect_chain[-1][0].startswith(
        reverse("portal:device_detail", args=[device.pk])
    )
    assert reverse("portal:device_snapshot_upload", args=[device.pk]) not in _detail(client, device)


def test_a_laptop_page_offers_the_scripts_and_no_qr_code(client, volunteer, team):
    laptop = received(volunteer, team)
    client.force_login(volunteer)

    page = _detail(client, laptop)
    qr = client.post(reverse("portal:device_capture_phone", args=[laptop.pk]), follow=True)

    assert reverse("portal:device_capture_script", args=[laptop.pk]) in page
    assert reverse("portal:device_capture_phone", args=[laptop.pk]) not in page
    assert "không kiểm tra tự động bằng cách này" in qr.content.decode()
    assert 'class="capture-qr"' not in qr.content.decode()
    assert not CaptureToken.objects.filter(device=laptop).exists()


@pytest.mark.parametrize("kind", ["phone", "tablet"])
def test_a_phone_page_offers_the_qr_code_and_no_script(client, volunteer, team, kind):
    phone = received(volunteer, team, kind=kind)
    client.force_login(volunteer)

    page = _detail(client, phone)
    script = client.post(
        reverse("portal:device_capture_script", args=[phone.pk]),
        {"platform": "windows"},
        follow=True,
    )

    assert reverse("portal:device_capture_phone", args=[phone.pk]) in page
    assert reverse("portal:device_capture_script", args=[phone.pk]) not in page
    assert "không kiểm tra tự động bằng cách này" in script.content.decode()
    assert script.get("Content-Disposition") is None
    assert not CaptureToken.objects.filter(device=phone).exists()


def test_a_phone_may_still_upload_a_saved_report_by_hand(client, volunteer, team):
    phone = received(volunteer, team, kind="phone")
    client.force_login(volunteer)
    upload = SimpleUploadedFile(
        "maytinhcu.json", as_bytes(_phone_document(phone.asset_code, 2, approximate=True))
    )

    response = client.post(
        reverse("portal:device_snapshot_upload", args=[phone.pk]), {"file": upload}, follow=True
    )

    assert "Đã nhận báo cáo phần cứng" in response.content.decode()


def test_a_script_token_does_not_open_the_phone_page(client, volunteer, team):
    laptop = received(volunteer, team)
    token = capture_token_issue(actor=volunteer, device=laptop, platform="windows")

    response = client.get(reverse("portal:phone_capture", args=[token]))

    assert response.status_code == 404
    assert laptop.asset_code not in response.content.decode()


def test_the_phone_page_reloaded_after_sending_says_it_is_done(client, volunteer, team):
    phone = received(volunteer, team, kind="phone")
    token = capture_token_issue(actor=volunteer, device=phone, platform="phone")
    post(client, as_bytes(_phone_document(phone.asset_code, 2, approximate=True)), token)

    response = client.get(reverse("portal:phone_capture", args=[token]))

    page = response.content.decode()
    assert response.status_code == 200
    assert f"Đã gửi xong thông tin của máy {phone.asset_code}. Bạn có thể đóng trang này." in page
    assert "Android" not in page  # nothing of what was sent
    assert "data-capture-button" not in page
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_phones_rounded_memory_is_no_difference(volunteer, team):
    """Chrome reports a 6 GB phone as 8 GB (a power of two, at most 8)."""
    phone = checked(volunteer, received(volunteer, team, kind="phone"), BROKEN_PHONE)
    stored, _created = snapshot_receive(
        actor=volunteer,
        device=phone,
        data=as_bytes(_phone_document(phone.asset_code, 8, approximate=True)),
    )

    assert snapshot_differences(volunteer, phone, stored) == []


def test_a_phones_exact_memory_that_differs_asks_about_the_phone_not_a_ram_module(volunteer, team):
    phone = checked(volunteer, received(volunteer, team, kind="phone"), BROKEN_PHONE)
    stored, _created = snapshot_receive(
        actor=volunteer,
        device=phone,
        data=as_bytes(_phone_document(phone.asset_code, 3, approximate=False)),
    )

    lines = snapshot_differences(volunteer, phone, stored)

    assert lines == ["RAM đo được 3 GB, lần kiểm tra trước ghi 1 GB: hãy xem có nhầm máy không."]


def test_a_laptops_memory_that_differs_still_asks_about_a_ram_module(volunteer, team):
    laptop = checked(volunteer, received(volunteer, team), GOOD_LAPTOP)
    laptop.status = DeviceStatus.CHECKING  # a re-check, as after a repair
    laptop.save(update_fields=["status"])
    stored, _created = snapshot_receive(
        actor=volunteer, device=laptop, data=as_bytes(snapshot(laptop.asset_code))
    )

    lines = snapshot_differences(volunteer, laptop, stored)

    assert any("thanh RAM bị tháo" in line for line in lines)
