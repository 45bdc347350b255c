"""The Linux capture script, run for real with `sh` on a fake laptop (tests/hardware/
fake_machine.py): it posts every raw fact the contract lists with the device's token, saves
the report when the portal cannot be reached, and erases a disk only with --xoa and the
disk's serial typed for it."""

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from portal.hardware import scripts
from tests.hardware import fake_machine as fake
from tests.hardware.fake_machine import FakeMachine, UploadEndpoint

CODE = "HN-GL-0042"
TOKEN = "t0k3n_one-time"
SCHEMA = Path(scripts.__file__).parent / "schema" / "snapshot-1.schema.json"


@pytest.fixture
def machine(tmp_path) -> FakeMachine:
    return FakeMachine(tmp_path).build()


def device_copy(machine: FakeMachine, url: str) -> Path:
    name, content = scripts.personalised("linux", code=CODE, token=TOKEN, upload_url=url)
    path = machine.folder / name
    path.write_bytes(content)
    return path


def unreachable_url() -> str:
    """An address on this machine where nothing listens any more."""
    endpoint = UploadEndpoint()
    endpoint.server.server_close()
    return endpoint.url


def text(canned: bytes) -> str:
    """A tool's text as the report must carry it: valid UTF-8, control bytes dropped."""
    return re.sub(r"[\x00-\x08\x0b-\x1f]", "", canned.decode("utf-8", "ignore"))


def wipe_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text())
    wipe = {"$defs": schema["$defs"], **schema["properties"]["wipe"]}
    return jsonschema.Draft202012Validator(wipe, format_checker=jsonschema.FormatChecker())


def test_the_report_carries_every_raw_fact_and_the_token(machine):
    with UploadEndpoint() as endpoint:
        result = machine.run(device_copy(machine, endpoint.url))

    assert result.returncode == 0, result.stderr.decode()
    [post] = endpoint.posts
    assert post["path"] == "/portal/api/snapshots"
    assert post["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert post["headers"]["Content-Type"] == "application/json; charset=utf-8"
    report = json.loads(post["body"].decode("utf-8"))
    assert {key: report[key] for key in ("format", "platform", "tool", "device_code", "wipe")} == {
        "format": "maytinhcu-capture/1",
        "platform": "linux",
        "tool": {"name": "maytinhcu-capture.sh", "version": "1.0.0"},
        "device_code": CODE,
        "wipe": None,
    }
    assert datetime.fromisoformat(report["captured_at"]).tzinfo is not None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", report["captured_at"])
    assert report["raw"] == {
        "lshw": json.loads(text(fake.LSHW)),
        "dmidecode": text(fake.DMIDECODE),
        "lsblk": fake.LSBLK,
        "smartctl": [fake.SMARTCTL["sda"], fake.SMARTCTL["nvme0n1"]],
        "os_release": fake.OS_RELEASE,
        "installed_os": fake.INSTALLED_OS,
        "meminfo": fake.MEMINFO,
        "cpuinfo": fake.CPUINFO,
        "power_supply": {
            "BAT0": {
                "name": "BAT0",
                "type": "Battery",
                "status": "Discharging",
                "energy_full_design": "57020000",
                "energy_full": "41230000",
                "model_name": '01AV4"31',
            }
        },
        "sound_cards": fake.SOUND_CARDS,
        "video_devices": ["Integrated Camera: Integrated C"],
        "wifi": ["wlp3s0"],
    }


def test_hostile_firmware_text_still_gives_valid_json(machine):
    """Quotes, backslashes, tabs, escape sequences and bytes that are not UTF-8 in what
    dmidecode and lshw print: the report is still one valid UTF-8 JSON document."""
    with UploadEndpoint() as endpoint:
        machine.run(device_copy(machine, endpoint.url))

    raw = json.loads(endpoint.posts[0]["body"].decode("utf-8", "strict"))["raw"]
    assert '\tProduct Name: 20L5"; rm -rf / #\n' in raw["dmidecode"]
    assert "\tVersion: ThinkPad \\T480\\ [31m\n" in raw["dmidecode"]
    assert "\tSKU Number: LENOVO_MT_20L5_ café\n" in raw["dmidecode"]
    assert raw["lshw"]["product"] == 'ThinkPad T480 "20L5" '


def test_without_a_network_the_report_is_saved_to_upload_later(machine):
    result = machine.run(device_copy(machine, unreachable_url()))

    assert result.returncode == 0
    [saved] = machine.cwd.glob("*.json")
    assert re.fullmatch(rf"maytinhcu-{CODE}-\d{{8}}-\d{{6}}\.json", saved.name)
    report = json.loads(saved.read_bytes().decode("utf-8"))
    assert report["device_code"] == CODE
    assert report["raw"]["lsblk"] == fake.LSBLK
    message = result.stderr.decode()
    assert f"Đã lưu vào: {saved}" in message
    assert f"Hãy tải tệp này lên sau, ở trang của thiết bị {CODE}" in message


def test_a_refused_upload_saves_exactly_what_was_posted(machine):
    with UploadEndpoint(status=500) as endpoint:
        result = machine.run(device_copy(machine, endpoint.url))

    assert result.returncode == 0
    [saved] = machine.cwd.glob("*.json")
    assert saved.read_bytes() == endpoint.posts[0]["body"]
    assert not saved.read_bytes().startswith(b"\xef\xbb\xbf")


def test_without_xoa_no_disk_is_written_even_if_serials_are_typed(machine):
    before = {name: (machine.dev / name).stat().st_mtime_ns for name in machine.disks}
    answers = f"{fake.HDD_SERIAL}\n{fake.NVME_SERIAL}\n4C530001\n"

    with UploadEndpoint() as endpoint:
        result = machine.run(device_copy(machine, endpoint.url), answers=answers)

    assert result.returncode == 0
    for name, content in machine.disks.items():
        assert machine.disk(name) == content, name
        assert (machine.dev / name).stat().st_mtime_ns == before[name], name
    assert json.loads(endpoint.posts[0]["body"])["wipe"] is None


def test_xoa_with_a_wrong_confirmation_erases_nothing(machine):
    answers = f"{fake.HDD_SERIAL[:-1]}\nyes\n"

    with UploadEndpoint() as endpoint:
        result = machine.run(device_copy(machine, endpoint.url), "--xoa", answers=answers)

    assert result.returncode == 0
    for name, content in machine.disks.items():
        assert machine.disk(name) == content, name
    assert json.loads(endpoint.posts[0]["body"])["wipe"] is None
    assert "Không khớp: KHÔNG xóa" in result.stderr.decode()


def test_xoa_erases_the_confirmed_disk_only_and_records_it(machine):
    """The HDD's serial typed, the SSD's prompt left empty: the HDD is overwritten (one
    random pass, then zeros), the SSD and the live USB are untouched."""
    answers = f"{fake.HDD_SERIAL}\n\n"

    with UploadEndpoint() as endpoint:
        result = machine.run(device_copy(machine, endpoint.url), "--xoa", answers=answers)

    assert result.returncode == 0, result.stderr.decode()
    assert machine.disk("sda") == bytes(fake.DISK_BYTES)
    assert machine.disk("nvme0n1") == machine.disks["nvme0n1"]
    assert machine.disk("sdb") == machine.disks["sdb"]
    wipe = json.loads(endpoint.posts[0]["body"])["wipe"]
    wipe_validator().validate(wipe)
    assert wipe["method"] == "clear"
    assert wipe["tool"] == "maytinhcu-capture.sh 1.0.0: shred -n 1 -z"
    assert wipe["disks"] == [{"serial": fake.HDD_SERIAL, "model": "WDC WD5000LPCX", "result": "ok"}]
    assert datetime.fromisoformat(wipe["started_at"]) <= datetime.fromisoformat(wipe["finished_at"])


def test_the_live_usb_is_never_offered_for_erasing(machine):
    answers = "4C530001\n" * 3

    with UploadEndpoint() as endpoint:
        result = machine.run(device_copy(machine, endpoint.url), "--xoa", answers=answers)

    assert machine.disk("sdb") == machine.disks["sdb"]
    assert "gõ đúng: 4C530001" not in result.stderr.decode()
    assert (
        f"Bỏ qua {machine.dev / 'sdb'} (Cruzer Blade): ổ đang được dùng" in result.stderr.decode()
    )
    assert json.loads(endpoint.posts[0]["body"])["wipe"] is None


@pytest.mark.skipif(not shutil.which("blkdiscard"), reason="needs util-linux's blkdiscard")
def test_an_erase_that_fails_is_recorded_as_failed(machine):
    """The SSD confirmed, but its stand-in is a plain file that blkdiscard cannot discard
    or zero: the disk keeps its data and the report says the erase failed."""
    answers = f"\nXOA {fake.NVME_SERIAL}\n"

    with UploadEndpoint() as endpoint:
        result = machine.run(device_copy(machine, endpoint.url), "--xoa", answers=answers)

    assert result.returncode == 0
    assert machine.disk("nvme0n1") == machine.disks["nvme0n1"]
    wipe = json.loads(endpoint.posts[0]["body"])["wipe"]
    wipe_validator().validate(wipe)
    assert wipe["disks"] == [
        {"serial": fake.NVME_SERIAL, "model": "SAMSUNG MZVLB256HAHQ", "result": "failed"}
    ]
    assert "THẤT BẠI" in result.stderr.decode()


def test_the_published_copy_alone_refuses_to_run(machine):
    """Without the header the portal adds there is no device to report for."""
    published = machine.folder / "published.sh"
    published.write_bytes(scripts.published("linux").content)

    result = machine.run(published)

    assert result.returncode == 2
    assert "bản riêng của thiết bị" in result.stderr.decode()
    assert list(machine.cwd.iterdir()) == []


def test_a_live_system_without_python_or_jq_still_sends_valid_json(machine):
    """Only the commands a minimal Debian live system has (no python3 or jq to check the
    tools' JSON with, wget and no curl): the report is still one valid JSON document, posted
    with the token."""
    bare = machine.folder / "bare-bin"
    bare.mkdir()
    for command in fake.LIVE_COMMANDS:
        (bare / command).symlink_to(shutil.which(command))
    machine.path = f"{machine.bin}:{bare}"

    with UploadEndpoint() as endpoint:
        result = machine.run(device_copy(machine, endpoint.url))

    assert result.returncode == 0, result.stderr.decode()
    [post] = endpoint.posts
    assert post["headers"]["User-Agent"].startswith("Wget/")
    assert post["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert post["headers"]["Content-Type"] == "application/json; charset=utf-8"
    raw = json.loads(post["body"].decode("utf-8"))["raw"]
    assert raw["lsblk"] == fake.LSBLK
    assert raw["dmidecode"] == text(fake.DMIDECODE)
