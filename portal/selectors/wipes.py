"""Whether a device's data has been wiped: the gate before it may go out."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from portal.models import DataWipe, Device, DeviceStatus
from portal.models.wipes import holds_data

S = DeviceStatus

# What each way out says when the wipe has not been recorded.
_REFUSALS: dict[str, Callable[[], str]] = {
    S.READY: lambda: _(
        "Chưa có biên bản xoá dữ liệu: ghi lại việc xoá dữ liệu trước khi chuyển sang "
        "Sẵn sàng trao."
    ),
    S.HANDED_OVER: lambda: _(
        "Chưa có biên bản xoá dữ liệu: ghi lại việc xoá dữ liệu trước khi trao máy."
    ),
    S.TO_LIQUIDATE: lambda: _(
        "Chưa có biên bản xoá dữ liệu: ghi lại việc xoá dữ liệu trước khi ghi bán thanh lý."
    ),
    S.LIQUIDATED: lambda: _(
        "Chưa có biên bản xoá dữ liệu: ghi lại việc xoá dữ liệu trước khi duyệt bán thanh lý."
    ),
}
# The statuses a device reaches only once wiped (a sale is recorded in "to liquidate").
GUARDED = frozenset({S.READY, S.HANDED_OVER, S.LIQUIDATED})


def wipe_refusal(device: Device, target: str) -> str | None:
    """Why the device may not reach `target` yet (its data not wiped), or None."""
    if target not in _REFUSALS or not holds_data(device) or device_wiped(device):
        return None
    return _REFUSALS[target]()


def device_wiped(device: Device) -> bool:
    return DataWipe.objects.filter(device=device).exists()
