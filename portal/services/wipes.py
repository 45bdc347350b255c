"""The record that a device's data was wiped and checked by a second person; where the wiping
tool's own report came in a hardware snapshot, the record names it as evidence."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.models import DataWipe, Device, HardwareSnapshot, User
from portal.models.wipes import METHODS_BY_KIND, WipeMethod, holds_data
from portal.services.devices import device_lock
from portal.services.once import once
from portal.workflows import DEVICE


@transaction.atomic
def data_wipe_record(
    *,
    actor: User,
    device: Device,
    method: str,
    tool: str,
    wiped_on: date,
    verified_by: User,
    wiped_by: User | None = None,
    notes: str = "",
    form_key: uuid.UUID | None = None,
    evidence: HardwareSnapshot | None = None,
) -> DataWipe:
    """Record how the device's storage was wiped (by the actor unless `wiped_by` says who)
    and who checked it; noted on the device's journey. A device has one such record: a second
    one is refused, the same form sent twice returns the first."""

    def locked() -> Device:
        if not access.can_record_wipe(actor, device):
            raise PermissionDenied
        return device_lock(device)

    def create(device: Device) -> DataWipe:
        by = wiped_by or actor
        _refuse_mistakes(device, method, wiped_on, by, verified_by)
        if evidence is not None and (evidence.device_id != device.pk or not evidence.wipe):
            raise ValidationError(_("Báo cáo phần cứng này không ghi việc xoá ổ của thiết bị này."))
        DEVICE.require(device, "data_wipe_record")
        wipe = DataWipe.objects.create(
            device=device,
            method=method,
            tool=tool.strip(),
            wiped_on=wiped_on,
            wiped_by=by,
            verified_by=verified_by,
            notes=notes.strip(),
            recorded_by=actor,
            form_key=form_key,
            evidence=evidence,
        )
        note = _("Đã xoá dữ liệu: %(method)s, %(tool)s; %(by)s xoá, %(verifier)s kiểm tra lại") % {
            "method": WipeMethod(method).label,
            "tool": wipe.tool,
            "by": by,
            "verifier": verified_by,
        }
        DEVICE.stay(device, step="data_wipe_record", actor=actor, note=note, update_fields=())
        return wipe

    return once(DataWipe, form_key=form_key, lock=locked, create=create)[0]


def _refuse_mistakes(
    device: Device, method: str, wiped_on: date, by: User, verified_by: User
) -> None:
    if not holds_data(device):
        raise ValidationError(_("Sim dữ liệu không lưu dữ liệu của nhà hảo tâm: không cần xoá."))
    if DataWipe.objects.filter(device=device).exists():
        raise ValidationError(_("Thiết bị này đã có biên bản xoá dữ liệu."))
    errors: dict[str, str] = {}
    if method not in METHODS_BY_KIND[device.kind]:
        errors["method"] = _(
            "Khôi phục cài đặt gốc chỉ dùng cho điện thoại, máy tính bảng; máy tính phải xoá "
            "ổ theo NIST SP 800-88 hoặc huỷ ổ."
        )
    if wiped_on > timezone.localdate():
        errors["wiped_on"] = _("Ngày xoá không được ở tương lai.")
    if verified_by.pk == by.pk:
        errors["verified_by"] = _("Người kiểm tra lại phải là người khác với người xoá.")
    elif not access.can_verify_wipe(verified_by, device):
        errors["verified_by"] = _("Người kiểm tra lại phải là người làm việc với thiết bị này.")
    if errors:
        raise ValidationError(errors)
