"""A broken or foreign upload is refused with a message in Vietnamese, never another error."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.hardware import snapshot
from tests.hardware.samples import EXPECTED, SAMPLES

# Words any of the refusals has; an English or a Python message has none of them.
VIETNAMESE = ("báo cáo", "tệp", "định dạng", "hệ điều hành", "phần cứng")


def _refused(data: bytes) -> str:
    with pytest.raises(snapshot.SnapshotError) as refused:
        snapshot.read(data)
    message = str(refused.value)
    assert any(word in message.lower() for word in VIETNAMESE), message
    return message


def _capture(name="linux/thinkpad-t430-2-disks.json") -> dict:
    return json.loads((SAMPLES / name).read_text())


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01garbage",
        b"[]",
        b'"a string"',
        b"{}",
        b'{"format": "maytinhcu-capture/1", "platform": "macos", "raw": {}}',
        b'{"format": "maytinhcu-capture/1", "platform": "linux"}',
        b'{"format": "maytinhcu-capture/1", "platform": "windows", "raw": []}',
        b'{"type": "Snapshot", "data": "text"}',
        b'{"type": "Snapshot", "data": {}, "timestamp": "yesterday"}',
        b"[" * 100_000,
    ],
)
def test_broken_uploads_are_refused_in_vietnamese(data):
    _refused(data)


def test_a_capture_with_no_hardware_facts_says_so():
    document = _capture()
    document["raw"] = dict.fromkeys(document["raw"])

    message = _refused(json.dumps(document).encode())

    assert "không có thông tin phần cứng" in message


@pytest.mark.parametrize(
    "section", ["Win32_Processor", "Win32_PhysicalMemory", "MSFT_PhysicalDisk"]
)
def test_a_windows_class_of_the_wrong_type_is_refused(section):
    document = _capture("windows/hp-probook-450-g5-nvme-hdd.json")
    document["raw"][section] = "not a list"

    _refused(json.dumps(document).encode())


def test_a_wipe_record_that_breaks_the_format_names_the_field():
    document = _capture()
    document["wipe"] = {"method": "magic", "tool": "x", "finished_at": "now", "disks": []}

    message = _refused(json.dumps(document).encode())

    assert "wipe" in message


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*path, index))


def _replace(document, path, new):
    if not path:
        return new
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from([sample["file"] for sample in EXPECTED]),
    choice=st.integers(min_value=0),
    new=_JSON,
    delete=st.booleans(),
)
def test_a_sample_with_any_part_replaced_or_removed_reads_or_is_refused_in_vietnamese(
    sample, choice, new, delete
):
    document = json.loads((SAMPLES / sample).read_text())
    paths = [path for path in _paths(document) if path]
    path = paths[choice % len(paths)]
    if delete:
        parent = _replace(document, (), document)
        for step in path[:-1]:
            parent = parent[step]
        del parent[path[-1]]
    else:
        document = _replace(document, path, new)

    try:
        read, refusal = snapshot.read(json.dumps(document).encode()), ""
    except snapshot.SnapshotError as refused:
        read, refusal = None, str(refused)

    if read is None:
        assert any(word in refusal.lower() for word in VIETNAMESE), refusal
    else:
        read.measurements()  # whatever was read gives measurements without an error


@pytest.mark.parametrize(
    "body",
    [
        b'"memory": {"total_gb": NaN}',
        b'"cpu": {"ghz": NaN}',
        b'"battery": {"design_wh": NaN, "full_wh": 1}',
        b'"disks": [{"size_gb": NaN}]',
        b'"disks": [{"size_gb": Infinity}]',
        b'"disks": [{"size_gb": 1e400}]',
    ],
)
def test_a_snapshot_with_not_a_number_is_refused_before_it_reaches_the_measurements(body):
    # NaN passed the schema's bounds, then the spec check's measurements failed on it.
    head = b'{"format": "maytinhcu-snapshot/1", "captured_at": "2026-11-30T10:00:00+07:00", '
    head += b'"tool": {"name": "x", "version": "1"}, "sources": {}, '

    _refused(head + body + b"}")


@pytest.mark.parametrize("size", [b"1e400", b"1" + b"0" * 400])
def test_a_capture_with_a_number_too_big_for_a_float_is_refused(size):
    text = (SAMPLES / "windows/hp-probook-450-g5-nvme-hdd.json").read_bytes()
    broken = text.replace(b'"Size": 256060514304', b'"Size": ' + size)

    assert broken != text
    _refused(broken)


@pytest.mark.parametrize(
    "captured_at",
    ["yesterday", "2026-11-30T10:15:00", "2026-13-30T10:15:00+07:00", "2026-11-30T25:15:00Z"],
)
def test_a_capture_time_that_is_no_date_and_time_with_offset_is_refused(captured_at):
    # The schema's "date-time" was not checked at all without an optional package.
    document = _capture()
    document["captured_at"] = captured_at

    message = _refused(json.dumps(document).encode())

    assert "captured_at" in message


@pytest.mark.parametrize(
    "captured_at",
    ["2026-11-30T10:15:00+07:00", "2026-11-30T03:15:00Z", "2026-11-30T10:15:00.1234567+07:00"],
)
def test_a_capture_time_as_powershell_and_the_scripts_write_it_is_accepted(captured_at):
    document = _capture()
    document["captured_at"] = captured_at

    assert snapshot.read(json.dumps(document).encode()).data["captured_at"] == captured_at
