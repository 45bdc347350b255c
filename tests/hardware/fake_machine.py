"""A laptop as the Linux capture script sees it, built in a temporary folder: fake tool
binaries (lshw, dmidecode, lsblk, smartctl) that print canned outputs, fake /proc, /sys and
/etc roots, and plain files standing in for the disks' device nodes. Also the portal's
stand-in upload endpoint: a stdlib HTTP server on 127.0.0.1 that keeps what was posted.

The laptop: an HDD `sda` (serial with a quote in it), an NVMe SSD `nvme0n1`, and the live USB
`sdb` (mounted at /run/live/medium, removable). Its firmware strings are hostile on purpose:
quotes, backslashes, tabs, control bytes and bytes that are not UTF-8."""

import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SH = shutil.which("sh") or "/bin/sh"
# The commands the script uses that every Debian live system has.
LIVE_COMMANDS = (
    "sh",
    "cat",
    "tr",
    "sed",
    "awk",
    "iconv",
    "date",
    "head",
    "cut",
    "mktemp",
    "rm",
    "cp",
    "dirname",
    "id",
    "wc",
    "wget",
)
HDD_SERIAL = 'WD-WX1"2\\3'
NVME_SERIAL = "S4EWNX0R123456"
DISK_BYTES = 64 * 1024

LSHW = (
    b'{"id": "thinkpad", "class": "system", "product": "ThinkPad T480 \\"20L5\\" \xff",'
    b' "vendor": "LENOVO", "serial": "PF1ABCDE",'
    b' "children": [{"id": "core", "class": "bus", "children": [{"id": "cpu", "class":'
    b' "processor", "product": "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz", "size": 3600000000,'
    b' "capacity": 3600000000}, {"id": "memory", "class": "memory", "size": 8589934592}]}]}\n'
)
DMIDECODE = (
    b"# dmidecode 3.5\n"
    b"Handle 0x0001, DMI type 1, 27 bytes\n"
    b"System Information\n"
    b"\tManufacturer: LENOVO\n"
    b'\tProduct Name: 20L5"; rm -rf / #\n'
    b"\tVersion: ThinkPad \\T480\\ \x01\x1b[31m\n"
    b"\tSerial Number: PF1ABCDE\n"
    b"\tSKU Number: LENOVO_MT_20L5\xff\xfe_\xc3 caf\xc3\xa9\n"
    b"\n"
    b"Handle 0x0003, DMI type 3, 34 bytes\n"
    b"Chassis Information\n"
    b"\tType: Notebook\n"
    b"\n"
    b"Handle 0x0004, DMI type 4, 48 bytes\n"
    b"Processor Information\n"
    b"\tVersion: Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz\n"
    b"\tMax Speed: 3600 MHz\n"
    b"\tCore Count: 4\n"
    b"\n"
    b"Handle 0x0011, DMI type 17, 40 bytes\n"
    b"Memory Device\n"
    b"\tSize: 8 GB\n"
    b"\tType: DDR4\n"
    b"\tSpeed: 2400 MT/s\n"
    b"\tSerial Number: 1234ABCD\n"
)
LSBLK = {
    "blockdevices": [
        {
            "name": "sda",
            "size": 500107862016,
            "rota": True,
            "type": "disk",
            "tran": "sata",
            "model": "WDC WD5000LPCX",
            "serial": HDD_SERIAL,
            "rm": False,
        },
        {
            "name": "nvme0n1",
            "size": 256060514304,
            "rota": False,
            "type": "disk",
            "tran": "nvme",
            "model": "SAMSUNG MZVLB256HAHQ",
            "serial": NVME_SERIAL,
            "rm": False,
        },
        {
            "name": "sdb",
            "size": 15376318464,
            "rota": True,
            "type": "disk",
            "tran": "usb",
            "model": "Cruzer Blade",
            "serial": "4C530001",
            "rm": True,
            "children": [{"name": "sdb1", "size": 15375269888, "type": "part"}],
        },
    ]
}
# What `lsblk -dn -o <FIELD> <disk>` prints for each disk.
LSBLK_FIELDS = {
    "sda": {
        "SERIAL": HDD_SERIAL,
        "MODEL": "WDC WD5000LPCX",
        "SIZE": "465,8G",
        "ROTA": "1",
        "RM": "0",
    },
    "nvme0n1": {
        "SERIAL": NVME_SERIAL,
        "MODEL": "SAMSUNG MZVLB256HAHQ",
        "SIZE": "238,5G",
        "ROTA": "0",
        "RM": "0",
    },
    "sdb": {"SERIAL": "4C530001", "MODEL": "Cruzer Blade", "SIZE": "14,3G", "ROTA": "1", "RM": "1"},
}
SMARTCTL = {
    "sda": {
        "device": {"name": "/dev/sda", "type": "sat"},
        "model_name": "WDC WD5000LPCX-24VHAT0",
        "serial_number": HDD_SERIAL,
        "user_capacity": {"bytes": 500107862016},
        "rotation_rate": 5400,
        "smart_status": {"passed": True},
    },
    "nvme0n1": {
        "device": {"name": "/dev/nvme0n1", "type": "nvme"},
        "model_name": "SAMSUNG MZVLB256HAHQ-000L7",
        "serial_number": NVME_SERIAL,
        "user_capacity": {"bytes": 256060514304},
        "smart_status": {"passed": True},
        "nvme_smart_health_information_log": {"percentage_used": 3},
    },
}
OS_RELEASE = (
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
)
INSTALLED_OS = 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\n'
MEMINFO = "MemTotal:        7989124 kB\nMemFree:         6123456 kB\n"
CPUINFO = (
    "processor\t: 0\nmodel name\t: Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz\ncpu MHz\t\t: 1900.000\n"
    "cpu cores\t: 4\n\n"
)
BATTERY_UEVENT = (
    "POWER_SUPPLY_NAME=BAT0\nPOWER_SUPPLY_TYPE=Battery\nPOWER_SUPPLY_STATUS=Discharging\n"
    "POWER_SUPPLY_ENERGY_FULL_DESIGN=57020000\nPOWER_SUPPLY_ENERGY_FULL=41230000\n"
    'POWER_SUPPLY_MODEL_NAME=01AV4"31\n'
)
SOUND_CARDS = " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xe1240000 irq 147\n"
CAMERA = "Integrated Camera: Integrated C\n"
MOUNTS = (
    "overlay / overlay rw,noatime 0 0\n"
    "proc /proc proc rw 0 0\n"
    "/dev/sdb1 /run/live/medium iso9660 ro,noatime 0 0\n"
)

FAKE_LSHW = '#!/bin/sh\ncat "$MTC_CANNED/lshw.json"\n'
FAKE_DMIDECODE = '#!/bin/sh\ncat "$MTC_CANNED/dmidecode.txt"\n'
FAKE_LSBLK = """#!/bin/sh
case "$1" in
    -J) cat "$MTC_CANNED/lsblk.json" ;;
    -dn)
        if [ "$3" = NAME,TYPE ]; then
            printf 'sda disk\\nnvme0n1 disk\\nsdb disk\\nsr0 rom\\n'
        else
            cat "$MTC_CANNED/lsblk-${4##*/}-$3.txt" 2>/dev/null
        fi
        ;;
esac
"""
# smartctl's exit status is a bit mask even when it printed a full report.
FAKE_SMARTCTL = """#!/bin/sh
for argument; do disk=$argument; done
[ -r "$MTC_CANNED/smartctl-${disk##*/}.json" ] || exit 2
cat "$MTC_CANNED/smartctl-${disk##*/}.json"
exit 4
"""


def _write(path: Path, content: str | bytes, mode: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    if mode is not None:
        path.chmod(mode)


@dataclass
class FakeMachine:
    folder: Path
    disks: dict[str, bytes] = field(default_factory=dict)
    path: str = ""  # PATH for the script: the fake tools, then this machine's commands

    @property
    def bin(self) -> Path:
        return self.folder / "bin"

    @property
    def root(self) -> Path:
        return self.folder / "root"

    @property
    def dev(self) -> Path:
        return self.folder / "dev"

    @property
    def canned(self) -> Path:
        return self.folder / "canned"

    @property
    def cwd(self) -> Path:
        return self.folder / "run"

    def build(self) -> "FakeMachine":
        for name, script in (
            ("lshw", FAKE_LSHW),
            ("dmidecode", FAKE_DMIDECODE),
            ("lsblk", FAKE_LSBLK),
            ("smartctl", FAKE_SMARTCTL),
        ):
            _write(self.bin / name, script, 0o755)
        _write(self.canned / "lshw.json", LSHW)
        _write(self.canned / "dmidecode.txt", DMIDECODE)
        _write(self.canned / "lsblk.json", json.dumps(LSBLK))
        for disk, values in LSBLK_FIELDS.items():
            for name, value in values.items():
                _write(self.canned / f"lsblk-{disk}-{name}.txt", value + "\n")
        for disk, report in SMARTCTL.items():
            _write(self.canned / f"smartctl-{disk}.json", json.dumps(report))
        files = {
            "etc/os-release": OS_RELEASE,
            "mnt/sda2/etc/os-release": INSTALLED_OS,
            "proc/meminfo": MEMINFO,
            "proc/cpuinfo": CPUINFO,
            "proc/mounts": MOUNTS,
            "proc/swaps": "Filename\tType\tSize\tUsed\tPriority\n",
            "proc/asound/cards": SOUND_CARDS,
            "sys/class/power_supply/BAT0/uevent": BATTERY_UEVENT,
            "sys/class/power_supply/BAT0/type": "Battery\n",
            "sys/class/power_supply/AC/uevent": "POWER_SUPPLY_NAME=AC\nPOWER_SUPPLY_ONLINE=1\n",
            "sys/class/power_supply/AC/type": "Mains\n",
            "sys/class/video4linux/video0/name": CAMERA,
            "sys/class/net/enp0s31f6/address": "54:e1:ad:00:00:01\n",
            "sys/class/net/wlp3s0/address": "54:e1:ad:00:00:02\n",
            "sys/class/net/lo/address": "00:00:00:00:00:00\n",
        }
        for path, content in files.items():
            _write(self.root / path, content)
        (self.root / "sys/class/net/wlp3s0/wireless").mkdir()
        for disk in ("sda", "nvme0n1", "sdb"):
            (self.root / "sys/block" / disk / "holders").mkdir(parents=True)
            self.disks[disk] = os.urandom(DISK_BYTES)
            _write(self.dev / disk, self.disks[disk])
        self.cwd.mkdir()
        return self

    def disk(self, name: str) -> bytes:
        return (self.dev / name).read_bytes()

    def run(self, script: Path, *arguments: str, answers: str = "") -> subprocess.CompletedProcess:
        environment = {
            "PATH": self.path or f"{self.bin}:{os.environ['PATH']}",
            "HOME": str(self.folder),
            "MTC_ROOT": str(self.root),
            "MTC_DEV": str(self.dev),
            "MTC_CANNED": str(self.canned),
        }
        return subprocess.run(
            [SH, str(script), *arguments],
            cwd=self.cwd,
            env=environment,
            input=answers.encode(),
            capture_output=True,
            timeout=120,
            check=False,
        )


class UploadEndpoint:
    """The portal's stand-in: keeps each POST (headers and body) and answers `status` with
    the body `answer`."""

    def __init__(self, status: int = 201, answer: bytes = b'{"ok": true}'):
        self.status = status
        self.answer = answer
        self.posts: list[dict] = []
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                endpoint.posts.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                self.send_response(endpoint.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(endpoint.answer)))
                self.end_headers()
                self.wfile.write(endpoint.answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/portal/api/snapshots"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "UploadEndpoint":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
