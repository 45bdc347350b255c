"""The issue's promise, sample by sample: each shipped capture, sent by a script's upload
with its one-time token, opens the spec check filled in; the volunteer only answers yes or
no for what no capture can try (portal/hardware/samples/expected.json says what), and the
check records the documented verdict — no figure typed."""

import json

import pytest

from django.urls import reverse

from portal.models import SpecCheck
from portal.services.hardware import capture_token_issue
from tests.factories.devices import received, wiped
from tests.hardware.samples import EXPECTED, SAMPLES
from tests.portal.hardware_documents import post
from tests.portal.test_hardware_check import browser_submits

pytestmark = pytest.mark.django_db

PLATFORMS = {"windows": "windows", "linux": "linux", "ereuse": "linux"}


@pytest.mark.parametrize("sample", EXPECTED, ids=[sample["file"] for sample in EXPECTED])
def test_each_shipped_sample_uploaded_gives_its_documented_verdict(
    client, volunteer, leader, team, sample
):
    device = received(volunteer, team, kind=sample["kind"], serial=sample["facts"]["serial"])
    wiped(volunteer, device, verified_by=leader)  # a device passes only with its wipe record
    capture = json.loads((SAMPLES / sample["file"]).read_bytes())
    if "device_code" in capture:  # the script for this device had its code baked in
        capture["device_code"] = device.asset_code
    platform = PLATFORMS[sample["file"].split("/")[0]]
    token = capture_token_issue(actor=volunteer, device=device, platform=platform)

    answer = post(client, json.dumps(capture).encode(), token)

    assert answer.status_code == 200, answer.json()
    client.force_login(volunteer)
    opened = client.get(reverse("portal:device_check", args=[device.pk]))
    assert opened.context["differences"] == []
    volunteer_says = sample["volunteer"]
    confirmed: dict = {"working_parts": volunteer_says["parts"]}
    for answer_name in ("has_charger", "battery_good", "uses_wireless"):
        if volunteer_says[answer_name] and answer_name not in opened.context["form"].measured:
            confirmed[answer_name] = "on"
    sent = client.post(
        reverse("portal:device_check", args=[device.pk]), browser_submits(opened, **confirmed)
    )
    assert sent.status_code == 302

    check = SpecCheck.objects.get(device=device)
    documented = sample["verdict"]
    assert (check.result, check.failures, check.advice) == (
        documented["result"],
        documented["failures"],
        documented["advice"],
    )
    assert check.snapshot.device == device
