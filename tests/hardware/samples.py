"""The shipped sample captures and what each is documented to give
(portal/hardware/samples/expected.json, the one source of the table in
docs/hardware-snapshots.md)."""

import dataclasses
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from portal import specs
from portal.hardware import snapshot

SAMPLES = Path(snapshot.__file__).parent / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text())["samples"]
DOC = Path(__file__).resolve().parents[2] / "docs" / "hardware-snapshots.md"
TODAY = date(2026, 12, 1)
RESULT_WORDS = {"pass": "Đạt", "advice": "Đạt, có lời khuyên", "fail": "Chưa đạt"}


def standard(kind: str) -> specs.Standard:
    """The program's standard for a laptop or desktop, as portal/specs.py defines it."""
    return specs.PLAN_2021[specs.Kind(kind)]


def with_volunteer(measured: specs.Measurements, volunteer: dict) -> specs.Measurements:
    """The measurements a capture gave, with what only a person can confirm: the screen,
    keyboard, mouse, monitor, headphones, the charger and whether the desktop uses Wi-Fi."""
    return dataclasses.replace(
        measured,
        working_parts=measured.working_parts | frozenset(volunteer["parts"]),
        has_charger=volunteer["has_charger"],
        uses_wireless=volunteer["uses_wireless"],
    )


def _disks(facts: dict) -> str:
    return " + ".join(f"{disk['size_gb']:g} GB {disk['type']}" for disk in facts["disks"])


def _battery(facts: dict) -> str:
    battery = facts["battery"]
    if not battery:
        return "—"
    share = Decimal(str(battery["full_wh"])) / Decimal(str(battery["design_wh"]))
    return f"{battery['full_wh']:g}/{battery['design_wh']:g} Wh ({share:.0%})"


def table() -> str:
    """The sample table of docs/hardware-snapshots.md, from expected.json."""
    rows = [
        "| Sample | Machine | Kind | CPU | RAM | Disks | OS | Battery | Wipe | Verdict |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
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
            f"| {_battery(facts)} | {facts['wipe'] or '—'} | {outcome} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())  # noqa: T201 - regenerates the docs table
