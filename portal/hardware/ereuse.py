"""An eReuse Workbench snapshot as a `maytinhcu-snapshot/1` snapshot.

Modelled on eReuse's own code: workbench-script (github.com/eReuse/workbench-script,
`workbench-script.py`: `SNAPSHOT_BASE`, `get_data`, `convert_to_legacy_snapshot`) and the
parsers that read its output in DeviceHub (github.com/eReuse/devicehub-teal,
`ereuse_devicehub/parser/parser.py`; github.com/eReuse/devicehub-django,
`evidence/parse.py`). A snapshot is

    {"timestamp": "2024-05-14 10:12:33.123456", "type": "Snapshot", "uuid": "…",
     "software": "workbench-script", "version": "…", "operator_id": "…",
     "data": {"dmidecode": "<dmidecode's text>", "smartctl": "<JSON text: a list of
              `smartctl -x --json=cosviu` reports>", "inxi": "<JSON text>"},
     "erase": […]}

and the "legacy" form DeviceHub 2 reads has `"data": {"lshw": "<lshw -json text>",
"dmidecode": …, "smart": [reports], "hwinfo": …, "lspci": …}`, a "T" in the timestamp and a
`schema_api`. Both are read here: the lshw, dmidecode and smartctl parts by the Linux
parser (`linux.facts`), so each is read one way whoever captured it. hwinfo, lspci and inxi
are not needed for the facts and are left alone. The timestamp has no offset (Python's
`datetime.now()` on the live system, which runs in UTC): it is taken as UTC. Older
Workbench 11 snapshots (`"device"` and `"components"`, no `"data"`) are not read.
"""

from datetime import UTC, datetime

from portal.hardware import linux
from portal.hardware.assemble import snapshot, text


def _captured_at(timestamp: object) -> str:
    moment = datetime.fromisoformat(str(timestamp))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def parse(document: dict) -> dict:
    data = document["data"]
    if not isinstance(data, dict):
        raise TypeError("data")
    smart = next(
        (data[key] for key in ("smartctl", "smart", "disks") if data.get(key) is not None), None
    )
    raw = {"lshw": data.get("lshw"), "dmidecode": data.get("dmidecode"), "smartctl": smart}
    sections, sources = linux.facts(raw)
    # Only the machine's own facts: the live system's OS and parts are no report of it.
    sections = {name: sections[name] for name in ("system", "cpu", "memory", "disks")}
    software = text(document.get("software")) or "eReuse Workbench"
    version = text(str(document.get("version") or "")) or "?"
    return snapshot(
        {},
        tool={"name": software[:80], "version": version[:40]},
        captured_at=_captured_at(document["timestamp"]),
        facts=sections,
        sources={name: where for name, where in sources.items() if name in sections},
    )
