"""What each parser makes of the ways real machines and tools differ."""

import copy
import json

import pytest

from portal.hardware import snapshot
from tests.hardware.samples import SAMPLES


def _sample(name: str) -> dict:
    return json.loads((SAMPLES / name).read_text())


def _read(document: dict) -> dict:
    return snapshot.read(json.dumps(document).encode()).data


T430 = "linux/thinkpad-t430-2-disks.json"
EEE_LINUX = "linux/asus-eee-pc-1005ha-1gb.json"
PROBOOK = "windows/hp-probook-450-g5-nvme-hdd.json"
EEE_WINDOWS = "windows/asus-eee-pc-1015pe-1gb.json"


# --- Linux ---------------------------------------------------------------------------------
def test_lshw_as_one_object_and_as_a_one_element_array_give_the_same_cpu():
    document = _sample(T430)
    as_array = copy.deepcopy(document)
    as_array["raw"]["lshw"] = [document["raw"]["lshw"]]

    assert (
        _read(as_array)["cpu"]
        == _read(document)["cpu"]
        == {
            "model": "Intel(R) Core(TM) i5-3320M CPU @ 2.60GHz",
            "ghz": 3.3,
            "cores": 2,
        }
    )


def test_without_lshw_the_cpu_comes_from_dmidecode_and_without_both_from_cpuinfo():
    document = _sample(T430)
    document["raw"]["lshw"] = None
    from_dmidecode = _read(document)
    document["raw"]["dmidecode"] = None
    from_cpuinfo = _read(document)

    assert from_dmidecode["cpu"]["ghz"] == 2.6
    assert from_dmidecode["sources"]["cpu"] == "dmidecode"
    assert from_cpuinfo["cpu"] == {
        "model": "Intel(R) Core(TM) i5-3320M CPU @ 2.60GHz",
        "ghz": 2.6,
        "cores": 2,
    }
    # Without dmidecode, memory comes from lshw's banks... which went with lshw: meminfo,
    # rounded up to the half GB the kernel does not show.
    assert from_cpuinfo["memory"] == {"total_gb": 8.0}
    assert from_cpuinfo["sources"]["memory"] == "meminfo"


def test_empty_memory_slots_are_no_modules():
    data = _read(_sample("linux/dell-optiplex-7010-desktop-wiped.json"))

    assert data["memory"]["total_gb"] == 4.0
    assert [module["size_gb"] for module in data["memory"]["modules"]] == [2.0, 2.0]


def test_smartctl_tells_an_ssd_from_an_hdd_by_its_rotation_rate_and_reads_its_health():
    document = _sample(T430)
    document["raw"]["smartctl"][1]["smart_status"]["passed"] = False

    disks = _read(document)["disks"]

    assert [(disk["type"], disk["health"]) for disk in disks] == [("ssd", "ok"), ("hdd", "failing")]


def test_an_nvme_disk_in_smartctl_is_nvme():
    document = _sample(T430)
    report = document["raw"]["smartctl"][0]
    report["device"] = {"name": "/dev/nvme0", "type": "nvme", "protocol": "NVMe"}
    del report["rotation_rate"]

    assert _read(document)["disks"][0]["type"] == "nvme"


def test_without_smartctl_lsblk_gives_the_disks_and_leaves_out_the_usb_stick():
    document = _sample(T430)
    document["raw"]["smartctl"] = None

    data = _read(document)

    assert [(d["size_gb"], d["type"], d["health"]) for d in data["disks"]] == [
        (250.1, "ssd", "unknown"),
        (500.1, "hdd", "unknown"),
    ]
    assert data["sources"]["disks"] == "lsblk"


def test_old_lsblk_writes_its_flags_and_sizes_as_text():
    data = _read(_sample(EEE_LINUX))

    assert data["disks"] == [
        {
            "model": "Hitachi HTS54501",
            "serial": "100318PBN40017G1AB2C",
            "size_gb": 160.0,
            "type": "hdd",
            "health": "unknown",
        }
    ]


def test_a_disk_smartctl_missed_is_added_from_lsblk_once():
    document = _sample(T430)
    document["raw"]["smartctl"] = document["raw"]["smartctl"][:1]

    disks = _read(document)["disks"]

    assert [disk["serial"] for disk in disks] == ["S3YJNB0K512345A", "TF755AWHG1ZK3M"]
    assert _read(document)["sources"]["disks"] == "smartctl + lsblk"


def test_the_installed_system_is_reported_else_the_live_one_with_a_note():
    document = _sample(T430)
    installed = _read(document)
    document["raw"]["installed_os"] = None
    live = _read(document)

    assert installed["os"] == {"name": "Ubuntu 22.04.4 LTS", "version": "22.04"}
    assert installed["sources"]["os"] == "installed_os"
    assert live["os"] == {"name": "Debian GNU/Linux 12 (bookworm)", "version": "12"}
    assert live["sources"]["os"] == "os_release (live system)"


def test_a_battery_reporting_charge_is_converted_with_its_design_voltage():
    assert _read(_sample(EEE_LINUX))["battery"] == {"design_wh": 47.5, "full_wh": 31.3}


def test_a_desktop_without_battery_and_a_machine_without_camera_or_wifi():
    data = _read(_sample("linux/dell-optiplex-7010-desktop-wiped.json"))

    assert "battery" not in data
    assert data["parts"]["webcam"] is False
    assert data["parts"]["wifi"] is False


def test_tools_that_did_not_run_leave_their_facts_unknown_not_false():
    document = _sample(T430)
    for tool in ("sound_cards", "video_devices", "wifi", "power_supply", "os_release"):
        document["raw"][tool] = None
    document["raw"]["installed_os"] = None

    data = _read(document)

    for section in ("parts", "battery", "os"):
        assert section not in data
        assert section not in data["sources"]


# --- Windows -------------------------------------------------------------------------------
def test_old_windows_without_storage_classes_reads_win32_diskdrive_and_skips_usb():
    data = _read(_sample(EEE_WINDOWS))

    assert data["disks"] == [
        {
            "model": "Hitachi HTS545016B9A300 ATA Device",
            "serial": "091230PBN4001GG7X2TE",
            "size_gb": 160.0,
            "type": "unknown",
            "health": "unknown",
        }
    ]
    assert data["sources"]["disks"] == "Win32_DiskDrive"


def test_msft_physicaldisk_gives_nvme_ssd_hdd_and_health():
    document = _sample(PROBOOK)
    document["raw"]["MSFT_PhysicalDisk"][1]["HealthStatus"] = 2

    disks = _read(document)["disks"]

    assert [(d["size_gb"], d["type"], d["health"]) for d in disks] == [
        (256.1, "nvme", "ok"),
        (1000.2, "hdd", "failing"),
    ]


def test_a_single_instance_not_wrapped_in_a_list_still_reads():
    document = _sample(PROBOOK)
    document["raw"]["Win32_Processor"] = document["raw"]["Win32_Processor"][0]

    assert _read(document)["cpu"]["ghz"] == 1.8


def test_without_module_details_windows_total_memory_is_rounded_up():
    document = _sample(EEE_WINDOWS)
    document["raw"]["Win32_PhysicalMemory"] = []

    data = _read(document)

    assert data["memory"] == {"total_gb": 1.0}
    assert data["sources"]["memory"] == "Win32_ComputerSystem"


def test_a_vietnamese_windows_names_its_speakers_and_microphone_in_vietnamese():
    document = _sample(PROBOOK)
    document["raw"]["Win32_PnPEntity_AudioEndpoint"] = [
        {"Name": "Loa (Conexant ISST Audio)", "Status": "OK"},
        {"Name": "Micrô (Conexant ISST Audio)", "Status": "OK"},
    ]

    parts = _read(document)["parts"]

    assert parts["speaker"] is True
    assert parts["microphone"] is True


def test_a_camera_windows_reports_in_error_is_not_a_working_webcam():
    document = _sample(PROBOOK)
    document["raw"]["Win32_PnPEntity_Camera"][0]["Status"] = "Error"

    assert _read(document)["parts"]["webcam"] is False


@pytest.mark.parametrize(
    ("types", "chassis"), [([10], "laptop"), ([3], "desktop"), ([30], "tablet")]
)
def test_windows_chassis_types(types, chassis):
    document = _sample(PROBOOK)
    document["raw"]["Win32_SystemEnclosure"] = [{"ChassisTypes": types}]

    assert _read(document)["system"]["chassis"] == chassis


# --- eReuse --------------------------------------------------------------------------------
def test_an_ereuse_snapshot_without_offset_is_taken_as_utc():
    data = _read(_sample("ereuse/workbench-script-hp-elitebook-840-g3.json"))

    assert data["captured_at"] == "2026-11-27T08:54:19.402177+00:00"
    assert data["tool"] == {"name": "workbench-script", "version": "0.0.1"}


def test_ereuse_smartctl_as_text_or_as_a_list_reads_the_same():
    document = _sample("ereuse/workbench-script-hp-elitebook-840-g3.json")
    as_list = copy.deepcopy(document)
    as_list["data"]["smartctl"] = json.loads(document["data"]["smartctl"])

    assert _read(as_list)["disks"] == _read(document)["disks"]
