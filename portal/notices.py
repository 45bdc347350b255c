"""Every kind of notice the program sends, declared once: who receives it, what it says (the
e-mail's template pair and the short text of a push or an SMS), how urgent it is, on which
channels it travels by default and which page a tap opens.

`portal.services.notify.notify(kind, subject=…, event=…)` reads this table; nothing else
decides who is told what. Short texts (push, SMS) are read on a lock screen or a shared family
phone: they carry the request's or offer's code and never a name or anything else personal
(tests/portal/test_notify.py checks every kind).

To add a kind: add a `Notice` to `NOTICES`, an e-mail template pair if it has an e-mail, the
English of its texts at the end of the catalogue, and a `notify()` call in the service whose
transaction makes it happen."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import sms_gateway
from portal.models import Area, Device, FundEntry, Offer, OfferStatus, SupportRequest, Team, User
from portal.models.notifications import Channel
from portal.phones import is_mobile, phone_or_blank
from portal.selectors.giving import offer_transfer
from portal.selectors.recipients import coordinators_of, team_people

# Who a kind concerns, for the preferences form: a team member, a team leader, a coordinator;
# a requester or donor (no account) has no form: their channels are the kind's defaults.
MEMBER, LEADER, COORDINATOR, CONTACT = "member", "leader", "coordinator", "contact"


@dataclass(frozen=True)
class Recipient:
    """A person to tell: an account, or a contact without one (an e-mail address and, when they
    agreed to SMS, their phone in E.164)."""

    user: User | None = None
    email: str = ""
    phone: str = ""

    @property
    def key(self) -> str:
        """One key per person among the recipients of a notice."""
        return f"user:{self.user.pk}" if self.user else f"{self.email}|{self.phone}"

    def log_key(self, address: str) -> str:
        """The delivery log's recipient: the account, else the address the channel uses, so
        the limits count the same phone as one recipient whatever e-mail came with it."""
        return f"user:{self.user.pk}" if self.user else address


@dataclass(frozen=True)
class SimBatch:
    """The SIMs one team gave to students that expire soon: one notice per team and day."""

    team: Team
    sims: list[Device]
    days: int
    today: date


Short = tuple[str, str]  # (title, text) of a push or an SMS


@dataclass(frozen=True)
class Notice:
    key: str
    label: Any  # lazy text: the kind's name in the preferences form
    audience: frozenset[str]
    recipients: Callable[[Any], list[Recipient]]
    # The short text in the active language; None: nothing worth a push or an SMS this time.
    short: Callable[[Any], Short | None]
    url: Callable[[Any], str]
    # Where it happened: the coordinators of that area see its deliveries (and the failed
    # ones) in their lists, which read only the log's area. Every kind has one.
    area: Callable[[Any], Area | None]
    email: str = ""  # the template pair, "portal/email/<name>" (_subject.txt, _message.txt)
    context: Callable[[Any], dict] = lambda subject: {}
    urgent: bool = False
    channels: tuple[str, ...] = (Channel.EMAIL, Channel.PUSH)
    support_request: Callable[[Any], SupportRequest | None] = lambda subject: None
    # The VietQR code (its text) the e-mail shows as an image inside the message, or "".
    email_qr: Callable[[Any], str] = lambda subject: ""
    help: Any = field(default="")


def _when(moment: datetime | None) -> str:
    return (
        formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT") if moment else ""
    )


def _users(people: list[User]) -> list[Recipient]:
    return [Recipient(user=person, email=person.email) for person in people]


def sms_number(phone: str | None) -> str:
    """The number (E.164) a text message can reach, or "": SMS is configured and the number is
    a mobile one. Without this a delivery would only be written to fail."""
    phone = phone_or_blank(phone)
    return phone if phone and sms_gateway.enabled() and is_mobile(phone) else ""


def _contact(email: str, phone: str, consent: bool) -> list[Recipient]:
    phone = sms_number(phone) if consent else ""
    return [Recipient(email=email, phone=phone)] if email or phone else []


def _requester(request: SupportRequest) -> list[Recipient]:
    return _contact(request.email, request.phone, request.sms_consent)


def _donor(offer: Offer) -> list[Recipient]:
    return _contact(offer.email, offer.phone, offer.sms_consent)


def _support_team(request: SupportRequest) -> list[Recipient]:
    people = team_people(request.team) + team_people(request.school_team)
    # No team there yet: the coordinators take it from the start.
    return _users(people or coordinators_of(request.commune))


def _support_leaders(request: SupportRequest) -> list[Recipient]:
    leaders = team_people(request.team, leaders_only=True) + team_people(
        request.school_team, leaders_only=True
    )
    return _users(leaders or coordinators_of(request.commune))


def _support_escalation(request: SupportRequest) -> list[Recipient]:
    return _users(coordinators_of(request.commune) + team_people(request.team, leaders_only=True))


def _district() -> Area | None:
    return Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("path").first()


def _offer_team(offer: Offer) -> list[Recipient]:
    if offer.team is None:  # a donor from outside: the district's coordinators take it
        return _users(coordinators_of(_district()))
    return _users(team_people(offer.team))


def _team_area(team: Team | None) -> Area | None:
    """A team's commune, its school's for a school's team, else the district."""
    if team is not None and team.commune_id:
        return team.commune
    if team is not None and team.school_id:
        return team.school.commune
    return _district()


def _offer_area(offer: Offer) -> Area | None:
    # A donor from outside names no commune: the team it was routed to, else the district,
    # whose coordinators take it (_offer_team).
    return offer.commune if offer.commune_id else _team_area(offer.team)


def _support_page(request: SupportRequest) -> str:
    return reverse("portal:support_detail", args=[request.pk])


def _offer_page(offer: Offer) -> str:
    return reverse("portal:offer_detail", args=[offer.pk])


def _public_track(subject: Any) -> str:
    return ""  # the tracking link the public form made, passed to notify() as `track_url`


def _support_context(request: SupportRequest) -> dict:
    return {"request": request, "due_at": request.due_at}


def _offer_context(offer: Offer) -> dict:
    return {"offer": offer, "items": offer.items.all()}


def _offer_update_short(offer: Offer) -> Short | None:
    code = offer.reference
    if offer.status == OfferStatus.PICKUP_SCHEDULED:
        return _("Hẹn nhận đồ ủng hộ"), _("Đăng ký %(code)s: hẹn nhận lúc %(when)s.") % {
            "code": code,
            "when": _when(offer.pickup_at),
        }
    if offer.status == OfferStatus.RECEIVED:
        return _("Đã nhận đồ ủng hộ"), _(
            "Chương trình đã nhận đồ ủng hộ theo đăng ký %(code)s. Xin cảm ơn!"
        ) % {"code": code}
    return None  # the other steps reach the donor by e-mail and on the tracking page


def _pledge_qr(offer: Offer) -> str:
    transfer = offer_transfer(offer)
    return transfer.payload if transfer else ""


def _money_short(entry: FundEntry) -> Short:
    return _("Đã nhận tiền ủng hộ"), _(
        "Đăng ký %(code)s: đã nhận %(amount)s đ ngày %(date)s. Xin cảm ơn!"
    ) % {
        "code": entry.offer.reference,  # type: ignore[union-attr]  # a donation of an offer
        "amount": formats.number_format(entry.amount_vnd, force_grouping=True),
        "date": entry.occurred_on.strftime("%d/%m/%Y"),
    }


def _sims_short(batch: SimBatch) -> Short:
    return _("SIM sắp hết hạn"), _(
        "%(count)s SIM tổ đã trao sắp hết hạn trong %(days)s ngày tới."
    ) % {"count": len(batch.sims), "days": batch.days}


def _sims_recipients(batch: SimBatch) -> list[Recipient]:
    return _users(team_people(batch.team, leaders_only=True))


NOTICES: dict[str, Notice] = {
    notice.key: notice
    for notice in [
        # To the teams and the coordinators.
        Notice(
            key="support_new",
            label=gettext_lazy("Yêu cầu hỗ trợ mới"),
            audience=frozenset({MEMBER, COORDINATOR}),
            recipients=_support_team,
            email="portal/email/support_new",
            context=_support_context,
            short=lambda r: (
                _("Yêu cầu hỗ trợ mới"),
                _("%(code)s: hãy liên hệ người gửi trước %(due)s.")
                % {"code": r.reference, "due": _when(r.due_at)},
            ),
            url=_support_page,
            area=lambda r: r.commune,
            support_request=lambda r: r,
        ),
        Notice(
            key="support_assigned",
            label=gettext_lazy("Được giao yêu cầu hỗ trợ"),
            audience=frozenset({MEMBER}),
            recipients=lambda r: _users([r.assignee]) if r.assignee else [],
            email="portal/email/support_assigned",
            context=_support_context,
            short=lambda r: (
                _("Bạn được giao yêu cầu hỗ trợ"),
                _("%(code)s: hạn liên hệ %(due)s.") % {"code": r.reference, "due": _when(r.due_at)},
            ),
            url=_support_page,
            area=lambda r: r.commune,
            support_request=lambda r: r,
        ),
        Notice(
            key="support_warning",
            label=gettext_lazy("Nhắc: yêu cầu còn 6 giờ tới hạn"),
            audience=frozenset({LEADER, COORDINATOR}),
            recipients=_support_leaders,
            email="portal/email/support_warning",
            context=_support_context,
            short=lambda r: (
                _("Còn 6 giờ tới hạn liên hệ"),
                _("%(code)s chưa ai liên hệ. Hạn: %(due)s.")
                % {"code": r.reference, "due": _when(r.due_at)},
            ),
            url=_support_page,
            area=lambda r: r.commune,
            support_request=lambda r: r,
        ),
        Notice(
            key="support_escalated",
            label=gettext_lazy("Quá 24 giờ chưa liên hệ"),
            audience=frozenset({LEADER, COORDINATOR}),
            recipients=_support_escalation,
            email="portal/email/support_escalated",
            context=_support_context,
            short=lambda r: (
                _("Quá 24 giờ chưa liên hệ"),
                _("Yêu cầu %(code)s đã quá hạn 24 giờ mà chưa ai liên hệ.") % {"code": r.reference},
            ),
            url=_support_page,
            urgent=True,
            area=lambda r: r.commune,
            support_request=lambda r: r,
        ),
        Notice(
            key="offer_new",
            label=gettext_lazy("Đăng ký ủng hộ mới"),
            audience=frozenset({MEMBER, COORDINATOR}),
            recipients=_offer_team,
            email="portal/email/offer_new",
            context=_offer_context,
            short=lambda o: (
                _("Đăng ký ủng hộ mới"),
                _("%(code)s: hãy liên hệ nhà hảo tâm trong ngày.") % {"code": o.reference},
            ),
            url=_offer_page,
            area=_offer_area,
        ),
        Notice(
            key="offer_routed",
            label=gettext_lazy("Đăng ký ủng hộ được chuyển cho tổ"),
            audience=frozenset({MEMBER}),
            recipients=lambda o: _users(team_people(o.team)),
            email="portal/email/offer_new",
            context=_offer_context,
            short=lambda o: (
                _("Đăng ký ủng hộ chuyển cho tổ"),
                _("%(code)s đã được chuyển cho tổ của bạn: hãy liên hệ nhà hảo tâm.")
                % {"code": o.reference},
            ),
            url=_offer_page,
            area=_offer_area,
        ),
        Notice(
            key="followup_due",
            label=gettext_lazy("Đến hạn hỏi thăm sau trao tặng"),
            audience=frozenset({MEMBER}),
            recipients=lambda f: _users(team_people(f.handover.team)),
            email="portal/email/followup_due",
            context=lambda f: {"follow_up": f, "device": f.handover.device},
            short=lambda f: (
                _("Đến hạn hỏi thăm"),
                _("Thiết bị %(code)s: đến hạn hỏi thăm sau trao tặng.")
                % {"code": f.handover.device.asset_code},
            ),
            url=lambda f: reverse("portal:follow_up_record", args=[f.pk]),
            area=lambda f: _team_area(f.handover.team),
        ),
        Notice(
            key="sims_expiring",
            label=gettext_lazy("SIM đã trao sắp hết hạn"),
            audience=frozenset({LEADER}),
            recipients=_sims_recipients,
            email="portal/email/sims_expiring",
            context=lambda b: {"team": b.team, "sims": b.sims, "days": b.days},
            short=_sims_short,
            url=lambda b: reverse("portal:sim_expiring_list"),
            area=lambda b: _team_area(b.team),
        ),
        # To the people who asked for help or gave (no account: e-mail and, with their
        # consent, SMS).
        Notice(
            key="support_received",
            label=gettext_lazy("Đã nhận yêu cầu hỗ trợ"),
            audience=frozenset({CONTACT}),
            recipients=_requester,
            email="portal/email/support_received",
            context=_support_context,
            short=lambda r: (
                _("Đã nhận yêu cầu hỗ trợ"),
                _("Đã nhận yêu cầu hỗ trợ %(code)s. Tổ phụ trách sẽ liên hệ trước %(due)s.")
                % {"code": r.reference, "due": _when(r.due_at)},
            ),
            url=_public_track,
            channels=(Channel.EMAIL, Channel.SMS),
            area=lambda r: r.commune,
            support_request=lambda r: r,
        ),
        Notice(
            key="support_taken",
            label=gettext_lazy("Tổ hỗ trợ đã nhận xử lý"),
            audience=frozenset({CONTACT}),
            recipients=_requester,
            short=lambda r: (
                _("Yêu cầu hỗ trợ đang được xử lý"),
                _("Yêu cầu %(code)s: tổ hỗ trợ đã nhận xử lý.") % {"code": r.reference},
            ),
            url=_public_track,
            channels=(Channel.SMS,),
            area=lambda r: r.commune,
            support_request=lambda r: r,
        ),
        Notice(
            key="support_resolved",
            label=gettext_lazy("Yêu cầu hỗ trợ đã xử lý xong"),
            audience=frozenset({CONTACT}),
            recipients=_requester,
            short=lambda r: (
                _("Yêu cầu hỗ trợ đã xong"),
                _("Yêu cầu %(code)s đã xử lý xong. Nếu còn trục trặc, hãy báo lại.")
                % {"code": r.reference},
            ),
            url=_public_track,
            channels=(Channel.SMS,),
            area=lambda r: r.commune,
            support_request=lambda r: r,
        ),
        Notice(
            key="offer_received",
            label=gettext_lazy("Đã nhận đăng ký ủng hộ"),
            audience=frozenset({CONTACT}),
            recipients=_donor,
            email="portal/email/offer_received",
            # A money pledge: the transfer written out, for every reader, and the code to scan
            # as an image inside the message (portal/channels/email.py), which mail programs
            # show without loading anything from the web; the tracking page has it too.
            context=lambda o: {"offer": o, "transfer": offer_transfer(o)},
            email_qr=_pledge_qr,
            short=lambda o: (
                _("Đã nhận đăng ký ủng hộ"),
                _("Đã nhận đăng ký ủng hộ %(code)s. Xin cảm ơn tấm lòng của bạn!")
                % {"code": o.reference},
            ),
            url=_public_track,
            channels=(Channel.EMAIL, Channel.SMS),
            area=_offer_area,
        ),
        Notice(
            key="offer_update",
            label=gettext_lazy("Đăng ký ủng hộ chuyển bước"),
            audience=frozenset({CONTACT}),
            recipients=_donor,
            email="portal/email/offer_update",
            context=lambda o: {"offer": o},
            short=_offer_update_short,
            url=_public_track,
            channels=(Channel.EMAIL, Channel.SMS),
            area=_offer_area,
        ),
        Notice(
            key="offer_money_received",
            label=gettext_lazy("Đã nhận tiền ủng hộ"),
            audience=frozenset({CONTACT}),
            recipients=lambda entry: _donor(entry.offer),
            email="portal/email/offer_money_received",
            context=lambda entry: {"offer": entry.offer, "entry": entry},
            short=_money_short,
            url=_public_track,
            channels=(Channel.EMAIL, Channel.SMS),
            area=lambda entry: _offer_area(entry.offer),
        ),
    ]
}


def notices_for(roles: set[str]) -> list[Notice]:
    """The kinds that concern someone with these roles, for their preferences form."""
    return [notice for notice in NOTICES.values() if notice.audience & roles]
