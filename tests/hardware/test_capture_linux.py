"""The Linux capture script, run for real with `sh` on a fake laptop (tests/hardware/
fake_machine.py): it posts every raw fact the contract lists with the device's token, prints
what the portal answers (its reason when it refuses), saves the report when the portal cannot
be reached, and erases a disk only with --xoa and the disk's serial typed for it."""

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest

from django.http import JsonResponse
from django.urls import reverse

from portal.hardware import scripts
from portal.services.hardware import capture_token_issue
from portal.views.hardware import _error as portal_refusal
from tests.factories.devices import received
from tests.hardware import fake_machine as fake
from tests.hardware.fake_machine import FakeMachine, UploadEndpoint

CODE = "HN-GL-0042"
TOKEN = "t0k3n_one-time"
SCHEMA = Path(scripts.__file__).parent / "schema" / "snapshot-1.schema.json"
NO_NETWORK = "không có mạng"


@pytest.fixture
def machine(tmp_path) -> FakeMachine:
    return FakeMachine(tmp_path).build()


def device_copy(machine: FakeMachine, url: str, code: str = CODE, token: str = TOKEN) -> Path:
    name, content = scripts.personalised("linux", code=code, token=token, upload_url=url)
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
    assert NO_NETWORK in message
    assert f"Đã lưu báo cáo vào: {saved}" in message
    assert f"Hãy tải tệp này lên sau, ở trang của thiết bị {CODE}" in message


def test_a_portal_that_fails_gets_the_report_saved_exactly_as_posted(machine):
    """A 500 (or a proxy's error page): the portal is there but broken, the same file can be
    sent later; what it sent is shown, not blamed on the network."""
    with UploadEndpoint(status=502, answer=b"<html><h1>502 Bad Gateway</h1></html>") as endpoint:
        result = machine.run(device_copy(machine, endpoint.url))

    assert result.returncode == 0
    [saved] = machine.cwd.glob("*.json")
    assert saved.read_bytes() == endpoint.posts[0]["body"]
    assert not saved.read_bytes().startswith(b"\xef\xbb\xbf")
    message = result.stderr.decode()
    assert "Cổng thông tin đang gặp lỗi (mã lỗi 502)" in message
    assert "502 Bad Gateway" in message
    assert NO_NETWORK not in message


def refusal(message: str, status: int) -> bytes:
    """A refusal exactly as the portal writes it."""
    return portal_refusal(message, status).content


ALREADY_USED = 'Mã gửi báo cáo này đã được dùng. Hãy lấy mã mới trên "trang thiết bị".'


@pytest.mark.parametrize("wget", [False, True], ids=["curl", "wget"])
def test_a_spent_token_shows_the_portals_reason_and_keeps_the_file_for_a_volunteer(machine, wget):
    if wget:  # what a minimal live system has: wget, no curl
        bare = machine.folder / "bare-bin"
        bare.mkdir()
        for command in fake.LIVE_COMMANDS:
            (bare / command).symlink_to(shutil.which(command))
        machine.path = f"{machine.bin}:{bare}"

    with UploadEndpoint(status=403, answer=refusal(ALREADY_USED, 403)) as endpoint:
        result = machine.run(device_copy(machine, endpoint.url))

    message = result.stderr.decode()
    assert result.returncode == 1
    assert f"KHÔNG nhận báo cáo này (mã lỗi 403): {ALREADY_USED}" in message
    assert NO_NETWORK not in message
    assert "curl:" not in message
    [saved] = machine.cwd.glob("*.json")
    assert saved.read_bytes() == endpoint.posts[0]["body"]
    assert f"Đã lưu báo cáo vào: {saved}" in message
    assert f"“Tải lên tệp báo cáo đã lưu” ở trang của thiết bị {CODE}" in message


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (400, "Báo cáo này là của máy HN-GL-0099, không phải HN-GL-0042."),
        (413, "Tệp quá lớn cho một báo cáo phần cứng."),
    ],
)
def test_a_report_the_portal_refuses_shows_why_and_is_not_kept(machine, status, reason):
    with UploadEndpoint(status=status, answer=refusal(reason, status)) as endpoint:
        result = machine.run(device_copy(machine, endpoint.url))

    message = result.stderr.decode()
    assert len(endpoint.posts) == 1
    assert result.returncode == 1
    assert f"KHÔNG nhận báo cáo này (mã lỗi {status}): {reason}" in message
    assert f"tải script mới từ trang của thiết bị {CODE}" in message
    assert NO_NETWORK not in message
    assert list(machine.cwd.glob("*.json")) == []


def test_an_accepted_report_shows_the_portals_message(machine):
    thanks = f"Đã nhận báo cáo phần cứng của {CODE}. Cảm ơn bạn!"
    answer = JsonResponse(
        {"ok": True, "device": CODE, "duplicate": False, "message": thanks},
        json_dumps_params={"ensure_ascii": False},
    ).content

    with UploadEndpoint(status=200, answer=answer) as endpoint:
        result = machine.run(device_copy(machine, endpoint.url))

    message = result.stderr.decode()
    assert len(endpoint.posts) == 1
    assert result.returncode == 0
    assert thanks in message
    assert f"Xem kết quả kiểm tra ở trang của thiết bị {CODE}." in message
    assert list(machine.cwd.glob("*.json")) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_real_portal_thanks_once_then_says_the_token_is_spent(
    machine, live_server, live_database, volunteer, team
):
    """A downloaded copy run twice against the portal (its live server: committed data, the
    migrated areas put back after the tests before that flushed them). The second run
    (another capture, the token spent) shows the portal's reason."""
    laptop = received(volunteer, team)
    token = capture_token_issue(actor=volunteer, device=laptop, platform="linux")
    address = live_server.url + reverse("portal:snapshot_upload")
    script = device_copy(machine, address, code=laptop.asset_code, token=token)

    first = machine.run(script)
    # Another capture, not a retry of the first (which the portal would take as received).
    battery = machine.root / "sys/class/power_supply/BAT0/uevent"
    battery.write_text(fake.BATTERY_UEVENT.replace("ENERGY_FULL=41230000", "ENERGY_FULL=31230000"))
    second = machine.run(script)

    assert first.returncode == 0, first.stderr.decode()
    assert f"Đã nhận báo cáo phần cứng của {laptop.asset_code}. Cảm ơn bạn!" in (
        first.stderr.decode()
    )
    assert second.returncode == 1
    said = second.stderr.decode()
    assert (
        "KHÔNG nhận báo cáo này (mã lỗi 403): "
        "Mã gửi báo cáo này đã được dùng. Hãy lấy mã mới trên trang thiết bị."
    ) in said
    assert NO_NETWORK not in said
    assert laptop.snapshots.count() == 1


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
    assert "Không khớp: KHÔNG xoá" in result.stderr.decode()


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
