"""Reading a device's hardware snapshots: the latest one a spec check starts from, and where
it disagrees with what the intake or the last check recorded."""

from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from portal import access, specs
from portal.hardware.snapshot import Snapshot
from portal.models import Device, DeviceStatus, HardwareSnapshot, User
from portal.models.devices import DeviceKind, normalise_asset_code


def latest_snapshot(device: Device) -> HardwareSnapshot | None:
    """The capture a spec check is filled from: the one that ran last, unless the device was
    repaired since (new RAM, another disk: the capture is out of date, and the check starts
    from what was typed last, until the script is run again)."""
    stored = device.snapshots.order_by("-ran_at", "-pk").first()
    if stored is None or device.repairs.filter(done_at__gt=stored.ran_at).exists():
        return None
    return stored


def wipe_reports(device: Device) -> QuerySet[HardwareSnapshot]:
    """The captures that ran a data wipe on the machine since it last came in (its intake,
    or its return from a student: a wipe before that says nothing of the data it holds
    now), newest first, by when each ran (`HardwareSnapshot.ran_at`: a machine's clock can
    be wrong)."""
    since = device.received_at
    # The move into "returned"; a note on the journey while returned (a capture received,
    # a repair) is an event that stays there.
    returned = (
        device.events.filter(to_status=DeviceStatus.RETURNED)
        .exclude(from_status=DeviceStatus.RETURNED)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if returned is not None:
        since = max(since, returned)
    return device.snapshots.filter(wipe__isnull=False, ran_at__gte=since).order_by("-ran_at", "-pk")


def wipe_evidence(device: Device) -> HardwareSnapshot | None:
    """The latest wipe report (see `wipe_reports`) that wiped every one of the machine's own
    disks; a wipe that failed on a disk, or skipped one, is no evidence."""
    for stored in wipe_reports(device):
        if _wiped_in_full(stored):
            return stored
    return None


def _wiped_in_full(stored: HardwareSnapshot) -> bool:
    disks = (stored.wipe or {}).get("disks") or ()
    return (
        bool(disks)
        and all(disk.get("result") == "ok" for disk in disks)
        and not unwiped_disks(stored)
    )


def unwiped_disks(stored: HardwareSnapshot) -> list[dict]:
    """The machine's own disks (the snapshot's `disks`, USB sticks left out) that its wipe
    report does not show wiped "ok". A disk with a serial is matched by serial; where a
    serial is missing on either side, by count: a report that wiped one disk never covers
    two. A wiped disk whose serial is not the machine's (the stick the script ran from)
    stands only for a machine disk whose serial was not read."""
    wiped = [disk for disk in (stored.wipe or {}).get("disks") or () if disk.get("result") == "ok"]
    machine = list(stored.data.get("disks") or ())
    machine_serials = {_plain(disk["serial"]) for disk in machine if disk.get("serial")}
    wiped_serials = {_plain(disk["serial"]) for disk in wiped if disk.get("serial")}
    unnamed = sum(1 for disk in wiped if not disk.get("serial"))
    other = len(wiped_serials - machine_serials)
    left = []
    # The disks with a serial first: only a wiped disk without one can stand for them.
    for disk in sorted(machine, key=lambda disk: not disk.get("serial")):
        if disk.get("serial"):
            if _plain(disk["serial"]) in wiped_serials:
                continue
            if unnamed:
                unnamed -= 1
                continue
        elif unnamed or other:
            unnamed, other = (unnamed - 1, other) if unnamed else (unnamed, other - 1)
            continue
        left.append(disk)
    return left


def wipe_report_notes(user: User, device: Device, evidence: HardwareSnapshot | None) -> list[str]:
    """What the wipe form says about the wiping tool's reports: the evidence's serial if it
    is not the device's, or, with no evidence, the disks the latest report left unwiped, for
    the volunteer to wipe before recording."""
    if evidence is not None:
        return serial_difference(user, device, evidence)
    latest = wipe_reports(device).first()
    if latest is None:
        return []
    tool = (latest.wipe or {}).get("tool", "")
    left = unwiped_disks(latest)
    machine = len(latest.data.get("disks") or ())
    if not left:  # a disk failed that the snapshot does not list, or none was wiped
        return [
            _(
                "Báo cáo của công cụ xoá %(tool)s ghi có ổ xoá không thành công: hãy xoá lại rồi chạy lại script trước khi ghi biên bản."
            )
            % {"tool": tool}
        ]
    return [
        _(
            "Báo cáo của công cụ xoá %(tool)s chỉ xoá %(wiped)s trong %(total)s ổ của máy; ổ chưa xoá: %(disks)s. Hãy xoá các ổ này rồi chạy lại script trước khi ghi biên bản."
        )
        % {
            "tool": tool,
            "wiped": machine - len(left),
            "total": machine,
            "disks": "; ".join(_disk_words(disk) for disk in left),
        }
    ]


def _disk_words(disk: dict) -> str:
    model = (disk.get("model") or "").strip() or _("ổ không rõ tên")
    size = disk.get("size_gb")
    if size is None:
        return model
    return f"{model} ({specs.format_number(Decimal(str(size)))} GB)"


def serial_difference(user: User, device: Device, stored: HardwareSnapshot) -> list[str]:
    """A line if the snapshot's machine serial is not the one recorded at intake: the
    wrong machine, perhaps. The serial is named only to someone who may read serials."""
    snapshot = Snapshot(stored.data)
    if not (snapshot.serial and device.serial and _plain(snapshot.serial) != _plain(device.serial)):
        return []
    if access.may_see_personal_details(user):
        return [
            _(
                "Số serial máy báo (%(found)s) khác số serial ghi lúc tiếp nhận (%(recorded)s): hãy xem có nhầm máy không."
            )
            % {"found": snapshot.serial, "recorded": device.serial}
        ]
    return [_("Số serial máy báo khác số serial ghi lúc tiếp nhận: hãy xem có nhầm máy không.")]


def snapshot_differences(user: User, device: Device, stored: HardwareSnapshot) -> list[str]:
    """One Vietnamese line per fact where the snapshot disagrees with the device's record,
    for the volunteer to resolve before confirming the check. A serial is named only to
    someone who may read serials."""
    snapshot = Snapshot(stored.data)
    lines = serial_difference(user, device, stored)
    previous = _ram(device.latest_check.measurements) if device.latest_check else None
    # A phone's browser rounds its memory to a power of two (and Chrome stops at 8): a 3, 6
    # or 12 GB phone would always "differ". An approximate figure is compared with nothing.
    found = None if "ram_gb" in snapshot.approximate else snapshot.ram_gb
    if found is not None and previous is not None and found != previous:
        lines.append(_ram_difference(device, found=found, previous=previous))
    return lines


def _ram_difference(device: Device, *, found: Decimal, previous: Decimal) -> str:
    figures = {"found": specs.format_number(found), "previous": specs.format_number(previous)}
    if device.kind in (DeviceKind.PHONE, DeviceKind.TABLET):
        # A phone's memory is soldered: no module to add or take out, so likely another phone.
        return (
            _(
                "RAM đo được %(found)s GB, lần kiểm tra trước ghi %(previous)s GB: hãy xem có nhầm máy không."
            )
            % figures
        )
    return (
        _(
            "RAM đo được %(found)s GB, lần kiểm tra trước ghi %(previous)s GB: đã nâng cấp, hay có thanh RAM bị tháo?"
        )
        % figures
    )


def _plain(serial: str) -> str:
    return normalise_asset_code(serial)


def _ram(measurements: dict) -> Decimal | None:
    try:
        return Decimal(str(measurements["ram_gb"])).quantize(Decimal("0.1"))
    except (KeyError, InvalidOperation):
        return None
