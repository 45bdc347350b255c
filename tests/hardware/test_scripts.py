"""Each device's copy of a capture script: the published script byte for byte after a short
header with the device's values, so a team can check the SHA-256 the portal shows."""

import hashlib
import subprocess
import unicodedata
from pathlib import Path

import pytest

from portal.hardware import scripts
from tests.hardware.fake_machine import SH

URL = "https://maytinhcu.example.vn/portal/thiet-bi/bao-cao-phan-cung"


@pytest.mark.parametrize("platform", scripts.PLATFORMS)
def test_the_published_hash_is_the_files(platform):
    script = scripts.published(platform)

    content = (scripts.FOLDER / script.filename).read_bytes()
    assert script.content == content
    assert script.sha256 == hashlib.sha256(content).hexdigest()
    assert script.version == "1.0.0"


@pytest.mark.parametrize("platform", scripts.PLATFORMS)
def test_the_readme_gives_the_published_hash_a_team_checks_against(platform):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    script = scripts.published(platform)

    assert f"| `portal/hardware/capture/{script.filename}` | `{script.sha256}` |" in readme


@pytest.mark.parametrize("platform", scripts.PLATFORMS)
def test_a_device_copy_is_the_published_script_after_its_header(platform):
    name, served = scripts.personalised(
        platform, code="HN-0001", token="abc_DEF-123", upload_url=URL
    )

    published = scripts.published(platform)
    assert name == f"maytinhcu-HN-0001{published.suffix}"
    assert served.endswith(published.content)
    assert scripts.published_part(served) == published.content
    header = served[: -len(published.content)].decode("utf-8-sig")
    assert header.count("\n") == scripts.HEADER_LINES
    assert published.sha256 in header


def test_the_linux_copy_checks_with_tail_and_sha256sum(tmp_path):
    """The check the README gives: `tail -n +7 file | sha256sum`."""
    name, served = scripts.personalised("linux", code="HN-0001", token="abc", upload_url=URL)
    (tmp_path / name).write_bytes(served)

    printed = subprocess.run(  # noqa: S602 - the very command line a volunteer types
        f"tail -n +{scripts.HEADER_LINES + 1} {name} | sha256sum",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        check=True,
    ).stdout.decode()

    assert printed.split()[0] == scripts.published("linux").sha256


def test_the_values_are_set_in_the_header():
    _, linux = scripts.personalised("linux", code="HN-0001", token="abc_DEF-123", upload_url=URL)
    _, windows = scripts.personalised(
        "windows", code="HN-0001", token="abc_DEF-123", upload_url=URL
    )

    assert linux.decode().splitlines()[:6][0] == "#!/bin/sh"
    assert linux.decode().splitlines()[2:5] == [
        "MTC_DEVICE_CODE='HN-0001'",
        "MTC_TOKEN='abc_DEF-123'",
        f"MTC_UPLOAD_URL='{URL}'",
    ]
    # Windows PowerShell 5.1 reads a script as UTF-8 only with a byte-order mark.
    assert windows.startswith(b"\xef\xbb\xbf")
    assert windows.decode("utf-8-sig").splitlines()[1:4] == [
        "$MTC_DEVICE_CODE = 'HN-0001'",
        "$MTC_TOKEN = 'abc_DEF-123'",
        f"$MTC_UPLOAD_URL = '{URL}'",
    ]


def test_the_shell_header_sets_exactly_those_values(tmp_path):
    name, served = scripts.personalised("linux", code="HN-0001", token="abc", upload_url=URL)
    header = b"".join(served.splitlines(keepends=True)[: scripts.HEADER_LINES])
    (tmp_path / "header.sh").write_bytes(
        header + b'printf "%s|%s|%s" "$MTC_DEVICE_CODE" "$MTC_TOKEN" "$MTC_UPLOAD_URL"\n'
    )

    printed = subprocess.run([SH, "header.sh"], cwd=tmp_path, capture_output=True, check=True)

    assert printed.stdout.decode() == f"HN-0001|abc|{URL}"


@pytest.mark.parametrize(
    "code",
    ["", "HN'; rm -rf ~; '", "HN 01", "$(id)", "HN\n01", "Hồ-01", "HN`id`", "x" * 201, None],
)
def test_an_unsafe_code_or_token_is_refused(code):
    with pytest.raises(ValueError, match="không hợp lệ"):
        scripts.personalised("linux", code=code, token="abc", upload_url=URL)
    with pytest.raises(ValueError, match="không hợp lệ"):
        scripts.personalised("windows", code="HN-0001", token=code, upload_url=URL)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://maytinhcu.example.vn/x",
        "https://maytinhcu.example.vn/x'; Remove-Item -Recurse ~; '",
        "https://maytinhcu.example.vn/$(id)",
        "https://maytinhcu.example.vn/a b",
        "https://maytinhcu.example.vn/x\ny",
        "javascript:alert(1)",
    ],
)
def test_an_unsafe_upload_address_is_refused(url):
    with pytest.raises(ValueError, match="không hợp lệ"):
        scripts.personalised("windows", code="HN-0001", token="abc", upload_url=url)


def test_an_unknown_platform_is_refused():
    with pytest.raises(ValueError, match="Không có script kiểm tra"):
        scripts.personalised("macos", code="HN-0001", token="abc", upload_url=URL)


@pytest.mark.parametrize("platform", scripts.PLATFORMS)
def test_each_script_says_what_it_never_reads_in_both_languages(platform):
    top = scripts.published(platform).content.decode("utf-8")[:3000]

    assert "KHÔNG BAO GIỜ đọc tệp của người dùng (tài liệu, ảnh, dữ liệu trình duyệt)" in top
    assert "NEVER reads user files (documents, photos, browser data)" in top


@pytest.mark.parametrize("platform", scripts.PLATFORMS)
def test_each_script_words_things_as_the_portal_does(platform):
    """ "số serial" and "xoá", as every page of the portal writes them."""
    text = unicodedata.normalize("NFC", scripts.published(platform).content.decode("utf-8"))

    for other_spelling in ("sê-ri", "xóa"):
        assert other_spelling not in text.lower()
    assert "xoá" in text.lower()
