"""The shipped sample captures and what each is documented to give
(portal/hardware/samples/expected.json, the one source of the table in
docs/hardware-snapshots.md)."""

import dataclasses
import json
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from portal import specs
from portal.forms.devices import PARTS_BY_KIND
from portal.hardware import snapshot
from portal.models import DeviceKind

SAMPLES = Path(snapshot.__file__).parent / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())["samples"]
DOC = Path(__file__).resolve().parents[2] / "docs" / "hardware-snapshots.md"
TODAY = date(2026, 12, 1)
RESULT_WORDS = {"pass": "Đạt", "advice": "Đạt, có lời khuyên", "fail": "Chưa đạt"}


def standard(kind: str) -> specs.Standard:
    """The program's standard for a laptop or desktop, as portal/specs.py defines it."""
    return specs.PLAN_2021[specs.Kind(kind)]


def with_volunteer(measured: specs.Measurements, volunteer: dict) -> specs.Measurements:
    """The measurements a capture gave, with what only a person can confirm — the screen,
    keyboard, mouse, monitor, headphones, the charger, whether a desktop will use Wi-Fi —
    and the battery when the capture could not read it. These are yes/no answers, as the
    spec check form takes them (an unticked box is a no), never a typed figure."""
    return dataclasses.replace(
        measured,
        working_parts=measured.working_parts | frozenset(volunteer["parts"]),
        has_charger=volunteer["has_charger"],
        battery_good=(
            measured.battery_good
            if measured.battery_good is not None
            else volunteer["battery_good"]
        ),
        uses_wireless=volunteer["uses_wireless"],
    )


def typed_by_hand(kind: str, automatic: specs.Measurements) -> dict:
    """The same facts as a volunteer types them into the spec check form: the figures as
    the snapshot shows them, each ticked part the form offers for this kind, each yes."""

    def figure(value) -> str:
        return "" if value is None else str(value)

    offered = set(PARTS_BY_KIND[DeviceKind(kind)])
    data = {
        "form_key": str(uuid.uuid4()),
        "os_name": "windows",
        "os_version": (automatic.os_version or "")[:30],
        "cpu_model": (automatic.cpu_model or "")[:80],
        "cpu_ghz": figure(automatic.cpu_ghz),
        "ram_gb": figure(automatic.ram_gb),
        "disk_gb": figure(automatic.disk_gb),
        "working_parts": sorted(automatic.working_parts & offered),
    }
    for answer in ("has_charger", "battery_good", "uses_wireless"):
        if getattr(automatic, answer):
            data[answer] = "on"
    return data


def _disks(facts: dict) -> str:
    return " + ".join(f"{disk['size_gb']:g} GB {disk['type']}" for disk in facts["disks"])


def _battery(facts: dict) -> str:
    battery = facts["battery"]
    if not battery:
        return "—"
    share = Decimal(str(battery["full_wh"])) / Decimal(str(battery["design_wh"]))
    return f"{battery['full_wh']:g}/{battery['design_wh']:g} Wh ({share:.0%})"


def _confirmed(volunteer: dict) -> str:
    """What the person answered, in the table's words."""
    answers = [", ".join(volunteer["parts"])]
    for key, words in (
        ("has_charger", "charger"),
        ("battery_good", "battery good"),
        ("uses_wireless", "uses Wi-Fi"),
    ):
        if volunteer[key] is not None:
            answers.append(f"{words}: {'yes' if volunteer[key] else 'no'}")
    return "; ".join(answers)


def table() -> str:
    """The sample table of docs/hardware-snapshots.md, from expected.json."""
    rows = [
        "| Sample | Machine | Kind | CPU | RAM | Disks | OS | Battery | Wipe | A person confirms "
        "| Verdict |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for sample in EXPECTED:
        facts, verdict = sample["facts"], sample["verdict"]
        os = facts["os"] or {}
        reasons = "; ".join(verdict["failures"] + verdict["advice"])
        outcome = RESULT_WORDS[verdict["result"]] + (f": {reasons}" if reasons else "")
        rows.append(
            f"| `{sample['file']}` | {sample['machine']} | {sample['kind']} "
            f"| {facts['cpu_ghz']:g} GHz | {facts['ram_gb']:g} GB | {_disks(facts)} "
            f"| {' '.join(filter(None, [os.get('name'), os.get('version')])) or '—'} "
            f"| {_battery(facts)} | {facts['wipe'] or '—'} | {_confirmed(sample['volunteer'])} "
            f"| {outcome} |"
        )
    return "\n".join(rows)
