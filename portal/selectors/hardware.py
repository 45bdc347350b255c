"""Reading a device's hardware snapshots: the latest one a spec check starts from, and where
it disagrees with what the intake or the last check recorded."""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from portal import access, specs
from portal.hardware.snapshot import Snapshot
from portal.models import Device, HardwareSnapshot, User
from portal.models.devices import normalise_asset_code

# How long a saved report may wait for its upload. A machine's own clock can be far off (a
# flat CMOS battery says 2009, a wrong one 2099): a capture time outside these days before
# the report arrived is not believed, and the report counts from its arrival.
SAVED_REPORT_DAYS = 30
# The newest arrivals looked at for the latest capture (a device gets a handful at most).
RECENT_SNAPSHOTS = 20


def measured_at(stored: HardwareSnapshot) -> datetime:
    """When the capture ran, as far as the portal can tell (see SAVED_REPORT_DAYS)."""
    earliest = stored.received_at - timedelta(days=SAVED_REPORT_DAYS)
    if earliest <= stored.captured_at <= stored.received_at:
        return stored.captured_at
    return stored.received_at


def latest_snapshot(device: Device) -> HardwareSnapshot | None:
    """The capture a spec check is filled from: the one that ran last, unless the device was
    repaired since (new RAM, another disk: the capture is out of date, and the check starts
    from what was typed last, until the script is run again)."""
    recent = list(device.snapshots.order_by("-received_at", "-pk")[:RECENT_SNAPSHOTS])
    if not recent:
        return None
    stored = max(recent, key=lambda snapshot: (measured_at(snapshot), snapshot.pk))
    if device.repairs.filter(done_at__gt=measured_at(stored)).exists():
        return None
    return stored


def wipe_evidence(device: Device) -> HardwareSnapshot | None:
    """The latest snapshot whose capture ran a data wipe on the machine and found every disk
    wiped; a wipe that failed on a disk is no evidence."""
    for stored in device.snapshots.filter(wipe__isnull=False).order_by("-captured_at", "-pk"):
        disks = (stored.wipe or {}).get("disks") or []
        if disks and all(disk.get("result") == "ok" for disk in disks):
            return stored
    return None


def snapshot_differences(user: User, device: Device, stored: HardwareSnapshot) -> list[str]:
    """One Vietnamese line per fact where the snapshot disagrees with the device's record,
    for the volunteer to resolve before confirming the check. A serial is named only to
    someone who may read serials."""
    snapshot = Snapshot(stored.data)
    lines = []
    if snapshot.serial and device.serial and _plain(snapshot.serial) != _plain(device.serial):
        if access.may_see_personal_details(user):
            lines.append(
                _(
                    "Số serial máy báo (%(found)s) khác số serial ghi lúc tiếp nhận (%(recorded)s): hãy xem có nhầm máy không."
                )
                % {"found": snapshot.serial, "recorded": device.serial}
            )
        else:
            lines.append(
                _("Số serial máy báo khác số serial ghi lúc tiếp nhận: hãy xem có nhầm máy không.")
            )
    previous = _ram(device.latest_check.measurements) if device.latest_check else None
    if snapshot.ram_gb is not None and previous is not None and snapshot.ram_gb != previous:
        lines.append(
            _(
                "RAM đo được %(found)s GB, lần kiểm tra trước ghi %(previous)s GB: đã nâng cấp, hay có thanh RAM bị tháo?"
            )
            % {
                "found": specs.format_number(snapshot.ram_gb),
                "previous": specs.format_number(previous),
            }
        )
    return lines


def _plain(serial: str) -> str:
    return normalise_asset_code(serial)


def _ram(measurements: dict) -> Decimal | None:
    try:
        return Decimal(str(measurements["ram_gb"])).quantize(Decimal("0.1"))
    except (KeyError, InvalidOperation):
        return None
