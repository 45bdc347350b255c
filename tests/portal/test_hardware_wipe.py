"""A capture that ran the data wipe brings its own report: the wipe form opens filled from
it, and the record names it as evidence; two people still sign as before."""

from datetime import date

import pytest

from django.urls import reverse

from portal.models import DataWipe, HardwareSnapshot
from portal.selectors.tracking import wipe_words
from portal.services.hardware import snapshot_receive
from tests.factories.devices import received
from tests.portal.hardware_documents import as_bytes, snapshot

pytestmark = pytest.mark.django_db

NWIPE = {
    "method": "clear",
    "tool": "nwipe 0.34",
    "started_at": "2026-11-29T18:00:00+07:00",
    "finished_at": "2026-11-29T20:30:00+07:00",
    "disks": [{"serial": "S3Z1NB0K", "model": "Samsung SSD 850", "result": "ok"}],
}


def _captured(volunteer, device, wipe):
    snapshot_receive(
        actor=volunteer, device=device, data=as_bytes(snapshot(device.asset_code, wipe=wipe))
    )
    return HardwareSnapshot.objects.get(device=device)


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
