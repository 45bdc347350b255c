"""The capture scripts the portal publishes, and each device's own copy of one.

A device's copy is a short header that sets three variables — the device's asset code, a
one-time upload token and the upload address — followed by the published script byte for
byte. So a team can check what it is about to run: the part after the header's
`HEADER_LINES` lines has the SHA-256 the portal shows (`tail -n +7 file | sha256sum`; the
README gives the PowerShell way), the same for every device.

No database, no models: the scripts are files next to this module, hashed as they are read.
"""

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

FOLDER = Path(__file__).parent / "capture"
# Lines the header takes: a device's copy has the published script from line 7 on.
HEADER_LINES = 6
UTF8_BOM = b"\xef\xbb\xbf"

# Asset codes and tokens go into the script between single quotes: letters, digits, "-" and
# "_" only, so no value can end the quoted string or run anything.
SAFE_VALUE = re.compile(r"[A-Za-z0-9_-]{1,200}")
# The upload address likewise: an http(s) URL without quotes, spaces, "$", "`" or "\".
SAFE_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!&()*+,;=%-]{1,500}")


@dataclass(frozen=True)
class Script:
    platform: str
    filename: str  # the published file's name
    suffix: str  # the served copy's file extension
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def version(self) -> str:
        found = re.search(rb"^(?:MTC_VERSION=|\$MtcVersion = ')([0-9.]+)", self.content, re.M)
        return found.group(1).decode() if found else ""


_FILES = {"windows": ("maytinhcu-capture.ps1", ".ps1"), "linux": ("maytinhcu-capture.sh", ".sh")}
PLATFORMS = tuple(_FILES)


@cache
def published(platform: str) -> Script:
    """The published script for "windows" or "linux", read from its file."""
    filename, suffix = _FILES[platform]
    return Script(platform, filename, suffix, (FOLDER / filename).read_bytes())


def _checked(value: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise ValueError(
            _("Giá trị không hợp lệ cho %(what)s của script kiểm tra.") % {"what": what}
        )
    return value


def _header(platform: str, *, code: str, token: str, upload_url: str) -> bytes:
    script = published(platform)
    marker = (
        f"# ---- Từ dòng {HEADER_LINES + 1}: script đã công bố / from line {HEADER_LINES + 1}: "
        f"the published script, SHA-256 {script.sha256} ----"
    )
    if platform == "windows":
        lines = [
            f"# maytinhcu {script.version}: bản riêng của thiết bị / this device's copy: {code}",
            f"$MTC_DEVICE_CODE = '{code}'",
            f"$MTC_TOKEN = '{token}'",
            f"$MTC_UPLOAD_URL = '{upload_url}'",
            "# (mã xác nhận dùng một lần / one-time token)",
            marker,
        ]
        prefix = UTF8_BOM  # Windows PowerShell 5.1 reads a .ps1 without it in the ANSI code page
    else:
        lines = [
            "#!/bin/sh",
            f"# maytinhcu {script.version}: bản riêng của thiết bị / this device's copy: {code}",
            f"MTC_DEVICE_CODE='{code}'",
            f"MTC_TOKEN='{token}'",
            f"MTC_UPLOAD_URL='{upload_url}'",
            marker,
        ]
        prefix = b""
    return prefix + "".join(line + "\n" for line in lines).encode()


def personalised(platform: str, *, code: str, token: str, upload_url: str) -> tuple[str, bytes]:
    """The device's copy of the script: its file name and bytes (header, then the published
    script unchanged). `ValueError` for a platform, code, token or address that is not safe
    to bake in."""
    if platform not in _FILES:
        raise ValueError(_("Không có script kiểm tra cho hệ điều hành này."))
    _checked(code, SAFE_VALUE, _("mã tài sản"))
    _checked(token, SAFE_VALUE, _("mã xác nhận"))
    _checked(upload_url, SAFE_URL, _("địa chỉ gửi báo cáo"))
    script = published(platform)
    header = _header(platform, code=code, token=token, upload_url=upload_url)
    return f"maytinhcu-{code}{script.suffix}", header + script.content


def published_part(served: bytes) -> bytes:
    """What follows the header of a device's copy: the bytes whose SHA-256 must be the
    published one."""
    return served.split(b"\n", HEADER_LINES)[HEADER_LINES]
