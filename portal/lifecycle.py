"""The device lifecycle as an explicit table: which status may follow which.

received → checking → ready | needs repair | unrepairable
needs repair → checking (re-check after repair) | unrepairable
ready → reserved → handed over → returned → checking
unrepairable → to liquidate → liquidated
"""

from django.utils.translation import gettext as _

from portal.models.devices import DeviceStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.CHECKING}),
    S.CHECKING: frozenset({S.READY, S.NEEDS_REPAIR, S.UNREPAIRABLE}),
    S.NEEDS_REPAIR: frozenset({S.CHECKING, S.UNREPAIRABLE}),
    S.READY: frozenset({S.RESERVED, S.CHECKING, S.HANDED_OVER}),
    S.RESERVED: frozenset({S.READY, S.HANDED_OVER}),
    S.HANDED_OVER: frozenset({S.RETURNED}),
    S.RETURNED: frozenset({S.CHECKING}),
    S.UNREPAIRABLE: frozenset({S.TO_LIQUIDATE, S.CHECKING}),
    S.TO_LIQUIDATE: frozenset({S.LIQUIDATED, S.UNREPAIRABLE}),
    S.LIQUIDATED: frozenset(),
}

# A device can be checked (again) from these statuses; the check moves it to "checking" first.
CHECKABLE = frozenset({S.RECEIVED, S.CHECKING, S.NEEDS_REPAIR, S.READY, S.RETURNED, S.UNREPAIRABLE})
REPAIRABLE = frozenset({S.CHECKING, S.NEEDS_REPAIR, S.RETURNED})


class IllegalTransition(Exception):
    def __init__(self, current: str, target: str):
        self.current, self.target = current, target
        super().__init__(
            _("Không thể chuyển thiết bị từ “%(current)s” sang “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )


def allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS[current]


def next_statuses(current: str) -> frozenset[str]:
    return TRANSITIONS[current]
