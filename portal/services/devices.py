"""Everything that happens to a device: intake, checks, repairs, status changes. Each
function is one transaction, locks the device row, appends the event and moves the public
counters in the same transaction."""

import dataclasses
import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import access, lifecycle, specs
from portal.figures import Figure
from portal.hours import WORK_MINUTES
from portal.models import (
    ASSET_PREFIXES,
    Device,
    DeviceEvent,
    DevicePhoto,
    DeviceStatus,
    Repair,
    Sale,
    SpecCheck,
    SpecStandard,
    Team,
)
from portal.services.counters import counter_bump

S = DeviceStatus


@transaction.atomic
def device_intake(
    *,
    actor,
    team: Team,
    fields: dict,
    intake_key: uuid.UUID | None = None,
    purchase=None,
    photos: list[tuple] = (),
) -> Device:
    """Receive a device (or SIM) for a team, with its photos. The same intake key returns
    the same device (and adds no photos), so a double-tapped or retried form records one."""
    if intake_key and (existing := Device.objects.filter(intake_key=intake_key).first()):
        return existing
    if not access.intake_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied
    commune = fields.get("commune")
    if commune and not access.intake_communes(actor).filter(pk=commune.pk).exists():
        raise PermissionDenied
    device = Device(
        team=team, received_by=actor, intake_key=intake_key, purchase=purchase, **fields
    )
    device.commune = fields.get("commune") or team.commune or _cluster_commune(team)
    device.asset_code = f"TMP-{uuid.uuid4().hex[:12]}"
    device.full_clean(exclude=["asset_code", "latest_check", "intake_key"])
    try:
        with transaction.atomic():
            device.save()
    except IntegrityError:
        # The same form, sent twice at once: the other request saved it first.
        return Device.objects.get(intake_key=intake_key)
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


def _credit(device: Device, work: str, when) -> None:
    """Volunteer time for a piece of device work, counted where the device was received."""
    counter_bump(
        key=Figure.VOLUNTEER_MINUTES, area=device.commune, delta=WORK_MINUTES[work], when=when
    )


def _cluster_commune(team: Team):
    return team.cluster.communes.order_by("path").first() if team.cluster_id else None


def lock_device(device: Device) -> Device:
    """The device row, locked until the transaction ends (concurrent updates queue up)."""
    return Device.objects.select_for_update().get(pk=device.pk)


def change_status(device: Device, target: str, actor, note: str = "") -> None:
    """Change a locked device's status, if the lifecycle allows it, and log the event.
    The only code that writes Device.status. Internal to the services: each calls it after
    keeping the record its move needs (a check, a handover, an approved sale); the moves
    made by hand go through `device_transition`, which refuses the others."""
    if not lifecycle.allowed(device.status, target):
        raise ValidationError(str(lifecycle.IllegalTransition(device.status, target)))
    previous = device.status
    device.status, device.status_changed_at = target, timezone.now()
    device.save(update_fields=["status", "status_changed_at"])
    DeviceEvent.objects.create(
        device=device, from_status=previous, to_status=target, actor=actor, note=note
    )
    # "Ready" is a stock, not a flow: it goes up when a device arrives and down when it leaves.
    if S.READY in (previous, target):
        counter_bump(
            key=Figure.DEVICES_READY, area=device.commune, delta=1 if target == S.READY else -1
        )
    if target == S.LIQUIDATED:
        counter_bump(key=Figure.DEVICES_LIQUIDATED, area=device.commune)


@transaction.atomic
def device_transition(*, actor, device: Device, to: str, note: str = "") -> Device:
    """A move made by hand (lifecycle.MANUAL): not repairable, onto the liquidation list,
    back to checking. A handover, a liquidation or a check result is refused here: each
    needs its own record, kept by its own service."""
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    if refusal := lifecycle.manual_refusal(to):
        raise ValidationError(refusal)
    device = lock_device(device)
    if device.status == S.TO_LIQUIDATE and to != S.LIQUIDATED:
        # Taken off the sale list: a sale still waiting for approval no longer stands.
        cancelled = Sale.objects.filter(device=device, approved_at__isnull=True).delete()[0]
        if cancelled:
            note = "; ".join(filter(None, [note, _("Hủy giao dịch bán chờ duyệt")]))
    change_status(device, to, actor, note)
    return device


@transaction.atomic
def spec_check_record(
    *, actor, device: Device, measurements: specs.Measurements, form_key: uuid.UUID | None = None
) -> SpecCheck:
    """Judge the device against the current standard for its kind; it becomes ready when it
    passes and needs repair when it does not."""
    if form_key and (existing := SpecCheck.objects.filter(form_key=form_key).first()):
        return existing
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    device = lock_device(device)
    if form_key and (existing := SpecCheck.objects.filter(form_key=form_key).first()):
        return existing  # the same form, sent again while the first one held the lock
    if device.status not in lifecycle.CHECKABLE:
        raise ValidationError(
            _("Thiết bị đang “%(status)s”: không kiểm tra lại được.")
            % {"status": device.get_status_display()}
        )
    standard = SpecStandard.objects.current_for(device.kind)
    # The verdict is part of the record: always written in the program's language.
    with translation.override(settings.LANGUAGE_CODE):
        verdict = specs.judge(standard.to_standard(), measurements, today=timezone.localdate())
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
    )
    device.latest_check = check
    device.save(update_fields=["latest_check"])
    if device.status != S.CHECKING:
        change_status(device, S.CHECKING, actor, _("Kiểm tra cấu hình"))
    change_status(
        device, S.READY if verdict.passed else S.NEEDS_REPAIR, actor, "; ".join(verdict.failures)
    )
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
    *, actor, device: Device, fields: dict, form_key: uuid.UUID | None = None
) -> Repair:
    """Log repairs, upgrades and installs; the device then needs a re-check."""
    if form_key and (existing := Repair.objects.filter(form_key=form_key).first()):
        return existing
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    device = lock_device(device)
    if form_key and (existing := Repair.objects.filter(form_key=form_key).first()):
        return existing
    if device.status not in lifecycle.REPAIRABLE:
        raise ValidationError(
            _("Thiết bị đang “%(status)s”: hãy kiểm tra cấu hình trước khi sửa chữa.")
            % {"status": device.get_status_display()}
        )
    first_repair = not device.repairs.exists()
    repair = Repair.objects.create(device=device, done_by=actor, form_key=form_key, **fields)
    if device.status == S.NEEDS_REPAIR:
        change_status(device, S.CHECKING, actor, _("Đã sửa chữa, chờ kiểm tra lại"))
    _credit(device, "repair", repair.done_at)
    if first_repair:
        counter_bump(
            key=Figure.DEVICES_REPAIRED, kind=device.kind, area=device.commune, when=repair.done_at
        )
    return repair


def _as_json(measurements: specs.Measurements) -> dict:
    def plain(value):
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
def device_photos_add(*, actor, device: Device, photos: list[tuple]) -> list[DevicePhoto]:
    """Store checked photos (upload, content type) privately, all or none."""
    if not access.can_work_on_device(actor, device):
        raise PermissionDenied
    return [
        DevicePhoto.objects.create(
            device=device, image=upload, content_type=content_type, uploaded_by=actor
        )
        for upload, content_type in photos
    ]
