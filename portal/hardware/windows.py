"""The Windows capture script's raw report (`maytinhcu-capture/1`, platform "windows") as a snapshot.

`raw` maps CIM class names to what `Get-CimInstance … | ConvertTo-Json` printed, each wrapped
as a list (docs/hardware-snapshots.md). Where two classes say the same thing, one is preferred:

- disks: MSFT_PhysicalDisk (Windows 8 and later: SSD or HDD, NVMe, health), else
  Win32_DiskDrive (Windows 7: no media type beyond "Fixed hard disk media", so the kind is
  unknown unless the model says SSD). USB and removable disks are left out;
- memory: the installed modules (Win32_PhysicalMemory), else TotalPhysicalMemory, which
  hides what the firmware keeps and is rounded up to the half GB;
- battery: root/wmi's BatteryStaticData and BatteryFullChargedCapacity (mWh), else
  Win32_Battery, whose capacities most laptops leave empty.
"""

import math

from portal.hardware.assemble import (
    compact,
    disk_gb,
    memory_gb,
    memory_section,
    number,
    snapshot,
    text,
)

# Win32_SystemEnclosure.ChassisTypes (SMBIOS) by the kind of device the spec check knows.
_LAPTOP_CHASSIS = {8, 9, 10, 11, 12, 14, 18, 21, 31, 32}
_DESKTOP_CHASSIS = {3, 4, 5, 6, 7, 13, 15, 16, 24, 34, 35, 36}
_TABLET_CHASSIS = {30}
# Win32_ComputerSystem.PCSystemType: 1 desktop, 2 mobile, 3 workstation.
_PC_SYSTEM_TYPES: dict[object, str] = {1: "desktop", 2: "laptop", 3: "desktop"}
# Win32_PhysicalMemory.SMBIOSMemoryType
_MEMORY_TYPES: dict[object, str] = {20: "DDR", 21: "DDR2", 24: "DDR3", 26: "DDR4", 34: "DDR5"}
# MSFT_PhysicalDisk
_MEDIA_TYPES: dict[object, str] = {3: "hdd", 4: "ssd"}
_BUS_NVME, _BUS_USB, _BUS_SD, _BUS_MMC = 17, 7, 12, 13
_HEALTH: dict[object, str] = {0: "ok", 1: "failing", 2: "failing"}
_PLACEHOLDERS = {"to be filled by o.e.m.", "default string", "system serial number", "0", ""}


def _instances(raw: dict, name: str) -> list[dict] | None:
    """A class's instances; None when the script could not read the class at all."""
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, dict):  # ConvertTo-Json of a single instance, not wrapped
        value = [value]
    if not isinstance(value, list):
        raise TypeError(name)  # a broken report: `read` refuses it with its own message
    return [item for item in value if isinstance(item, dict)]


def _first(raw: dict, name: str) -> dict:
    found = _instances(raw, name)
    return found[0] if found else {}


def _filled(value: object) -> str | None:
    value = text(value)
    return None if value is None or value.lower() in _PLACEHOLDERS else value


def _chassis(raw: dict) -> str | None:
    types = _first(raw, "Win32_SystemEnclosure").get("ChassisTypes")
    for kind in types if isinstance(types, list) else [types]:
        if kind in _LAPTOP_CHASSIS:
            return "laptop"
        if kind in _DESKTOP_CHASSIS:
            return "desktop"
        if kind in _TABLET_CHASSIS:
            return "tablet"
    return _PC_SYSTEM_TYPES.get(_first(raw, "Win32_ComputerSystem").get("PCSystemType"))


def _system(raw: dict) -> dict | None:
    computer = _first(raw, "Win32_ComputerSystem")
    return compact(
        {
            "manufacturer": _filled(computer.get("Manufacturer")),
            "model": _filled(computer.get("Model")),
            "serial": _filled(_first(raw, "Win32_BIOS").get("SerialNumber")),
            "chassis": _chassis(raw),
        }
    )


def _cpu(raw: dict) -> dict | None:
    processors = _instances(raw, "Win32_Processor") or []
    if not processors:
        return None
    clock = number(processors[0].get("MaxClockSpeed"))
    cores = sum(int(number(cpu.get("NumberOfCores")) or 0) for cpu in processors)
    return compact(
        {
            "model": text(processors[0].get("Name")),
            "ghz": round(clock / 1000, 2) if clock else None,
            "cores": cores or None,
        }
    )


def _memory(raw: dict) -> tuple[dict | None, str | None]:
    modules = []
    for module in _instances(raw, "Win32_PhysicalMemory") or []:
        size = number(module.get("Capacity"))
        if size:
            entry = {
                "size_gb": memory_gb(size),
                "serial": _filled(module.get("SerialNumber")),
                "type": _MEMORY_TYPES.get(module.get("SMBIOSMemoryType")),
            }
            modules.append({key: value for key, value in entry.items() if value is not None})
    if modules:
        return memory_section(modules), "Win32_PhysicalMemory"
    visible = number(_first(raw, "Win32_ComputerSystem").get("TotalPhysicalMemory"))
    if visible:
        return {"total_gb": math.ceil(visible / 2**30 * 2) / 2}, "Win32_ComputerSystem"
    return None, None


def _storage_disks(raw: dict) -> list[dict]:
    disks = []
    for disk in _instances(raw, "MSFT_PhysicalDisk") or []:
        bus = disk.get("BusType")
        size = disk_gb(disk.get("Size"))
        if bus == _BUS_USB or size is None:
            continue
        if bus == _BUS_NVME:
            kind = "nvme"
        elif bus in (_BUS_SD, _BUS_MMC):
            kind = "emmc"
        else:
            kind = _MEDIA_TYPES.get(disk.get("MediaType"), "unknown")
        entry = {
            "model": text(disk.get("FriendlyName")),
            "serial": text(disk.get("SerialNumber")),
            "size_gb": size,
            "type": kind,
            "health": _HEALTH.get(disk.get("HealthStatus"), "unknown"),
        }
        disks.append({key: value for key, value in entry.items() if value is not None})
    return disks


def _drive_disks(raw: dict) -> list[dict]:
    disks = []
    for disk in _instances(raw, "Win32_DiskDrive") or []:
        media = str(disk.get("MediaType") or "").lower()
        size = disk_gb(disk.get("Size"))
        if str(disk.get("InterfaceType")).upper() == "USB" or "removable" in media or size is None:
            continue
        model = text(disk.get("Model"))
        entry = {
            "model": model,
            "serial": text(disk.get("SerialNumber")),
            "size_gb": size,
            # Windows 7 says only "Fixed hard disk media", for an SSD as for an HDD.
            "type": "ssd" if model and "ssd" in model.lower() else "unknown",
            "health": "unknown",
        }
        disks.append({key: value for key, value in entry.items() if value is not None})
    return disks


def _disks(raw: dict) -> tuple[list[dict], str | None]:
    disks = _storage_disks(raw)
    if disks:
        return disks, "MSFT_PhysicalDisk"
    disks = _drive_disks(raw)
    return disks, "Win32_DiskDrive" if disks else None


def _os(raw: dict) -> dict | None:
    system = _first(raw, "Win32_OperatingSystem")
    name = text(system.get("Caption"))
    if name and name.startswith("Microsoft "):
        name = name.removeprefix("Microsoft ")
    return compact({"name": name, "version": text(system.get("Version"))})


def _wh(value: object) -> float | None:
    milliwatt_hours = number(value)
    return round(milliwatt_hours / 1000, 1) if milliwatt_hours else None


def _battery(raw: dict) -> tuple[dict | None, str | None]:
    design = _wh(_first(raw, "BatteryStaticData").get("DesignedCapacity"))
    full = _wh(_first(raw, "BatteryFullChargedCapacity").get("FullChargedCapacity"))
    if design or full:
        return compact({"design_wh": design, "full_wh": full}), "BatteryStaticData"
    battery = _first(raw, "Win32_Battery")
    section = compact(
        {
            "design_wh": _wh(battery.get("DesignCapacity")),
            "full_wh": _wh(battery.get("FullChargeCapacity")),
        }
    )
    return section, "Win32_Battery" if section else None


def _working(instances: list[dict] | None, *words: str) -> bool | None:
    """Whether a device of this kind is there and Windows says it works; None: not read."""
    if instances is None:
        return None
    return any(
        str(item.get("Status", "OK")).upper() == "OK"
        and (not words or any(word in str(item.get("Name", "")).lower() for word in words))
        for item in instances
    )


def _parts(raw: dict) -> dict | None:
    endpoints = _instances(raw, "Win32_PnPEntity_AudioEndpoint")
    sound_devices = _instances(raw, "Win32_SoundDevice")
    # Endpoint names are in the system's language: "Speakers", "Loa", "Microphone", "Micrô".
    speaker = _working(endpoints, "speaker", "loa", "headphone", "tai nghe")
    microphone = _working(endpoints, "microphone", "micrô", "mic ")
    if endpoints is None and sound_devices is not None:
        speaker = microphone = _working(sound_devices)
    return compact(
        {
            "webcam": _working(_instances(raw, "Win32_PnPEntity_Camera")),
            "microphone": microphone,
            "speaker": speaker,
            "wifi": _working(_instances(raw, "Win32_NetworkAdapter_Wifi")),
        }
    )


def parse(document: dict) -> dict:
    raw = document["raw"]
    if not isinstance(raw, dict):
        raise TypeError("raw")
    memory, memory_from = _memory(raw)
    disks, disks_from = _disks(raw)
    battery, battery_from = _battery(raw)
    wipe = document.get("wipe")
    sources = {
        "system": "Win32_ComputerSystem, Win32_BIOS, Win32_SystemEnclosure",
        "cpu": "Win32_Processor",
        "memory": memory_from,
        "disks": disks_from,
        "os": "Win32_OperatingSystem",
        "battery": battery_from,
        "parts": "Win32_PnPEntity, Win32_SoundDevice, Win32_NetworkAdapter",
        "wipe": "wipe",
    }
    return snapshot(
        document,
        tool=document["tool"],
        captured_at=document["captured_at"],
        facts={
            "system": _system(raw),
            "cpu": _cpu(raw),
            "memory": memory,
            "disks": disks,
            "os": _os(raw),
            "battery": battery,
            "parts": _parts(raw),
            "wipe": wipe,
        },
        sources={name: where for name, where in sources.items() if where},
    )
