"""End to end: what the Linux capture script posts from the fake laptop is a report the
portal reads (`snapshot.read`, through the Linux parser) into the facts the spec check
uses."""

import json
from decimal import Decimal

from portal.hardware import scripts, snapshot
from tests.hardware import fake_machine as fake
from tests.hardware.fake_machine import FakeMachine, UploadEndpoint


def test_the_linux_script_report_reads_into_a_snapshot(tmp_path):
    machine = FakeMachine(tmp_path).build()
    with UploadEndpoint() as endpoint:
        name, content = scripts.personalised(
            "linux", code="HN-GL-0042", token="abc", upload_url=endpoint.url
        )
        (machine.folder / name).write_bytes(content)
        machine.run(machine.folder / name, "--xoa", answers=f"{fake.HDD_SERIAL}\n\n")
    posted = endpoint.posts[0]["body"]

    read = snapshot.read(posted)

    assert read.serial == "PF1ABCDE"
    assert read.ram_gb == Decimal("8.0")
    assert read.disk_gb == 500
    assert read.battery_good is True
    assert read.wipe["method"] == "clear"
    assert read.wipe["disks"] == json.loads(posted)["wipe"]["disks"]
    measurements, filled = read.measurements()
    assert measurements.cpu_model == "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz"
    assert {"ram_gb", "cpu_model", "disk_gb", "battery_good", "working_parts"} <= filled
