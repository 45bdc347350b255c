"""The volunteer's day from the issue: a laptop with 1 GB of RAM and a 100 GB disk is
received, labelled, opened by its code, fails its check with the reasons and the upgrade
that would fix it, is upgraded, wiped, re-checked and passes."""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from portal.models import Counter, Device, DeviceEvent, SpecCheck
from portal.models.counters import ALL_TIME

pytestmark = pytest.mark.django_db

LAPTOP = {
    "kind": "laptop",
    "brand": "Dell",
    "model_name": "Latitude E5430",
    "serial": "5CG1234XYZ",
    "condition_notes": "Vỏ trầy, bàn phím tốt",
    "has_charger": "on",
    "donor_name": "Chị Nguyễn Thị Hoa",
    "donor_phone": "0912 000 111",
}


def figure(key, area) -> int:
    row = Counter.objects.filter(key=key, area=area, period=ALL_TIME).first()
    return row.value if row else 0


def intake(client, team, form_key="6f1c2f5e-3f2a-4d8a-9a57-0c6c4b7c2a11", **fields):
    return client.post(
        reverse("portal:device_intake"), {"team": team.pk, "form_key": form_key, **LAPTOP, **fields}
    )


def test_laptop_from_intake_to_ready(client, volunteer, leader, team, gia_lam):
    client.force_login(volunteer)

    response = intake(client, team)
    device = Device.objects.get()
    assert response["Location"] == reverse("portal:device_detail", args=[device.pk])
    assert device.asset_code == f"LT{device.pk:05d}"
    assert device.status == "received"
    assert figure("devices_received", gia_lam) == 1
    assert figure("devices_received:laptop", team.commune) == 1

    labels = client.get(reverse("portal:device_labels"), {"device": device.pk}).content.decode()
    assert device.asset_code in labels
    assert "<svg" in labels

    opened = client.get(reverse("portal:device_find"), {"code": device.asset_code.lower()})
    assert opened["Location"] == reverse("portal:device_detail", args=[device.pk])

    measurements = {
        "os_name": "windows",
        "os_version": "10",
        "cpu_model": "Intel Celeron B815",
        "cpu_ghz": "1.6",
        "ram_gb": "1",
        "disk_gb": "100",
        "has_charger": "on",
        "battery_good": "on",
        "working_parts": ["screen", "keyboard", "speaker", "microphone", "webcam"],
    }
    client.post(
        reverse("portal:device_check", args=[device.pk]),
        {"form_key": "1e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a71", **measurements},
    )
    device.refresh_from_db()
    page = client.get(reverse("portal:device_detail", args=[device.pk])).content.decode()
    assert device.status == "needs_repair"
    assert "RAM 1 GB &lt; tối thiểu 2 GB" in page
    assert "Ổ cứng 100 GB &lt; tối thiểu 120 GB" in page
    assert "Nâng RAM lên ít nhất 2 GB" in page
    assert "Thay ổ cứng từ 120 GB trở lên" in page

    client.post(
        reverse("portal:device_repair", args=[device.pk]),
        {
            "form_key": "2e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a72",
            "actions": ["ram_upgraded", "disk_upgraded"],
            "parts_used": "RAM 4 GB, SSD 240 GB",
            "parts_cost_vnd": "650000",
        },
    )
    # The donor's data wiped (the old disk too), checked by the team's leader.
    client.post(
        reverse("portal:device_wipe", args=[device.pk]),
        {
            "form_key": "5e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a75",
            "method": "nist_clear",
            "tool": "nwipe 0.34",
            "wiped_on": "2026-11-01",
            "verified_by": leader.pk,
        },
    )
    client.post(
        reverse("portal:device_check", args=[device.pk]),
        {
            "form_key": "3e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a73",
            **measurements,
            "ram_gb": "4",
            "disk_gb": "240",
        },
    )

    device.refresh_from_db()
    assert device.status == "ready"
    assert device.latest_check.result == "pass"
    assert list(device.events.values_list("to_status", flat=True)) == [
        "received",
        "checking",
        "needs_repair",
        "checking",
        "checking",  # the wipe, noted without a move
        "ready",
    ]
    assert (figure("devices_checked", gia_lam), figure("devices_passed", gia_lam)) == (1, 1)
    assert (figure("devices_repaired", gia_lam), figure("devices_ready", gia_lam)) == (1, 1)


def test_double_submitted_intake_and_check_record_once(client, volunteer, team):
    client.force_login(volunteer)

    first, second = intake(client, team), intake(client, team)

    assert Device.objects.count() == 1
    assert first["Location"] == second["Location"]
    device = Device.objects.get()
    check = {
        "form_key": "4e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a74",
        "os_name": "windows",
        "ram_gb": "4",
    }
    client.post(reverse("portal:device_check", args=[device.pk]), check)
    client.post(reverse("portal:device_check", args=[device.pk]), check)
    assert SpecCheck.objects.count() == 1
    assert DeviceEvent.objects.filter(to_status="checking").count() == 1


def test_intake_errors_are_in_vietnamese_and_keep_what_was_typed(client, volunteer, team):
    client.force_login(volunteer)

    response = client.post(
        reverse("portal:device_intake"),
        {
            "team": team.pk,
            "form_key": "5e0b7a51-47a0-4d8e-8f8a-2d3f4c5b6a75",
            "kind": "sim",
            "sponsor": "Viettel Gia Lâm",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    # Next to each of the three fields, and once each in the error summary at the top.
    soup = BeautifulSoup(page, "html.parser")
    message = "Với sim dữ liệu, hãy nhập mục này."
    assert sum(message in p.get_text() for p in soup.select(".field .field__error")) == 3
    assert sum(message in a.get_text() for a in soup.select("[data-error-summary] a")) == 3
    assert 'value="Viettel Gia Lâm"' in page
    assert not Device.objects.exists()


def test_another_teams_device_is_not_found(client, volunteer, other_team, coordinator):
    client.force_login(coordinator)
    intake(client, other_team)
    device = Device.objects.get()
    client.force_login(volunteer)

    assert client.get(reverse("portal:device_detail", args=[device.pk])).status_code == 404
    assert client.get(reverse("portal:device_find_code", args=[device.asset_code]))[
        "Location"
    ] == reverse("portal:device_list")
    assert (
        device.serial
        not in client.get(reverse("portal:device_list"), {"queue": "all"}).content.decode()
    )
