"""The device lifecycle.

received → checking → ready | needs repair | unrepairable
needs repair → checking (re-check after repair) | unrepairable
ready → handed over → returned → checking
ready ⇄ reserved (for one student) → handed over
unrepairable → to liquidate → liquidated

A volunteer makes only the moves in MANUAL by hand (`device_transition`). Every other move
follows from a record kept by its own service, which alone may make it: a spec check (→ ready
or needs repair), a repair (→ checking), a handover (→ handed over), a return (→ returned), a
coordinator's approval of a sale (→ liquidated), a reservation for a student (→ reserved, and
back to ready when released).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import DeviceEvent
from portal.models.devices import DeviceStatus as S
from portal.workflows.base import Workflow, event_log, step

TABLE: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.CHECKING}),
    S.CHECKING: frozenset({S.READY, S.NEEDS_REPAIR, S.UNREPAIRABLE}),
    S.NEEDS_REPAIR: frozenset({S.CHECKING, S.UNREPAIRABLE}),
    S.READY: frozenset({S.CHECKING, S.HANDED_OVER, S.RESERVED}),
    S.RESERVED: frozenset({S.READY, S.HANDED_OVER}),
    S.HANDED_OVER: frozenset({S.RETURNED}),
    S.RETURNED: frozenset({S.CHECKING}),
    S.UNREPAIRABLE: frozenset({S.TO_LIQUIDATE, S.CHECKING}),
    S.TO_LIQUIDATE: frozenset({S.LIQUIDATED, S.UNREPAIRABLE}),
    S.LIQUIDATED: frozenset(),
}

# The moves made by hand, with the words on the device page's buttons.
MANUAL: dict[str, str] = {
    S.UNREPAIRABLE: gettext_lazy("Không sửa được"),
    S.TO_LIQUIDATE: gettext_lazy("Đưa vào danh sách thanh lý"),
    S.CHECKING: gettext_lazy("Kiểm tra lại"),
}
_BY_CHECK = gettext_lazy("Thiết bị chỉ sẵn sàng hay cần sửa theo kết quả kiểm tra cấu hình.")
# Why a move is not made by hand: the record that makes it instead.
MADE_BY_RECORD: dict[str, str] = {
    S.READY: _BY_CHECK,
    S.NEEDS_REPAIR: _BY_CHECK,
    S.HANDED_OVER: gettext_lazy(
        "Chỉ ghi trao tặng qua biểu mẫu trao tặng, cho một học sinh đã được duyệt."
    ),
    S.RETURNED: gettext_lazy("Chỉ ghi thu hồi từ lần trao tặng của thiết bị."),
    S.LIQUIDATED: gettext_lazy(
        "Thiết bị chỉ được thanh lý khi điều phối viên duyệt giao dịch bán của nó."
    ),
}

# A device can be checked (again) from these statuses; the check moves it to "checking" first.
CHECKABLE = frozenset({S.RECEIVED, S.CHECKING, S.NEEDS_REPAIR, S.READY, S.RETURNED, S.UNREPAIRABLE})
HANDABLE = frozenset({S.READY, S.RESERVED})


STEPS = {
    "device_transition": step(
        (start, to) for start, ends in TABLE.items() for to in ends if to in MANUAL
    ),
    "spec_check_record": step(
        [(start, S.CHECKING) for start in CHECKABLE - {S.CHECKING}]
        + [(S.CHECKING, S.READY), (S.CHECKING, S.NEEDS_REPAIR)],
        refusal=gettext_lazy("Thiết bị đang “%(status)s”: không kiểm tra lại được."),
    ),
    "repair_record": step(
        [(S.NEEDS_REPAIR, S.CHECKING)],
        # Repairs are logged while checking and after a return too; only "needs repair"
        # goes back to be checked.
        starts=[S.CHECKING, S.NEEDS_REPAIR, S.RETURNED],
        refusal=gettext_lazy(
            "Thiết bị đang “%(status)s”: hãy kiểm tra cấu hình trước khi sửa chữa."
        ),
    ),
    "handover_record": step(
        [(start, S.HANDED_OVER) for start in HANDABLE],
        refusal=gettext_lazy(
            "%(device)s đang “%(status)s”: chỉ trao được thiết bị đã đạt kiểm tra cấu hình."
        ),
    ),
    "handover_return": step([(S.HANDED_OVER, S.RETURNED)]),
    "device_reserve": step(
        [(S.READY, S.RESERVED)],
        refusal=gettext_lazy("%(device)s đang “%(status)s”: chỉ dành được thiết bị sẵn sàng trao."),
    ),
    "device_unreserve": step([(S.RESERVED, S.READY)]),
    "sale_record": step(
        starts=[S.TO_LIQUIDATE],
        refusal=gettext_lazy("Chỉ bán được thiết bị đang chờ thanh lý."),
    ),
    # Kept while the device is still the program's: not once it is with a student or sold.
    "data_wipe_record": step(
        starts=[state for state in S.values if state not in (S.HANDED_OVER, S.LIQUIDATED)],
        refusal=gettext_lazy(
            "%(device)s đang “%(status)s”: chỉ ghi xoá dữ liệu cho thiết bị chương trình đang giữ."
        ),
    ),
    # A capture of the device's hardware (a script, the phone page, a saved file) arrived.
    "snapshot_receive": step(
        starts=[state for state in S.values if state not in (S.HANDED_OVER, S.LIQUIDATED)],
        refusal=gettext_lazy(
            "%(device)s đang “%(status)s”: chỉ nhận báo cáo phần cứng cho thiết bị chương trình đang giữ."
        ),
    ),
    "sale_approve": step(
        [(S.TO_LIQUIDATE, S.LIQUIDATED)],
        refusal=gettext_lazy(
            "%(device)s không còn chờ thanh lý (đang “%(status)s”): không duyệt bán được."
        ),
    ),
}
DEVICE = Workflow(
    "device",
    TABLE,
    STEPS,
    gettext_lazy("Không thể chuyển thiết bị từ “%(current)s” sang “%(target)s”."),
    event_log(DeviceEvent, "device"),
    changed_at="status_changed_at",
)


def manual_moves(current: str) -> list[tuple[str, str]]:
    """The moves a volunteer may make by hand from this status, with their buttons' words."""
    return [(target, label) for target, label in MANUAL.items() if DEVICE.allowed(current, target)]


def manual_refusal(target: str) -> str | None:
    """Why this status cannot be set by hand, or None when it can (if the table allows)."""
    if target in MANUAL:
        return None
    return str(MADE_BY_RECORD.get(target, _("Trạng thái này không chuyển bằng tay được.")))
