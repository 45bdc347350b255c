"""The Windows capture script, checked as text: PowerShell is not on the Linux machines
that run these tests. It queries exactly the CIM classes and properties the contract lists
under the raw keys the parser reads, reads the variables the portal bakes into a device's
copy, posts with the device's token, and has no command that could erase anything."""

import re

import pytest

from portal.hardware import scripts

ROOT_CIMV2 = "root/cimv2"
# The contract (HARDWARE_CONTRACT "raw for windows"): raw key -> (class, namespace, properties).
CONTRACT = {
    "Win32_ComputerSystem": (
        "Win32_ComputerSystem",
        ROOT_CIMV2,
        ["Manufacturer", "Model", "TotalPhysicalMemory", "PCSystemType"],
    ),
    "Win32_BIOS": ("Win32_BIOS", ROOT_CIMV2, ["SerialNumber"]),
    "Win32_SystemEnclosure": ("Win32_SystemEnclosure", ROOT_CIMV2, ["ChassisTypes"]),
    "Win32_Processor": ("Win32_Processor", ROOT_CIMV2, ["Name", "MaxClockSpeed", "NumberOfCores"]),
    "Win32_PhysicalMemory": (
        "Win32_PhysicalMemory",
        ROOT_CIMV2,
        ["Capacity", "SerialNumber", "SMBIOSMemoryType", "Speed"],
    ),
    "Win32_DiskDrive": (
        "Win32_DiskDrive",
        ROOT_CIMV2,
        ["Model", "SerialNumber", "Size", "MediaType", "InterfaceType"],
    ),
    "MSFT_PhysicalDisk": (
        "MSFT_PhysicalDisk",
        "root/Microsoft/Windows/Storage",
        ["FriendlyName", "SerialNumber", "Size", "MediaType", "BusType", "HealthStatus"],
    ),
    "Win32_OperatingSystem": (
        "Win32_OperatingSystem",
        ROOT_CIMV2,
        ["Caption", "Version", "BuildNumber", "OSArchitecture", "InstallDate"],
    ),
    "Win32_Battery": (
        "Win32_Battery",
        ROOT_CIMV2,
        ["Name", "DesignCapacity", "FullChargeCapacity", "EstimatedChargeRemaining"],
    ),
    "BatteryStaticData": ("BatteryStaticData", "root/wmi", ["DesignedCapacity"]),
    "BatteryFullChargedCapacity": (
        "BatteryFullChargedCapacity",
        "root/wmi",
        ["FullChargedCapacity"],
    ),
    "Win32_PnPEntity_Camera": ("Win32_PnPEntity", ROOT_CIMV2, ["Name", "PNPClass", "Status"]),
    "Win32_PnPEntity_AudioEndpoint": ("Win32_PnPEntity", ROOT_CIMV2, ["Name", "Status"]),
    "Win32_SoundDevice": ("Win32_SoundDevice", ROOT_CIMV2, ["Name", "Status"]),
    "Win32_NetworkAdapter_Wifi": ("Win32_NetworkAdapter", ROOT_CIMV2, ["Name", "NetConnectionID"]),
    "BitLocker": (
        "Win32_EncryptableVolume",
        "root/cimv2/security/microsoftvolumeencryption",
        ["DriveLetter", "ProtectionStatus", "EncryptionMethod"],
    ),
}
QUERY = re.compile(
    r"^\$raw\['(?P<key>\w+)'\] = Get-MtcCim -ClassName (?P<cls>\w+) -Property (?P<props>'\w+'(?:, '\w+')*)"
    r"(?: -Namespace '(?P<namespace>[\w/]+)')?(?: -Filter (?P<filter>.+))?$",
    re.M,
)


@pytest.fixture
def script() -> str:
    return scripts.published("windows").content.decode("utf-8")


def test_every_contract_class_is_queried_with_its_properties(script):
    queried = {
        found["key"]: (
            found["cls"],
            found["namespace"] or ROOT_CIMV2,
            re.findall(r"'(\w+)'", found["props"]),
        )
        for found in QUERY.finditer(script)
    }

    assert queried == CONTRACT
    # Each query sits in the helper that turns a missing class or a refusal into [].
    helper = script[script.index("function Get-MtcCim") : script.index("function Format-MtcDate")]
    assert "try {" in helper
    assert "$items = @()" in helper
    assert "return , $items" in helper


def test_the_filters_pick_cameras_speakers_and_wifi(script):
    filters = {found["key"]: found["filter"] for found in QUERY.finditer(script) if found["filter"]}

    assert filters["Win32_PnPEntity_Camera"] == "\"PNPClass = 'Camera' OR PNPClass = 'Image'\""
    assert filters["Win32_PnPEntity_AudioEndpoint"] == "\"PNPClass = 'AudioEndpoint'\""
    assert filters["Win32_NetworkAdapter_Wifi"] == "$wifiFilter"
    wifi = script[script.index("$wifiFilter =") : script.index('Write-Host "Đang đọc')]
    for word in ("Wi-Fi", "Wireless", "802.11"):
        assert f"Name LIKE '%{word}%'" in wifi


def test_the_script_reads_the_variables_the_portal_bakes_in(script):
    _, served = scripts.personalised(
        "windows", code="HN-0001", token="abc", upload_url="https://maytinhcu.example.vn/u"
    )
    header = served.decode("utf-8-sig").splitlines()[: scripts.HEADER_LINES]

    set_by_header = {
        re.match(r"(\$MTC_\w+) = ", line).group(1) for line in header if line.startswith("$")
    }
    read_by_script = set(re.findall(r"\$MTC_[A-Z_]+", script))
    assert set_by_header == read_by_script == {"$MTC_DEVICE_CODE", "$MTC_TOKEN", "$MTC_UPLOAD_URL"}


def test_the_report_is_posted_with_the_token_or_saved_without_bom(script):
    assert "Invoke-RestMethod -Uri $MTC_UPLOAD_URL -Method Post -Body $bytes" in script
    assert "-ContentType 'application/json; charset=utf-8'" in script
    assert '-Headers @{ Authorization = "Bearer $MTC_TOKEN" }' in script
    assert "$bytes = [Text.Encoding]::UTF8.GetBytes(" in script
    assert "[IO.File]::WriteAllBytes($path, $bytes)" in script
    assert "$name = 'maytinhcu-{0}-{1}.json' -f $MTC_DEVICE_CODE" in script
    assert "Hãy tải tệp này lên sau, ở trang của thiết bị $MTC_DEVICE_CODE" in script
    # A 5.1 array would otherwise be written as {"value": [...], "Count": n}.
    assert "Remove-TypeData -TypeName System.Array" in script


def test_the_reset_record_needs_the_asset_code_typed_on_the_machine(script):
    reset = script[script.index("if ($GhiNhanDatLai) {") : script.index("$report = [ordered]@{")]

    assert "Read-Host" in reset
    assert 'if ("$typed".Trim() -eq $MTC_DEVICE_CODE) {' in reset
    assert reset.index("Read-Host") < reset.index("method      = 'reset_encrypted'")
    assert "finished_at = Format-MtcDate $installed" in reset


@pytest.mark.parametrize(
    "command",
    [
        "Clear-Disk",
        "Format-Volume",
        "Remove-Partition",
        "Initialize-Disk",
        "Remove-Item",
        "diskpart",
        "cipher",
    ],
)
def test_the_windows_script_erases_nothing(script, command):
    assert command.lower() not in script.lower()
