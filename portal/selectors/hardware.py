"""Reading a device's hardware snapshots: the latest one a spec check starts from, and where
it disagrees with what the intake or the last check recorded."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from portal import access, specs
from portal.hardware.snapshot import Snapshot
from portal.models import Device, HardwareSnapshot, User
from portal.models.devices import DeviceKind, normalise_asset_code


def latest_snapshot(device: Device) -> HardwareSnapshot | None:
    """The capture a spec check is filled from: the most recent one measured, unless the
    device was repaired since it arrived (new RAM, another disk: the capture is out of date,
    and the check starts from what was typed last, until the script is run again)."""
    stored = device.snapshots.order_by("-captured_at", "-pk").first()
    if stored is None or device.repairs.filter(done_at__gt=stored.received_at).exists():
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
