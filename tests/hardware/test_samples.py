"""Every shipped sample reads into the documented facts and verdict, from its bytes alone."""

import json
from decimal import Decimal

import pytest

from portal import specs
from portal.forms.devices import SpecCheckForm
from portal.hardware import snapshot
from portal.models import Device
from tests.hardware.samples import (
    DOC,
    EXPECTED,
    SAMPLES,
    TODAY,
    standard,
    table,
    typed_by_hand,
    with_volunteer,
)

BY_FILE = {sample["file"]: sample for sample in EXPECTED}


def _read(name: str) -> snapshot.Snapshot:
    return snapshot.read((SAMPLES / name).read_bytes())


def test_every_sample_file_is_documented_and_the_set_covers_each_platform():
    shipped = sorted(str(path.relative_to(SAMPLES)) for path in SAMPLES.glob("*/*.json"))
    assert shipped == sorted(BY_FILE)
    for platform, least in (("windows", 3), ("linux", 3), ("ereuse", 2)):
        assert sum(name.startswith(f"{platform}/") for name in shipped) >= least


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_a_sample_reads_into_its_documented_facts(name):
    facts = BY_FILE[name]["facts"]
    data = _read(name).data

    assert data["format"] == "maytinhcu-snapshot/1"
    assert _read(name).serial == facts["serial"]
    assert data["system"]["chassis"] == facts["chassis"]
    assert data["cpu"]["ghz"] == facts["cpu_ghz"]
    assert data["memory"]["total_gb"] == facts["ram_gb"]
    assert [{"size_gb": d["size_gb"], "type": d["type"]} for d in data["disks"]] == facts["disks"]
    assert data.get("os") == facts["os"]
    assert data.get("battery") == facts["battery"]
    assert data.get("parts") == facts["parts"]
    assert (data.get("wipe") or {}).get("method") == facts["wipe"]
    # Each section filled names where it was read.
    for section in ("system", "cpu", "memory", "disks", "os", "battery", "parts", "wipe"):
        assert (section in data) == (section in data["sources"])


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_a_sample_gets_its_documented_verdict_without_a_typed_figure(name):
    sample = BY_FILE[name]
    measured, filled = _read(name).measurements()

    assert {"ram_gb", "cpu_ghz", "disk_gb"} <= filled
    verdict = specs.judge(
        standard(sample["kind"]), with_volunteer(measured, sample["volunteer"]), today=TODAY
    )

    assert verdict.result == sample["verdict"]["result"]
    assert list(verdict.failures) == sample["verdict"]["failures"]
    assert list(verdict.advice) == sample["verdict"]["advice"]


@pytest.mark.parametrize(
    "name", ["windows/asus-eee-pc-1015pe-1gb.json", "linux/asus-eee-pc-1005ha-1gb.json"]
)
def test_the_one_gigabyte_netbook_fails_on_ram_with_the_upgrade_advice(name):
    measured, _filled = _read(name).measurements()

    verdict = specs.judge(
        standard("laptop"), with_volunteer(measured, BY_FILE[name]["volunteer"]), today=TODAY
    )

    assert measured.ram_gb == Decimal("1.0")
    assert verdict.result == specs.Result.FAIL
    assert verdict.failures == ("RAM 1 GB < tối thiểu 2 GB",)
    assert "Nâng RAM lên ít nhất 2 GB (khuyến khích 4 GB) để đạt chuẩn" in verdict.advice


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_a_samples_documented_verdict_is_the_one_the_spec_check_form_gives_for_its_facts(name):
    sample = BY_FILE[name]
    measured, _filled = _read(name).measurements()
    automatic = with_volunteer(measured, sample["volunteer"])

    form = SpecCheckForm(
        data=typed_by_hand(sample["kind"], automatic), device=Device(kind=sample["kind"])
    )

    assert form.is_valid(), form.errors
    by_hand = specs.judge(standard(sample["kind"]), form.measurements(), today=TODAY)
    assert by_hand.result == sample["verdict"]["result"]
    assert list(by_hand.failures) == sample["verdict"]["failures"]
    assert list(by_hand.advice) == sample["verdict"]["advice"]


def test_the_desktop_without_a_battery_has_no_battery_section():
    data = _read("windows/hp-prodesk-400-g1-desktop-reset.json").data

    assert "battery" not in data
    assert data["system"]["chassis"] == "desktop"


def test_the_wipes_are_carried_into_the_snapshot():
    bitlocker = _read("windows/hp-prodesk-400-g1-desktop-reset.json").wipe
    nwipe = _read("linux/dell-optiplex-7010-desktop-wiped.json").wipe

    assert bitlocker["method"] == "reset_encrypted"
    assert bitlocker["disks"] == [
        {"serial": "Z3T8XK21", "model": "ST500DM002-1BD142", "result": "ok"}
    ]
    assert nwipe["method"] == "clear"
    assert nwipe["tool"].startswith("nwipe")


@pytest.mark.parametrize("name", sorted(n for n in BY_FILE if n.startswith("windows/")))
def test_a_windows_report_saved_by_powershell_5_as_utf16_reads_the_same(name):
    text = (SAMPLES / name).read_text(encoding="utf-8")

    utf16 = snapshot.read(text.encode("utf-16"))  # with its byte-order mark, as PowerShell 5 saves

    assert text.encode("utf-16")[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert utf16 == _read(name)
    assert utf16.fingerprint == _read(name).fingerprint


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_the_same_capture_re_encoded_has_the_same_fingerprint(name):
    document = json.loads((SAMPLES / name).read_text())
    reordered = json.dumps(dict(reversed(list(document.items()))), separators=(",", ":"))
    spaced = json.dumps(document, indent=8, ensure_ascii=True)

    fingerprints = {
        snapshot.read(data.encode()).fingerprint
        for data in ((SAMPLES / name).read_text(), reordered, spaced)
    }

    assert fingerprints == {_read(name).fingerprint}


def test_another_capture_has_another_fingerprint():
    fingerprints = {_read(name).fingerprint for name in BY_FILE}

    assert len(fingerprints) == len(BY_FILE)


def test_the_documentation_shows_the_expected_table():
    assert table() in DOC.read_text()
