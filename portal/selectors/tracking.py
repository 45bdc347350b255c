"""What a donor or a requester sees on their tracking page: found by reference code and
phone number (or the signed link in their e-mail), told in plain words.

A donor learns what became of each device they gave — checked, repaired, handed to a student
in which commune, or sold to fund new devices — and never who received it: nothing here
reads a student beyond the commune they live in, and no volunteer's note is shown.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.fund_attribution import Line, first_in_first_out
from portal.models import (
    DataWipe,
    DeviceEvent,
    DeviceKind,
    DeviceStatus,
    FundEntry,
    Handover,
    Offer,
    OfferEvent,
    OfferStatus,
    SupportNote,
    SupportRequest,
    WipeMethod,
)
from portal.phones import phone_or_blank
from portal.references import normalise_reference
from portal.selectors.public import district

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

S = DeviceStatus


def find_offer(reference: str, phone: str) -> Offer | None:
    code, phone = normalise_reference(reference, "UH"), phone_or_blank(phone)
    if not (code and phone):
        return None
    return Offer.objects.filter(reference=code, phone=phone).first()


def find_support_request(reference: str, phone: str) -> SupportRequest | None:
    code, phone = normalise_reference(reference, "HT"), phone_or_blank(phone)
    if not (code and phone):
        return None
    return SupportRequest.objects.filter(reference=code, phone=phone).first()


def offer_by_reference(reference: str) -> Offer | None:
    return Offer.objects.select_related("team").filter(reference=reference).first()


def support_by_reference(reference: str) -> SupportRequest | None:
    return (
        SupportRequest.objects.select_related("team", "commune").filter(reference=reference).first()
    )


def _step_words(status: str, commune: str) -> str:
    words: dict[str, str] = {
        S.RECEIVED: _("Đội đã nhận máy"),
        S.READY: _("Đã kiểm tra: đạt tiêu chuẩn, sẵn sàng trao tặng"),
        S.NEEDS_REPAIR: _("Đã kiểm tra: cần sửa chữa, nâng cấp"),
        S.RESERVED: _("Đã dành cho một học sinh"),
        S.RETURNED: _("Đã thu hồi, chờ trao cho học sinh khác"),
        S.UNREPAIRABLE: _("Không sửa được"),
        S.TO_LIQUIDATE: _("Sẽ bán thanh lý để góp quỹ mua thiết bị mới"),
        S.LIQUIDATED: _("Đã bán thanh lý: tiền vào quỹ mua thiết bị mới"),
    }
    if status == S.HANDED_OVER:
        return _("Đã trao cho một học sinh ở %(commune)s") % {"commune": commune}
    return words.get(status, "")


@dataclass
class Journey:
    asset_code: str
    kind: "StrOrPromise"
    status: str
    commune: str  # where the student who has it lives ("" if not handed over)
    steps: list[tuple[datetime, str]] = field(default_factory=list)
    wipe: str = ""  # the sentence that the device's data was wiped, once it was

    @property
    def outcome(self) -> str:
        return _step_words(self.status, self.commune) or _("Đang kiểm tra, sửa chữa")


def gift_journeys(offer: Offer) -> list[Journey]:
    """Each device the offer became, with its steps (three queries, however many devices)."""
    devices = list(offer.devices.order_by("pk").values_list("pk", "asset_code", "kind", "status"))
    communes = dict(
        Handover.objects.filter(device__offer=offer, returned_on__isnull=True).values_list(
            "device_id", "student__commune__name"
        )
    )
    wipes = {
        device: wipe_words(wiped_on, method, tool)
        for device, wiped_on, method, tool in DataWipe.objects.filter(
            device__offer=offer
        ).values_list("device_id", "wiped_on", "method", "evidence__wipe__tool")
    }
    events = defaultdict(list)
    # A note on the journey that keeps the status (a wipe recorded) is no step for the donor.
    steps = DeviceEvent.objects.filter(device__offer=offer).exclude(from_status=F("to_status"))
    for device, status, moment in steps.values_list("device_id", "to_status", "created_at"):
        events[device].append((status, moment))
    journeys = []
    for pk, code, kind, status in devices:
        journey = Journey(code, DeviceKind(kind).label, status, communes.get(pk, ""))
        journey.wipe = wipes.get(pk, "")
        for step_status, moment in events[pk]:
            # A repair sends a device back to "checking": that is the step a donor cares about.
            words = _step_words(step_status, journey.commune)
            if step_status == S.CHECKING and journey.steps and _was_repair(journey):
                words = _("Đã sửa chữa, nâng cấp")
            if words and (not journey.steps or journey.steps[-1][1] != words):
                journey.steps.append((moment, words))
        journeys.append(journey)
    return journeys


def wipe_words(wiped_on: date, method: str, tool: str | None = None) -> str:
    """The sentence for the donor; `tool`: the wiping tool whose own report, read off the
    machine (a hardware snapshot), is the record's evidence."""
    values = {"date": wiped_on.strftime("%d/%m/%Y"), "method": WipeMethod(method).label}
    if tool:
        return _(
            "Dữ liệu trên máy đã được xoá an toàn ngày %(date)s (phương pháp %(method)s; báo cáo của công cụ %(tool)s)"
        ) % {**values, "tool": tool}
    return _("Dữ liệu trên máy đã được xoá an toàn ngày %(date)s (phương pháp %(method)s)") % values


def _was_repair(journey: Journey) -> bool:
    return journey.steps[-1][1] == _step_words(S.NEEDS_REPAIR, "")


def offer_timeline(offer: Offer) -> list[tuple[datetime, str]]:
    """The offer's own steps, in words for the donor (never the volunteers' notes)."""
    words: dict[str, str] = {
        OfferStatus.NEW: _("Đã nhận đăng ký của bạn"),
        OfferStatus.CONTACTED: _("Tổ đã liên hệ với bạn"),
        OfferStatus.PICKUP_SCHEDULED: _("Đã hẹn ngày nhận"),
        OfferStatus.RECEIVED: _("Tổ đã nhận đồ ủng hộ"),
        OfferStatus.CLOSED: _("Hoàn tất"),
        OfferStatus.DECLINED: _("Chương trình chưa nhận được đồ ủng hộ này"),
    }
    # A change of team (same status) is the program's business, not a step for the donor;
    # money that arrived is (its sum and the bank's date).
    events = OfferEvent.objects.filter(offer=offer).filter(
        ~Q(from_status=F("to_status")) | Q(fund_entry__isnull=False)
    )
    return [
        (moment, money_words(amount, day) if amount else words[status])
        for status, moment, amount, day in events.values_list(
            "to_status", "created_at", "fund_entry__amount_vnd", "fund_entry__occurred_on"
        )
    ]


def money_words(amount: int, day: date) -> str:
    """ "Đã nhận 500.000 đ ngày 12/11/2026": what the donor reads, for each credit."""
    return _("Đã nhận %(amount)s đ ngày %(date)s") % {
        "amount": number_format(amount, force_grouping=True),
        "date": day.strftime("%d/%m/%Y"),
    }


@dataclass(frozen=True)
class MoneyReceived:
    pledged: int  # 0: no pledge, money came anyway
    arrivals: list[tuple[date, int]]

    @property
    def total(self) -> int:
        return sum(amount for _day, amount in self.arrivals)

    @property
    def state(self) -> str:
        """ "" nothing yet, "part", "full" or "over" (more than pledged, or with no pledge)."""
        if not self.arrivals:
            return ""
        if self.total < self.pledged:
            return "part"
        return "full" if self.total == self.pledged else "over"


def money_received(offer: Offer) -> MoneyReceived:
    """What actually arrived for the offer: the fund's entries linked to it (one query)."""
    arrivals = list(
        offer.fund_entries.order_by("occurred_on", "pk").values_list("occurred_on", "amount_vnd")
    )
    return MoneyReceived(offer.money_pledge_vnd or 0, arrivals)


@dataclass(frozen=True)
class FundPurchase:
    """A device the fund bought partly with the donor's money."""

    on: date
    kind: str  # the device's kind, as people say it
    paid_vnd: int  # the donor's part of its price


def fund_purchases(offer: Offer) -> list[FundPurchase]:
    """The devices the fund bought with the money this donor gave, first in, first out
    (portal/fund_attribution.py): one query over the ledger of the funds it went to."""
    entries = list(
        FundEntry.objects.filter(fund__in=offer.fund_entries.values("fund")).values_list(
            "pk", "occurred_on", "amount_vnd", "kind", "offer_id", "device__kind"
        )
    )
    gifts = {pk for pk, _on, _amount, _kind, offer_id, _device in entries if offer_id == offer.pk}
    if not gifts:
        return []
    devices = {pk: (on, device) for pk, on, _a, kind, _o, device in entries if device}
    ledger = [
        Line(pk, on, amount, kind in FundEntry.INCOME)
        for pk, on, amount, kind, _offer, _device in entries
    ]
    paid: dict[int, int] = {}
    for part in first_in_first_out(ledger):
        if part.gift in gifts and part.purchase in devices:
            paid[part.purchase] = paid.get(part.purchase, 0) + part.amount_vnd
    return [
        FundPurchase(devices[pk][0], str(DeviceKind(devices[pk][1]).label), amount)
        for pk, amount in sorted(paid.items(), key=lambda item: (devices[item[0]][0], item[0]))
    ]


@dataclass(frozen=True)
class Certificate:
    donor: str
    received_at: datetime | date | None
    lines: list[str]
    # Each device's wipe, by its asset code: the donor's data did not leave with it.
    wipes: list[tuple[str, str]] = field(default_factory=list)


def certificate(
    offer: Offer, journeys: list[Journey], money: MoneyReceived | None = None
) -> Certificate:
    """What the gift became, in a few lines: handed over (by commune), being prepared, sold."""
    handed = Counter(j.commune for j in journeys if j.status == S.HANDED_OVER)
    sold = sum(1 for j in journeys if j.status in (S.TO_LIQUIDATE, S.LIQUIDATED))
    preparing = len(journeys) - sum(handed.values()) - sold
    lines = [
        ngettext(
            "%(count)s thiết bị đã trao cho học sinh ở %(commune)s",
            "%(count)s thiết bị đã trao cho học sinh ở %(commune)s",
            count,
        )
        % {"count": count, "commune": commune}
        for commune, count in sorted(handed.items())
    ]
    if preparing:
        lines.append(
            ngettext(
                "%(count)s thiết bị đang được kiểm tra, sửa chữa để trao tặng",
                "%(count)s thiết bị đang được kiểm tra, sửa chữa để trao tặng",
                preparing,
            )
            % {"count": preparing}
        )
    if sold:
        lines.append(
            ngettext(
                "%(count)s thiết bị bán thanh lý để góp quỹ mua thiết bị mới",
                "%(count)s thiết bị bán thanh lý để góp quỹ mua thiết bị mới",
                sold,
            )
            % {"count": sold}
        )
    # Only what arrived: money the bank statement credited, never the pledge itself.
    money = money or money_received(offer)
    if money.total:
        lines.append(
            _("%(amount)s đ tiền ủng hộ đã vào quỹ mua thiết bị học tập")
            % {"amount": number_format(money.total, force_grouping=True)}
        )
    received: datetime | date | None = offer.received_at
    if received is None and money.arrivals:
        received = money.arrivals[0][0]
    wipes = [(j.asset_code, j.wipe) for j in journeys if j.wipe]
    return Certificate(offer.donor_name, received, lines, wipes)


def support_timeline(request: SupportRequest) -> list[tuple[datetime, str]]:
    """A requester's view: received, first contact, solved, reopened — nothing else."""
    shown: dict[str, str] = {
        SupportNote.Kind.RECEIVED: _("Đã nhận yêu cầu"),
        SupportNote.Kind.ASSIGNED: _("Đã giao cho thành viên của tổ"),
        SupportNote.Kind.RESPONSE: _("Tổ đã liên hệ với bạn"),
        SupportNote.Kind.RESOLVED: _("Đã xử lý xong"),
        SupportNote.Kind.REOPENED: _("Mở lại để xử lý tiếp"),
    }
    return [
        (moment, shown[kind])
        for kind, moment in request.notes.filter(kind__in=shown).values_list("kind", "created_at")
    ]


def district_name() -> str:
    place = district()
    return place.name if place else ""
