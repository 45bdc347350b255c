"""Everything that happens to a device: intake, checks, repairs, status changes. Each
function is one transaction, locks the device row, appends the event and moves the public
counters in the same transaction."""

import dataclasses
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import access, specs
from portal.figures import Figure
from portal.hours import WORK_MINUTES
from portal.models import (
    ASSET_PREFIXES,
    Area,
    Device,
    DeviceEvent,
    DevicePhoto,
    DeviceStatus,
    FundEntry,
    HardwareSnapshot,
    Repair,
    Sale,
    SpecCheck,
    Student,
    Team,
    User,
)
from portal.selectors.standards import effective_standard
from portal.selectors.wipes import GUARDED, wipe_refusal
from portal.services.counters import counter_bump
from portal.services.once import once
from portal.workflows import DEVICE, STUDENT
from portal.workflows.devices import manual_refusal

S = DeviceStatus
Work = TypeVar("Work", SpecCheck, Repair)


@transaction.atomic
def device_intake(
    *,
    actor: User,
    team: Team,
    fields: dict,
    intake_key: uuid.UUID | None = None,
    purchase: FundEntry | None = None,
    photos: Iterable[tuple] = (),
) -> Device:
    """Receive a device (or SIM) for a team, with its photos. The same intake key returns
    the same device (and adds no photos), so a double-tapped or retried form records one."""
    return once(
        Device,
        intake_key=intake_key,
        create=lambda: _intake(actor, team, fields, intake_key, purchase, photos),
    )[0]


def _intake(
    actor: User,
    team: Team,
    fields: dict,
    intake_key: uuid.UUID | None,
    purchase: FundEntry | None,
    photos: Iterable[tuple],
) -> Device:
    if not access.intake_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied
    commune = fields.get("commune")
    if commune and not access.intake_communes(actor).filter(pk=commune.pk).exists():
        raise PermissionDenied
    device = Device(
        team=team, received_by=actor, intake_key=intake_key, purchase=purchase, **fields
    )
    device.commune = fields.get("commune") or team.commune or _cluster_commune(team)  # type: ignore[assignment]  # full_clean() refuses none
    device.asset_code = f"TMP-{uuid.uuid4().hex[:12]}"
    device.full_clean(exclude=["asset_code", "latest_check", "intake_key"])
    device.save()
    # Readable, unique and stable: the kind's prefix and the row's number.
    device.asset_code = f"{ASSET_PREFIXES[device.kind]}{device.pk:05d}"
    device.save(update_fields=["asset_code"])
    DeviceEvent.objects.create(
        device=device, to_status=S.RECEIVED, actor=actor, note=_("Tiếp nhận")
    )
    counter_bump(
        key=Figure.DEVICES_RECEIVED, kind=device.kind, area=device.commune, when=device.received_at
    )
    _credit(device, "intake", device.received_at)
    device_photos_add(actor=actor, device=device, photos=photos)
    return device


def _credit(device: Device, work: str, when: datetime) -> None:
    """Volunteer time for a piece of device work, counted where the device was received."""
    counter_bump(
        key=Figure.VOLUNTEER_MINUTES, area=device.commune, delta=WORK_MINUTES[work], when=when
    )


def _cluster_commune(team: Team) -> Area | None:
    return team.cluster.communes.order_by("path").first() if team.cluster is not None else None


def device_lock(device: Device) -> Device:
    """The device row, locked until the transaction ends (concurrent updates queue up)."""
    return Device.objects.select_for_update().get(pk=device.pk)


def device_move(device: Device, target: str, *, step: str, actor: User, note: str = "") -> None:
    """Move a locked device as the step (a service's name in the workflow) may, log the
    event and move the stock of ready devices. Internal to the services: each calls it after
    keeping the record its move needs (a check, a handover, an approved sale). A device
    that holds data goes out (ready, handed over, sold) only with its wipe recorded."""
    if target in GUARDED and (refusal := wipe_refusal(device, target)):
        raise ValidationError(refusal)
    previous = device.status
    DEVICE.move(device, target, step=step, actor=actor, note=note, update_fields=())
    # "Ready" is a stock, not a flow: it goes up when a device arrives and down when it leaves.
    if S.READY in (previous, target):
        counter_bump(
            key=Figure.DEVICES_READY, area=device.commune, delta=1 if target == S.READY else -1
        )
    if target == S.LIQUIDATED:
        counter_bump(key=Figure.DEVICES_LIQUIDATED, area=device.commune)


@transaction.atomic
def device_transition(*, actor: User, device: Device, to: str, note: str = "") -> Device:
    """A move made by hand (workflows.devices.MANUAL): not repairable, onto the liquidation list,
    back to checking. A handover, a liquidation or a check result is refused here: each
    needs its own record, kept by its own service."""
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    if refusal := manual_refusal(to):
        raise ValidationError(refusal)
    device = device_lock(device)
    if device.status == S.TO_LIQUIDATE and to != S.LIQUIDATED:
        # Taken off the sale list: a sale still waiting for approval no longer stands.
        cancelled = Sale.objects.filter(device=device, approved_at__isnull=True).delete()[0]
        if cancelled:
            note = "; ".join(filter(None, [note, _("Hủy giao dịch bán chờ duyệt")]))
    device_move(device, to, step="device_transition", actor=actor, note=note)
    return device


@transaction.atomic
def device_reserve(*, actor: User, device: Device, student: Student) -> Device:
    """Keep a ready device for one approved student: from now on it is offered to them alone.
    Only someone who may hand the student a device may reserve one for them."""
    if not access.can_work_on_device(actor, device) or not access.can_hand_over(actor, student):
        raise PermissionDenied
    device = device_lock(device)
    DEVICE.require(device, "device_reserve")
    STUDENT.require(student, "handover_record")
    device.reserved_for = student
    device_move(device, S.RESERVED, step="device_reserve", actor=actor, note=_("Dành cho học sinh"))
    device.save(update_fields=["reserved_for"])
    return device


@transaction.atomic
def device_unreserve(*, actor: User, device: Device) -> Device:
    """Release a reservation: the device is ready for any student again."""
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    device = device_lock(device)
    DEVICE.require(device, "device_unreserve")
    device.reserved_for = None
    device_move(device, S.READY, step="device_unreserve", actor=actor, note=_("Thôi dành"))
    device.save(update_fields=["reserved_for"])
    return device


@transaction.atomic
def spec_check_record(
    *,
    actor: User,
    device: Device,
    measurements: specs.Measurements,
    form_key: uuid.UUID | None = None,
    snapshot: HardwareSnapshot | None = None,
) -> SpecCheck:
    """Judge the device against the current standard for its kind; it becomes ready when it
    passes and needs repair when it does not. `snapshot`: the hardware snapshot the
    measurements were filled from, kept with the check."""
    if snapshot is not None and snapshot.device_id != device.pk:
        raise ValidationError(_("Báo cáo phần cứng này không phải của thiết bị này."))
    return _work_once(
        SpecCheck,
        actor,
        device,
        form_key,
        lambda device: _spec_check(actor, device, measurements, form_key, snapshot),
    )


def _work_once(
    model: type[Work],
    actor: User,
    device: Device,
    form_key: uuid.UUID | None,
    create: Callable[[Device], Work],
) -> Work:
    """A record of work on the device, kept once per form, made with the device locked."""

    def locked() -> Device:
        if not access.can_work_on_device(actor, device):
            raise PermissionDenied
        return device_lock(device)

    return once(model, form_key=form_key, lock=locked, create=create)[0]


def _spec_check(
    actor: User,
    device: Device,
    measurements: specs.Measurements,
    form_key: uuid.UUID | None,
    snapshot: HardwareSnapshot | None,
) -> SpecCheck:
    DEVICE.require(device, "spec_check_record")
    # The strictest standard along the commune's areas (a city may raise the minimums).
    standard, judged_by = effective_standard(device.kind, device.commune)
    # The verdict is part of the record: always written in the program's language.
    with translation.override(settings.LANGUAGE_CODE):
        verdict = specs.judge(judged_by, measurements, today=timezone.localdate())
    first_check = not device.checks.exists()
    first_pass = verdict.passed and not device.checks.exclude(result=specs.Result.FAIL).exists()
    check = SpecCheck.objects.create(
        device=device,
        standard=standard,
        measurements=_as_json(measurements),
        result=verdict.result,
        failures=list(verdict.failures),
        advice=list(verdict.advice),
        checked_by=actor,
        form_key=form_key,
        snapshot=snapshot,
    )
    device.latest_check = check
    device.save(update_fields=["latest_check"])
    step = "spec_check_record"
    if device.status != S.CHECKING:
        device_move(device, S.CHECKING, step=step, actor=actor, note=_("Kiểm tra cấu hình"))
    result = S.READY if verdict.passed else S.NEEDS_REPAIR
    device_move(device, result, step=step, actor=actor, note="; ".join(verdict.failures))
    _credit(device, "check", check.checked_at)
    for figure, first in (
        (Figure.DEVICES_CHECKED, first_check),
        (Figure.DEVICES_PASSED, first_pass),
    ):
        if first:
            counter_bump(key=figure, kind=device.kind, area=device.commune, when=check.checked_at)
    return check


@transaction.atomic
def repair_record(
    *, actor: User, device: Device, fields: dict, form_key: uuid.UUID | None = None
) -> Repair:
    """Log repairs, upgrades and installs; the device then needs a re-check."""
    return _work_once(
        Repair, actor, device, form_key, lambda device: _repair(actor, device, fields, form_key)
    )


def _repair(actor: User, device: Device, fields: dict, form_key: uuid.UUID | None) -> Repair:
    DEVICE.require(device, "repair_record")
    first_repair = not device.repairs.exists()
    repair = Repair.objects.create(device=device, done_by=actor, form_key=form_key, **fields)
    if device.status == S.NEEDS_REPAIR:
        note = _("Đã sửa chữa, chờ kiểm tra lại")
        device_move(device, S.CHECKING, step="repair_record", actor=actor, note=note)
    _credit(device, "repair", repair.done_at)
    if first_repair:
        counter_bump(
            key=Figure.DEVICES_REPAIRED, kind=device.kind, area=device.commune, when=repair.done_at
        )
    return repair


def _as_json(measurements: specs.Measurements) -> dict:
    def plain(value: object) -> object:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, frozenset):
            return sorted(value)
        return value

    return {
        key: plain(value)
        for key, value in dataclasses.asdict(measurements).items()
        if value not in (None, frozenset())
    }


@transaction.atomic
def device_photos_add(*, actor: User, device: Device, photos: Iterable[tuple]) -> list[DevicePhoto]:
    """Store checked photos (upload, content type) privately, all or none."""
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    return [
        DevicePhoto.objects.create(
            device=device, image=upload, content_type=content_type, uploaded_by=actor
        )
        for upload, content_type in photos
    ]
