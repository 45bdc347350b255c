"""The Windows capture script, checked as text and parsed with tree-sitter's PowerShell
grammar: PowerShell is not on the Linux machines that run these tests. It queries exactly the CIM classes and properties the contract lists
under the raw keys the parser reads, reads the variables the portal bakes into a device's
copy, posts with the device's token, tells a refusal (the portal's reason) from no network,
and has no command that could erase anything."""

import re

import pytest
import tree_sitter_powershell
from tree_sitter import Language, Parser

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
    # Invoke-WebRequest: its raw bytes are read as UTF-8 (Invoke-RestMethod in 5.1 would read
    # an answer that names no charset as ISO-8859-1).
    assert "Invoke-WebRequest -Uri $MTC_UPLOAD_URL -Method Post -Body $bytes" in script
    assert "-UseBasicParsing -ErrorAction Stop" in script
    assert "Invoke-RestMethod" not in script
    assert "-ContentType 'application/json; charset=utf-8'" in script
    assert '-Headers @{ Authorization = "Bearer $MTC_TOKEN" }' in script
    assert "$bytes = [Text.Encoding]::UTF8.GetBytes(" in script
    assert "[IO.File]::WriteAllBytes($path, $bytes)" in script
    assert "$name = 'maytinhcu-{0}-{1}.json' -f $MTC_DEVICE_CODE" in script
    assert "Hãy tải tệp này lên sau, ở trang của thiết bị $MTC_DEVICE_CODE" in script
    # A 5.1 array would otherwise be written as {"value": [...], "Count": n}.
    assert "Remove-TypeData -TypeName System.Array" in script


def sending(script: str) -> str:
    return script[script.index("# --- sending or saving") :]


def test_only_no_answer_at_all_is_called_no_network(script):
    """A 4xx or 5xx also throws: the catch looks for a response before blaming the network,
    and the response's status and body are what the volunteer is told about."""
    part = sending(script)
    caught = part[part.index("} catch {\n        # A 4xx") :]
    answered = caught.index("if ($null -ne $response) {")
    no_answer = caught.index("} else {", answered)

    assert part.count("không có mạng") == 1
    assert caught.index("không có mạng") > no_answer
    assert caught.index("$status = [int]$response.StatusCode") < no_answer
    assert caught.index("$body = Get-MtcRefusalBody $_") < no_answer


def test_a_refusal_body_is_read_in_both_powershells_as_utf8(script):
    reader = sending(script)[: sending(script).index("# The string under $Key")]

    # 5.1: the WebException's response stream; 7: ErrorDetails.
    assert "$Failure.Exception.Response.GetResponseStream()" in reader
    assert "$Failure.ErrorDetails.Message" in reader
    assert "[Text.Encoding]::UTF8.GetString($copy.ToArray())" in reader
    assert "ConvertFrom-MtcBody $answer.RawContentStream" in sending(script)
    # Vietnamese on the console: set before anything is written.
    assert script.index("[Console]::OutputEncoding = [Text.Encoding]::UTF8") < script.index(
        "Write-Host"
    )


def test_the_portals_own_words_are_shown_for_each_answer(script):
    part = sending(script)
    accepted = part[part.index("if ($status -ge 200 -and $status -lt 300) {") :]
    refused = part[part.index("if ($status -ge 400 -and $status -lt 500) {") :]
    token_refused = refused[: refused.index("} else {")]
    report_refused = refused[refused.index("} else {") : refused.index("Exit-Mtc 1")]

    assert "$said = Get-MtcField $body 'message'" in accepted
    assert "KHÔNG nhận báo cáo này (mã lỗi $status): $(Get-MtcSaid $body 'error')" in refused
    # A refused token: the file is kept for a signed-in volunteer to upload by hand.
    assert "if ($status -eq 401 -or $status -eq 403) {" in token_refused
    assert "Save-MtcReport" in token_refused
    assert "“Tải lên tệp báo cáo đã lưu”" in token_refused
    # A refused report: keeping it would only lead to a second refusal.
    assert "Save-MtcReport" not in report_refused
    assert "Báo cáo không được lưu lại." in report_refused
    assert "Exit-Mtc 1" in refused


def test_the_reset_record_needs_the_asset_code_typed_on_the_machine(script):
    reset = script[script.index("if ($GhiNhanDatLai) {") : script.index("$report = [ordered]@{")]

    assert "Read-Host" in reset
    assert 'if ("$typed".Trim() -eq $MTC_DEVICE_CODE) {' in reset
    assert reset.index("Read-Host") < reset.index("method      = 'reset_encrypted'")
    assert "finished_at = Format-MtcDate $installed" in reset


def test_typographic_double_quotes_are_never_inside_a_double_quoted_string(script):
    """PowerShell takes “ and ” for ", so one inside "…" would end the string there."""
    code_lines = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    with_curly = [line for line in code_lines if "“" in line or "”" in line]

    assert with_curly
    assert [line for line in with_curly if '"' in line] == []


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


def _syntax_errors(source: bytes) -> list[tuple[int, int]]:
    tree = Parser(Language(tree_sitter_powershell.language())).parse(source)
    found, waiting = [], [tree.root_node]
    while waiting:
        node = waiting.pop()
        if node.type == "ERROR" or node.is_missing:
            found.append(node.start_point)
        waiting.extend(node.children)
    return found


def test_a_devices_copy_parses_as_powershell():
    _name, served = scripts.personalised(
        "windows", code="HN-0001", token="abc_DEF-123", upload_url="https://maytinhcu.vn/u/"
    )

    assert _syntax_errors(served.removeprefix(scripts.UTF8_BOM)) == []
    # The parser does find a broken script: an unclosed block.
    assert _syntax_errors(served.replace(b"try {", b"try {{", 1)) != []
