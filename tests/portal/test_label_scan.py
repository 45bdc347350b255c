"""Opening a device by its label on a phone: the scan page (camera where the browser can,
typing always), what the server tells the phone so that a label finds a kept device page
offline, and the provisional code of an intake sent offline never reaching the server."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse

from portal import offline
from portal.models import Device
from tests.factories.devices import received
from tests.portal.test_device_journey import intake

pytestmark = pytest.mark.django_db


def worker_config(client) -> dict:
    first_line = client.get("/portal/sw.js").text.split("\n", 1)[0]
    return json.loads(first_line.removeprefix("self.PORTAL_APP = ").removesuffix(";"))


def test_the_scan_page_offers_typing_the_code_in_a_plain_form_and_the_camera_from_its_script(
    client, volunteer
):
    client.force_login(volunteer)

    page = BeautifulSoup(client.get(reverse("portal:device_find")).text, "html.parser")

    form = page.select_one("form[data-scan]")
    assert (form["method"], form["action"]) == ("get", reverse("portal:device_find"))
    field = form.select_one("input[name=code]")
    assert page.select_one(f"label[for={field['id']}]").get_text(strip=True) == (
        "Mở theo mã trên nhãn"
    )
    # The camera button shows only where js/scan.js finds BarcodeDetector.
    assert form.select_one("[data-scan-button]").has_attr("hidden")
    assert page.select_one("[data-scan-status]")["role"] == "status"
    assert page.select_one("main script[src$='js/scan.js']") is not None
    assert [script for script in page.select("script") if not script.get("src")] == []


def test_a_device_page_tells_the_phone_its_asset_code(client, volunteer, team):
    device = received(volunteer, team)
    client.force_login(volunteer)

    response = client.get(reverse("portal:device_detail", args=[device.pk]))

    assert response[offline.KEEP_HEADER] == "keep"
    assert response[offline.CODE_HEADER] == device.asset_code


def test_the_worker_knows_the_scan_page_the_label_address_and_which_form_gets_a_code(
    client, volunteer
):
    config = worker_config(client)

    assert reverse("portal:device_find") in config["shell"]
    assert config["find"] == reverse("portal:device_find")
    assert config["codeHeader"] == "X-Asset-Code"
    label = re.match(config["label"], reverse("portal:device_find_code", args=["LT00042"]))
    assert label.group(1) == "LT00042"
    assert re.match(config["givesCode"], reverse("portal:device_intake"))
    assert not re.match(config["givesCode"], reverse("portal:device_check", args=[1]))


def test_the_outbox_reads_the_real_code_from_the_header_the_server_sends():
    with open("static/js/outbox.js", encoding="utf-8") as file:
        assert f'"{offline.CODE_HEADER}"' in file.read()


def test_a_provisional_code_sent_with_an_intake_is_ignored_the_server_gives_the_code(
    client, volunteer, team
):
    client.force_login(volunteer)

    response = intake(client, team, asset_code="TAM-7K3Q", provisional="TAM-7K3Q")

    device = Device.objects.get()
    assert device.asset_code == f"LT{device.pk:05d}"
    followed = client.get(response["Location"])
    assert followed[offline.CODE_HEADER] == device.asset_code
    assert "TAM-7K3Q" not in followed.text
