"""The Linux capture script's raw report (`maytinhcu-capture/1`, platform "linux") as a snapshot.

`raw` holds each tool's own output (docs/hardware-snapshots.md lists them); a tool that was
missing or failed is null and the facts it would give are read from the next one, or left
unknown. Each fact has one preferred source:

- machine and serial: dmidecode's System/Chassis Information, else lshw's root node;
- CPU: lshw's processor (its capacity is the highest clock), else dmidecode, else cpuinfo;
- memory: dmidecode's Memory Devices (installed modules), else lshw's memory banks, else
  /proc/meminfo (which hides what the firmware keeps, so it is rounded up to the half GB);
- disks: smartctl (model, serial, size, SSD when the rotation rate is 0, NVMe, health from
  the SMART overall test), then any other disk lsblk lists (ROTA, TRAN). Removable and USB
  disks are left out: they are the stick the script runs from, not the machine's own;
- system: the installed system's os-release when the script found it, else the live one's.

`facts` is also what the eReuse importer uses for the lshw, dmidecode and smartctl parts.
"""

import json
import math
import re
from collections.abc import Iterator

from portal.hardware.assemble import (
    compact,
    disk_gb,
    memory_gb,
    memory_section,
    number,
    snapshot,
    text,
)

# dmidecode's chassis types (SMBIOS 7.4.1) by the kind of device the spec check knows.
_LAPTOP_CHASSIS = {
    "portable",
    "laptop",
    "notebook",
    "hand held",
    "sub notebook",
    "netbook",
    "convertible",
    "detachable",
}
_DESKTOP_CHASSIS = {
    "desktop",
    "low profile desktop",
    "pizza box",
    "mini tower",
    "tower",
    "space-saving",
    "all in one",
    "lunch box",
    "mini pc",
    "stick pc",
}
_TABLET_CHASSIS = {"tablet"}
_SMART_HEALTH: dict[object, str] = {True: "ok", False: "failing"}
_MEMORY_SIZE = re.compile(r"^\s*([0-9]+)\s*(kB|MB|GB|TB)\s*$", re.IGNORECASE)
_MEMORY_UNITS = {"kb": 2**10, "mb": 2**20, "gb": 2**30, "tb": 2**40}
_CLOCK = re.compile(r"([0-9.]+)\s*([MG])Hz", re.IGNORECASE)
# Texts firmware writers leave in fields they did not fill.
_PLACEHOLDERS = {
    "to be filled by o.e.m.",
    "to be filled by o.e.m",
    "default string",
    "system serial number",
    "not specified",
    "none",
    "n/a",
    "0123456789",
    "",
}


def _filled(value: object) -> str | None:
    value = text(value)
    return None if value is None or value.lower() in _PLACEHOLDERS else value


# ---------------------------------------------------------------------------------------
# The tools' outputs
# ---------------------------------------------------------------------------------------
def lshw_root(lshw: object) -> dict | None:
    """lshw's root node: older lshw prints one object, newer a one-element array; eReuse
    stores the printed text."""
    if isinstance(lshw, str):
        lshw = json.loads(lshw) if lshw.strip() else None
    if isinstance(lshw, list):
        lshw = lshw[0] if lshw else None
    return lshw if isinstance(lshw, dict) and lshw else None


def _nodes(node: dict | None) -> Iterator[dict]:
    if not isinstance(node, dict):
        return
    yield node
    for child in node.get("children") or ():
        yield from _nodes(child)


def dmi_records(dmidecode: object) -> list[tuple[str, dict[str, str]]]:
    """dmidecode's text as (record title, {key: value}) pairs, in order; a key whose values
    are listed on the lines below it (Characteristics) keeps only its first line."""
    if not isinstance(dmidecode, str):
        return []
    records: list[tuple[str, dict[str, str]]] = []
    for block in re.split(r"\n\s*\n", dmidecode):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or not lines[0].startswith("Handle 0x") or len(lines) < 2:
            continue
        values: dict[str, str] = {}
        for line in lines[2:]:
            key, colon, value = line.strip().partition(":")
            if colon and key not in values:
                values[key.strip()] = value.strip()
        records.append((lines[1].strip(), values))
    return records


def _dmi(records, title: str) -> list[dict[str, str]]:
    return [values for name, values in records if name == title]


def _first(records, title: str) -> dict[str, str]:
    found = _dmi(records, title)
    return found[0] if found else {}


def key_values(content: object, separator: str) -> dict[str, str]:
    """The `key<separator>value` lines of os-release, cpuinfo or meminfo (first one wins)."""
    values: dict[str, str] = {}
    if not isinstance(content, str):
        return values
    for line in content.splitlines():
        key, found, value = line.partition(separator)
        if found and key.strip() not in values:
            values[key.strip()] = value.strip().strip('"')
    return values


# ---------------------------------------------------------------------------------------
# The facts
# ---------------------------------------------------------------------------------------
def _chassis(name: object) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip().lower()
    if name in _LAPTOP_CHASSIS:
        return "laptop"
    if name in _DESKTOP_CHASSIS:
        return "desktop"
    if name in _TABLET_CHASSIS:
        return "tablet"
    return "other"


def _system(records, root: dict | None) -> tuple[dict | None, str | None]:
    info = _first(records, "System Information")
    if info:
        chassis = _first(records, "Chassis Information").get("Type")
        model = _filled(info.get("Product Name"))
        if str(info.get("Manufacturer")).upper() == "LENOVO":
            # Lenovo's product name is a type number (2349AG6); its version is the model's name.
            model = _filled(info.get("Version")) or model
        section = {
            "manufacturer": _filled(info.get("Manufacturer")),
            "model": model,
            "serial": _filled(info.get("Serial Number")),
            "chassis": _chassis(chassis),
        }
        return compact(section), "dmidecode"
    if root:
        configuration = root.get("configuration") or {}
        section = {
            "manufacturer": _filled(root.get("vendor")),
            "model": _filled(root.get("product")),
            "serial": _filled(root.get("serial")),
            "chassis": _chassis(configuration.get("chassis")),
        }
        return compact(section), "lshw"
    return None, None


def _ghz(hertz: object) -> float | None:
    value = number(hertz)
    return round(value / 10**9, 2) if value and value > 0 else None


def _clock_text(value: object) -> float | None:
    """ "1666 MHz", "2.60GHz" in GHz."""
    match = _CLOCK.search(value) if isinstance(value, str) else None
    if match is None:
        return None
    amount = float(match.group(1))
    return round(amount / 1000 if match.group(2).upper() == "M" else amount, 2) or None


def _cores(value: object) -> int | None:
    cores = number(value)
    return int(cores) if cores and cores >= 1 else None


def _cpu(records, root: dict | None, cpuinfo: dict) -> tuple[dict | None, str | None]:
    processors = [
        node for node in _nodes(root) if node.get("class") == "processor" and node.get("product")
    ]
    if processors:
        cpu = processors[0]
        configuration = cpu.get("configuration") or {}
        section = {
            "model": text(cpu.get("product")),
            "ghz": _ghz(cpu.get("capacity")) or _ghz(cpu.get("size")),
            "cores": _cores(configuration.get("cores")),
        }
        return compact(section), "lshw"
    dmi = [cpu for cpu in _dmi(records, "Processor Information") if cpu.get("Version")]
    if dmi:
        cpu = dmi[0]
        section = {
            "model": _filled(cpu.get("Version")),
            "ghz": _clock_text(cpu.get("Max Speed")) or _clock_text(cpu.get("Current Speed")),
            "cores": _cores(cpu.get("Core Count")),
        }
        return compact(section), "dmidecode"
    if cpuinfo.get("model name"):
        section = {
            "model": text(cpuinfo["model name"]),
            "ghz": _clock_text(cpuinfo["model name"])
            or _clock_text(cpuinfo.get("cpu MHz", "") + " MHz"),
            "cores": _cores(cpuinfo.get("cpu cores")),
        }
        return compact(section), "cpuinfo"
    return None, None


def _module_bytes(size: str) -> float | None:
    match = _MEMORY_SIZE.match(size or "")
    if match is None:  # "No Module Installed", "Unknown"
        return None
    return int(match.group(1)) * _MEMORY_UNITS[match.group(2).lower()]


def _memory(records, root: dict | None, meminfo: dict) -> tuple[dict | None, str | None]:
    devices = _dmi(records, "Memory Device")
    if devices:
        modules = []
        for device in devices:
            size = _module_bytes(device.get("Size", ""))
            if size:
                module = {
                    "size_gb": memory_gb(size),
                    "serial": _filled(device.get("Serial Number")),
                    "type": _filled(device.get("Type")),
                }
                modules.append({key: value for key, value in module.items() if value is not None})
        if modules:
            return memory_section(modules), "dmidecode"
    banks = [
        node
        for node in _nodes(root)
        if node.get("class") == "memory" and str(node.get("id", "")).startswith("bank")
    ]
    sizes = [number(bank.get("size")) for bank in banks]
    modules = [{"size_gb": memory_gb(size)} for size in sizes if size]
    if modules:
        return memory_section(modules), "lshw"
    total_kb = number(meminfo.get("MemTotal", "").removesuffix("kB"))
    if total_kb:
        # What the kernel sees is a little less than what is installed: round up to 0.5 GB.
        return {"total_gb": math.ceil(total_kb / 2**20 * 2) / 2}, "meminfo"
    return None, None


def _smart_disk(report: dict) -> dict | None:
    capacity = report.get("user_capacity") or {}
    size = disk_gb(capacity.get("bytes") if isinstance(capacity, dict) else None)
    if size is None:
        size = disk_gb(report.get("nvme_total_capacity"))
    if size is None:
        return None
    device = report.get("device") or {}
    if device.get("type") == "nvme" or str(device.get("protocol", "")).lower() == "nvme":
        kind = "nvme"
    elif "rotation_rate" in report:
        kind = "ssd" if report["rotation_rate"] == 0 else "hdd"
    else:
        kind = "unknown"
    status = report.get("smart_status")
    passed = status.get("passed") if isinstance(status, dict) else None
    health = _SMART_HEALTH.get(passed, "unknown")
    disk = {
        "model": text(report.get("model_name")) or text(report.get("model_family")),
        "serial": text(report.get("serial_number")),
        "size_gb": size,
        "type": kind,
        "health": health,
    }
    return {key: value for key, value in disk.items() if value is not None}


def _flag(value: object) -> bool:
    """lsblk's ROTA/RM: true/false in newer util-linux, "1"/"0" in older."""
    return value is True or value in ("1", 1)


def _lsblk_disks(lsblk: object) -> list[dict]:
    devices = lsblk.get("blockdevices") if isinstance(lsblk, dict) else None
    disks = []
    for device in devices or ():
        transport = str(device.get("tran") or "").lower()
        if device.get("type") != "disk" or _flag(device.get("rm")) or transport == "usb":
            continue
        size = disk_gb(device.get("size"))
        if size is None:
            continue
        name = str(device.get("name") or "")
        if transport == "nvme" or name.startswith("nvme"):
            kind = "nvme"
        elif name.startswith("mmcblk"):
            kind = "emmc"
        else:
            kind = "hdd" if _flag(device.get("rota")) else "ssd"
        disk = {
            "model": text(device.get("model")),
            "serial": text(device.get("serial")),
            "size_gb": size,
            "type": kind,
            "health": "unknown",
        }
        disks.append({key: value for key, value in disk.items() if value is not None})
    return disks


def smart_reports(smartctl: object) -> list[dict]:
    """smartctl's reports: a list of them (eReuse keeps the list as printed text)."""
    if isinstance(smartctl, str):
        smartctl = json.loads(smartctl) if smartctl.strip() else None
    if not isinstance(smartctl, list):
        return []
    return [report for report in smartctl if isinstance(report, dict)]


def _disks(smartctl: object, lsblk: object) -> tuple[list[dict], str | None]:
    disks, tools = [], []
    for report in smart_reports(smartctl):
        transport = str((report.get("device") or {}).get("type", "")).lower()
        disk = _smart_disk(report) if transport != "usb" else None
        if disk:
            disks.append(disk)
    if disks:
        tools.append("smartctl")
    known = {disk.get("serial") for disk in disks}
    # A disk smartctl missed (or every disk, without smartctl): lsblk still knows its size
    # and kind. With smartctl there, only a disk with another serial is a different one.
    extra = [
        disk
        for disk in _lsblk_disks(lsblk)
        if not disks or (disk.get("serial") and disk["serial"] not in known)
    ]
    if extra:
        disks.extend(extra)
        tools.append("lsblk")
    return disks, " + ".join(tools) or None


def _os(raw: dict) -> tuple[dict | None, str | None]:
    installed = raw.get("installed_os")
    source, where = (
        (installed, "installed_os")
        if isinstance(installed, str)
        else (
            raw.get("os_release"),
            "os_release (live system)",
        )
    )
    release = key_values(source, "=")
    name = text(release.get("PRETTY_NAME")) or text(release.get("NAME"))
    section = compact({"name": name, "version": text(release.get("VERSION_ID"))})
    return section, where if section else None


def _battery_wh(values: dict, kind: str) -> float | None:
    """Wh from a power_supply uevent: energy in µWh, or charge in µAh times the design voltage."""
    energy = number(values.get(f"energy_{kind}"))
    if energy:
        return round(energy / 10**6, 1)
    charge, volts = number(values.get(f"charge_{kind}")), number(values.get("voltage_min_design"))
    if charge and volts:
        return round(charge * volts / 10**12, 1)
    return None


def _battery(power_supply: object) -> tuple[dict | None, str | None]:
    if not isinstance(power_supply, dict):
        return None, None
    for name in sorted(power_supply):
        values = power_supply[name]
        if not str(name).upper().startswith("BAT") or not isinstance(values, dict):
            continue
        plain = {
            str(key).lower().removeprefix("power_supply_"): value for key, value in values.items()
        }
        section = compact(
            {"design_wh": _battery_wh(plain, "full_design"), "full_wh": _battery_wh(plain, "full")}
        )
        if section:
            return section, f"power_supply/{name}"
    return None, None


def _present(value: object) -> bool | None:
    return None if value is None else bool(value)


def _parts(raw: dict) -> dict | None:
    cards = raw.get("sound_cards")
    # A sound card has an output and an input; which of them work needs a person.
    sound = None if cards is None else bool(cards.strip()) and "no soundcards" not in cards
    return compact(
        {
            "webcam": _present(raw.get("video_devices")),
            "microphone": sound,
            "speaker": sound,
            "wifi": _present(raw.get("wifi")),
        }
    )


def facts(raw: dict) -> tuple[dict, dict]:
    """The snapshot's sections and where each came from, from the Linux tools' outputs."""
    records = dmi_records(raw.get("dmidecode"))
    root = lshw_root(raw.get("lshw"))
    system, system_from = _system(records, root)
    cpu, cpu_from = _cpu(records, root, key_values(raw.get("cpuinfo"), ":"))
    memory, memory_from = _memory(records, root, key_values(raw.get("meminfo"), ":"))
    disks, disks_from = _disks(raw.get("smartctl"), raw.get("lsblk"))
    os, os_from = _os(raw)
    battery, battery_from = _battery(raw.get("power_supply"))
    parts = _parts(raw)
    sections = {
        "system": system,
        "cpu": cpu,
        "memory": memory,
        "disks": disks,
        "os": os,
        "battery": battery,
        "parts": parts,
    }
    sources = {
        "system": system_from,
        "cpu": cpu_from,
        "memory": memory_from,
        "disks": disks_from,
        "os": os_from,
        "battery": battery_from,
        "parts": "sound_cards, video_devices, wifi",
    }
    return sections, {name: where for name, where in sources.items() if where}


def parse(document: dict) -> dict:
    raw = document["raw"]
    if not isinstance(raw, dict):
        raise TypeError("raw")
    sections, sources = facts(raw)
    sections["wipe"] = document.get("wipe")
    if sections["wipe"] is not None:
        sources["wipe"] = "wipe"
    return snapshot(
        document,
        tool=document["tool"],
        captured_at=document["captured_at"],
        facts=sections,
        sources=sources,
    )
