"""The program's figures, each declared once: its counter key, its name, its unit and where it
is shown.

Every place that names a figure reads it from here: `counter_bump` (which refuses a key that
is not declared), the recount that repairs drift (each recount owns a set of figures), the
public endpoint's totals and its documentation, the live-figure block an editor picks from,
and the progress report's lines. Adding a figure is one line below plus the `counter_bump`
in the service whose event it counts (and its share of a recount): tests/portal/test_figures.py
fails until each one is there.

A figure counted per device kind, team or hour keeps one row per detail under the key
"figure:detail" (`Figure.of`): "devices_received:laptop", "team_handed_over:12".
"""

from enum import Flag, StrEnum, auto
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Unit(StrEnum):
    COUNT = "count"
    VND = "vnd"
    MINUTES = "minutes"


class Shown(Flag):
    NOWHERE = 0
    PUBLIC = auto()  # in /api/impact.json's totals, for anyone
    BLOCK = auto()  # an editor may put it in a live-figure block (a choice: a migration)
    REPORT = auto()  # a line of the progress report (with its kinds under it, if BY_KIND)


class Counted(Flag):
    FLOW = 0  # events, all time and per month
    BY_KIND = auto()  # each bump also counts the device kind: "devices_received:laptop"
    STOCK = auto()  # a level now, not a flow: no monthly rows
    PER_DETAIL = auto()  # only ever counted per team or hour: "team_handed_over:12"


PUBLIC, BLOCK, REPORT, NOWHERE = Shown.PUBLIC, Shown.BLOCK, Shown.REPORT, Shown.NOWHERE
FLOW, BY_KIND, STOCK, PER_DETAIL = Counted.FLOW, Counted.BY_KIND, Counted.STOCK, Counted.PER_DETAIL
VND, MINUTES = Unit.VND, Unit.MINUTES


class Figure(StrEnum):
    # key, label, where it is shown[, how it is counted[, unit]]. In the report's order (the
    # plan's order of work); the block offers its figures in this order too.
    # fmt: off
    DEVICES_RECEIVED = "devices_received", _("Thiết bị đã tiếp nhận"), PUBLIC | BLOCK | REPORT, BY_KIND
    DEVICES_CHECKED = "devices_checked", _("Thiết bị đã kiểm tra"), PUBLIC | REPORT, BY_KIND
    DEVICES_PASSED = "devices_passed", _("Thiết bị đạt tiêu chuẩn"), PUBLIC | REPORT, BY_KIND
    DEVICES_REPAIRED = "devices_repaired", _("Thiết bị đã sửa chữa, nâng cấp"), PUBLIC | BLOCK | REPORT, BY_KIND
    DEVICES_HANDED_OVER = "devices_handed_over", _("Thiết bị đã trao tặng"), PUBLIC | BLOCK | REPORT, BY_KIND
    SIMS_GIVEN = "sims_given", _("Sim dữ liệu đã trao"), PUBLIC | BLOCK | REPORT
    STUDENTS_VERIFIED = "students_verified", _("Học sinh được xác minh"), PUBLIC | REPORT
    STUDENTS_REACHED = "students_reached", _("Học sinh đã nhận thiết bị"), PUBLIC | BLOCK | REPORT
    TRAINING_SESSIONS = "training_sessions", _("Buổi đào tạo, hướng dẫn"), PUBLIC | BLOCK | REPORT
    PEOPLE_TRAINED = "people_trained", _("Lượt người được đào tạo"), PUBLIC | BLOCK | REPORT
    # Public as whole hours (`volunteer_hours`), not as minutes.
    VOLUNTEER_MINUTES = "volunteer_minutes", _("Thời gian tình nguyện (phút)"), REPORT, FLOW, MINUTES
    SUPPORT_REQUESTS = "support_requests", _("Yêu cầu hỗ trợ kỹ thuật"), PUBLIC | REPORT
    SUPPORT_KEPT = "support_kept", _("Yêu cầu được liên hệ trong 24 giờ"), REPORT
    SUPPORT_BREACHED = "support_breached", _("Yêu cầu quá 24 giờ"), REPORT
    DEVICES_LIQUIDATED = "devices_liquidated", _("Thiết bị bán thanh lý"), PUBLIC | REPORT
    FUND_RAISED_VND = "fund_raised_vnd", _("Tiền quỹ đã quyên góp (đồng)"), PUBLIC | BLOCK | REPORT, FLOW, VND
    FUND_SPENT_VND = "fund_spent_vnd", _("Tiền quỹ đã chi (đồng)"), PUBLIC | REPORT, FLOW, VND
    DEVICES_READY = "devices_ready", _("Thiết bị sẵn sàng trao tặng"), PUBLIC, STOCK
    # The inputs of the 24-hour promise and of each team's monthly target.
    SUPPORT_RESPONSE_HOUR = "support_response_hour", _("Lần liên hệ đầu tiên, theo số giờ"), NOWHERE, PER_DETAIL
    TEAM_HANDED_OVER = "team_handed_over", _("Thiết bị đã trao tặng, theo tổ"), NOWHERE, PER_DETAIL
    TEAM_SUPPORT_KEPT = "team_support_kept", _("Yêu cầu được liên hệ trong 24 giờ, theo tổ"), NOWHERE, PER_DETAIL
    TEAM_SUPPORT_BREACHED = "team_support_breached", _("Yêu cầu quá 24 giờ, theo tổ"), NOWHERE, PER_DETAIL
    # fmt: on

    # Set on each member by __new__; declared here for the type checker.
    label: "StrOrPromise"
    unit: Unit
    shown: Shown
    counted: Counted

    def __new__(cls, key, label, shown, counted=Counted.FLOW, unit=Unit.COUNT):
        member = str.__new__(cls, key)
        member._value_ = key
        member.label, member.unit, member.shown, member.counted = label, unit, shown, counted
        return member

    def of(self, detail) -> str:
        """The key of one detail of this figure: a device kind, a team's id, an hour."""
        return f"{self.value}:{detail}"

    @classmethod
    def of_key(cls, key: str) -> "Figure":
        """The figure a counter key belongs to ("devices_received:laptop" → DEVICES_RECEIVED);
        ValueError for a key that is not declared here."""
        return cls(key.split(":", 1)[0])

    @property
    def monthly(self) -> bool:
        return Counted.STOCK not in self.counted


def figures(shown: Shown) -> list[Figure]:
    """The figures shown there, in the registry's order."""
    return [figure for figure in Figure if shown in figure.shown]
