"""Notices that reach people: once per event, quiet at night unless urgent, within limits,
on the channels each person chose, in their language, never with a name in a short text,
retried while the failure passes and logged when it does not.

Every channel is the real one: push goes to a push service on 127.0.0.1 and is decrypted
with the browser keys a subscription was made with (tests/push_service.py); SMS goes to the
fake provider (the `sms_gateway` fixture); what "reached a phone" is what those received."""

import email
import email.policy
import re
import socket
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.header import decode_header, make_header
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from django.core import mail
from django.utils import timezone, translation

from portal import access
from portal.models import Delivery, FundEntry, NoticePreference, PushSubscription, User
from portal.notices import NOTICES, SimBatch
from portal.selectors.giving import offer_transfer
from portal.services.handovers import follow_ups_remind
from portal.services.notify import deliveries_release, notify
from portal.services.support import support_respond, support_watch
from tests.campaign.test_vietqr_pages import matrix, modules
from tests.factories.desk import offered, requested
from tests.factories.students import approved, handed_over
from tests.factories.teams import commune
from tests.push_service import BrowserKeys, PushService

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
Status = Delivery.Status
REQUESTER = "Trần Thị Lan"
DONOR = "Nguyễn Văn Minh"


@dataclass(frozen=True)
class Reached:
    """One message as a phone got it: the SMS the provider was handed, or the push the push
    service carried, decrypted with the subscribed browser's keys."""

    channel: str
    user: User | None
    kind: str
    body: str


class Phones:
    def __init__(self, gateway, push_service) -> None:
        self.gateway = gateway
        self.push_service = push_service
        self.browsers: dict[str, tuple[User, BrowserKeys]] = {}

    def subscribe(self, user) -> None:
        keys = BrowserKeys()
        endpoint = self.push_service.endpoint(f"user-{user.pk}")
        self.browsers[endpoint.rsplit("/", 1)[1]] = (user, keys)
        PushSubscription.objects.create(
            user=user, endpoint=endpoint, p256dh=keys.p256dh, auth=keys.auth
        )

    @property
    def sent(self) -> list[Reached]:
        """The texts in the order the provider got them, then the pushes."""
        reached = []
        for request in self.gateway.requests:
            message = request.json
            # The provider is handed our reference for the message: "delivery-<pk>".
            delivery = Delivery.objects.get(pk=message["RequestId"].removeprefix("delivery-"))
            reached.append(Reached("sms", delivery.user, delivery.kind, message["Content"]))
        for message in self.push_service.received:
            user, keys = self.browsers[message.path.rsplit("/", 1)[1]]
            shown = keys.read(message)
            sent = Delivery.objects.filter(
                user=user, channel="push", title=shown["title"], url=shown["url"]
            ).first()
            reached.append(Reached("push", user, sent.kind if sent else "", shown["body"]))
        return reached


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


@pytest.fixture(autouse=True)
def phones(sms_gateway, push_service):
    """Push and SMS end at the real local endpoints; e-mail in Django's outbox."""
    mail.outbox.clear()
    return Phones(sms_gateway, push_service)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def at(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=HANOI)


def deliveries(**filters) -> list[Delivery]:
    return list(Delivery.objects.filter(**filters).order_by("pk"))


def test_the_same_event_twice_is_delivered_once_per_channel(
    team, leader, volunteer, phones, on_commit
):
    phones.subscribe(volunteer)
    with on_commit():
        request = requested(commune("Bát Tràng"), now=at(10))
    first = deliveries(kind="support_new")
    assert {(d.recipient, d.channel) for d in first} == {
        (f"user:{leader.pk}", "email"),
        (f"user:{volunteer.pk}", "email"),
        (f"user:{volunteer.pk}", "push"),
    }
    sent_mail = len(mail.outbox)

    with on_commit():  # the same event again: a retry, a double tap
        again = notify(
            "support_new", subject=request, event=f"support:{request.pk}:new", now=at(10, 5)
        )

    assert again == []
    assert deliveries(kind="support_new") == first
    assert len(mail.outbox) == sent_mail
    assert all(d.status == Status.SENT and d.attempts == 1 for d in first)


def test_a_push_or_sms_at_night_waits_for_the_morning_and_then_leaves(
    team, leader, phones, on_commit
):
    with on_commit():
        request = requested(commune("Bát Tràng"), now=at(22, 30), sms_consent=True)
    sms = deliveries(kind="support_received", channel="sms")[0]
    e_mail = deliveries(kind="support_received", channel="email")[0]

    assert sms.status == Status.HELD
    assert sms.send_after == at(7, day=2)
    assert sms.address == "+84978000001"
    assert e_mail.status == Status.SENT  # e-mail wakes nobody: it leaves at once

    with on_commit():
        assert deliveries_release(now=at(6, 59, day=2)) == 0
    with on_commit():
        assert deliveries_release(now=at(7, 0, day=2)) == 1
    sms.refresh_from_db()
    assert sms.status == Status.SENT
    assert request.reference in phones.sent[0].body
    with on_commit():
        assert deliveries_release(now=at(7, 5, day=2)) == 0  # released once


def test_an_escalation_at_night_is_not_held_and_takes_every_channel(
    team, leader, coordinator, phones, on_commit
):
    phones.subscribe(leader)
    phones.subscribe(coordinator)
    with on_commit():
        request = requested(commune("Bát Tràng"), now=at(23, 30))
    with on_commit():
        assert support_watch(now=at(23, 30, day=2))["escalated"] == 1

    escalations = deliveries(kind="support_escalated")
    assert {(d.user, d.channel) for d in escalations} == {
        (leader, "email"),
        (leader, "push"),
        (coordinator, "email"),
        (coordinator, "push"),
    }
    assert all(d.urgent and d.status == Status.SENT for d in escalations)
    assert {d.user for d in phones.sent} == {leader, coordinator}
    assert all(request.reference in d.body for d in phones.sent)


def test_urgent_goes_to_every_channel_even_one_the_person_turned_off(
    team, leader, phones, on_commit
):
    phones.subscribe(leader)
    NoticePreference.objects.create(
        user=leader, kind="support_escalated", email=False, push=False, sms=False
    )
    with on_commit():
        requested(commune("Bát Tràng"), now=at(9))
        support_watch(now=at(9, day=2))

    assert {d.channel for d in deliveries(kind="support_escalated", user=leader)} == {
        "email",
        "push",
    }


def test_past_the_limit_a_text_is_logged_and_never_sent_but_the_email_still_is(
    settings, team, phones, on_commit
):
    settings.NOTICES_RATE_LIMITS = {"sms": (2, 24 * 60 * 60)}
    with on_commit():
        for hour in (9, 10, 11):  # three requests from the same phone in one morning
            requested(commune("Bát Tràng"), now=at(hour), sms_consent=True)

    texts = deliveries(kind="support_received", channel="sms")
    assert [d.status for d in texts] == [Status.SENT, Status.SENT, Status.LIMITED]
    assert "Không gửi" in texts[2].error
    assert len(phones.sent) == 2
    e_mails = deliveries(kind="support_received", channel="email")
    assert [d.status for d in e_mails] == [Status.SENT] * 3


def test_a_busy_day_on_a_phone_does_not_keep_an_escalation_off_it(
    settings, team, leader, phones, on_commit
):
    # The leader chose texts for new requests; the limit is two texts in two days.
    settings.NOTICES_RATE_LIMITS = {"sms": (2, 2 * 24 * 60 * 60)}
    leader.phone = "+84912000222"
    leader.save()
    NoticePreference.objects.create(
        user=leader, kind="support_new", email=True, push=False, sms=True
    )
    with on_commit():
        for minute in (0, 10, 20):  # three new requests in one morning: the third text waits
            requested(commune("Bát Tràng"), now=at(9, minute))
    with on_commit():  # none answered: all three escalate the next morning
        assert support_watch(now=at(9, 30, day=2))["escalated"] == 3

    texts = deliveries(user=leader, channel="sms")
    new = [d.status for d in texts if d.kind == "support_new"]
    assert new == [Status.SENT, Status.SENT, Status.LIMITED]
    # The two texts of the busy morning do not use up what an escalation may send: urgent
    # notices count only against each other, so a flood of them is still held back.
    escalated = [d.status for d in texts if d.kind == "support_escalated"]
    assert escalated == [Status.SENT, Status.SENT, Status.LIMITED]
    assert len(phones.gateway.requests) == 4


def test_each_person_gets_the_channels_they_chose(team, leader, volunteer, phones, on_commit):
    phones.subscribe(volunteer)
    phones.subscribe(leader)
    NoticePreference.objects.create(
        user=volunteer, kind="support_new", email=False, push=True, sms=False
    )
    NoticePreference.objects.create(
        user=leader, kind="support_new", email=True, push=False, sms=False
    )
    with on_commit():
        requested(commune("Bát Tràng"), now=at(10))

    chosen = {(d.user, d.channel) for d in deliveries(kind="support_new")}
    assert chosen == {(volunteer, "push"), (leader, "email")}
    assert [message.to for message in mail.outbox if "hỗ trợ mới" in message.subject] == [
        [leader.email]
    ]


def test_a_volunteer_who_chose_sms_gets_it_on_their_own_phone(team, volunteer, phones, on_commit):
    volunteer.phone = "+84912000111"
    volunteer.save()
    NoticePreference.objects.create(
        user=volunteer, kind="support_new", email=True, push=False, sms=True
    )
    with on_commit():
        request = requested(commune("Bát Tràng"), now=at(10))

    (text,) = deliveries(kind="support_new", user=volunteer, channel="sms")
    assert text.address == "+84912000111"
    assert text.status == Status.SENT
    assert request.reference in text.body
    [handed] = phones.gateway.requests
    assert handed.json["Phone"] == "0912000111"
    assert request.reference in handed.json["Content"]


def test_a_requester_hears_when_a_team_takes_the_request_and_when_it_is_solved(
    team, volunteer, phones, on_commit
):
    with on_commit():
        request = requested(commune("Bát Tràng"), now=at(9), sms_consent=True)
    with on_commit():
        support_respond(actor=volunteer, request=request, text="Đã gọi", now=at(10))
        support_respond(actor=volunteer, request=request, text="Gọi lại", now=at(10, 5))

    kinds = [d.kind for d in phones.sent]
    assert kinds == ["support_received", "support_taken"]
    assert all(request.reference in d.body for d in phones.sent)


def test_a_requester_without_consent_gets_no_text(team, on_commit):
    with on_commit():
        requested(commune("Bát Tràng"), now=at(9), sms_consent=False)
    assert deliveries(channel="sms") == []


def test_short_texts_are_in_the_receivers_language(team, leader, volunteer, phones, on_commit):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(volunteer)
    profile.preferred_language = "en"
    profile.save()
    phones.subscribe(volunteer)
    phones.subscribe(leader)
    with on_commit():
        requested(commune("Bát Tràng"), now=at(10))

    titles = {d.user: (d.language, d.title) for d in deliveries(kind="support_new", channel="push")}
    assert titles[volunteer] == ("en", "New support request")
    assert titles[leader] == ("vi", "Yêu cầu hỗ trợ mới")


def _subjects(volunteer, leader, teacher, school, team) -> dict:
    """A subject of every kind, each full of names that must not reach a phone."""
    request = requested(commune("Bát Tràng"), name=REQUESTER, sms_consent=True)
    request.assignee = volunteer
    offer = offered(commune("Bát Tràng"), donor_name=DONOR, sms_consent=True)
    offer.status, offer.pickup_at = "pickup_scheduled", timezone.now()
    received = offered(commune("Bát Tràng"), donor_name=DONOR, sms_consent=True)
    received.status = "received"
    student = approved(teacher, leader, school, full_name="Lê Minh Châu")
    today = timezone.localdate()
    handover = handed_over(
        volunteer,
        student,
        team,
        handed_on=today - timedelta(days=10),
        follow_up_on=today,
    )
    follow_up = handover.follow_ups.first()
    sims = SimBatch(team=team, sims=[handover.device], days=14, today=today)
    return {
        "support_new": request,
        "support_assigned": request,
        "support_warning": request,
        "support_escalated": request,
        "support_received": request,
        "support_taken": request,
        "support_resolved": request,
        "offer_new": offer,
        "offer_routed": offer,
        "offer_received": offer,
        "offer_update": received,
        "offer_money_received": FundEntry(
            offer=offer, amount_vnd=500_000, occurred_on=date(2026, 11, 12)
        ),
        "followup_due": follow_up,
        "sims_expiring": sims,
    }


def test_no_short_text_carries_a_name(volunteer, leader, teacher, school, team):
    subjects = _subjects(volunteer, leader, teacher, school, team)
    assert set(subjects) == set(NOTICES), "every kind is checked"
    follow_up = subjects["followup_due"]
    names = [
        REQUESTER,
        DONOR,
        "Lê Minh Châu",
        follow_up.handover.student.guardian_name,
        volunteer.get_full_name(),
        leader.get_full_name(),
        "Lan",
        "Minh",
        "Châu",
    ]
    for kind, subject in subjects.items():
        for language in ("vi", "en"):
            with translation.override(language):
                title, text = NOTICES[kind].short(subject)
            for name in names:
                assert name not in title, (kind, language, name)
                assert name not in text, (kind, language, name)
            code = getattr(subject, "reference", "")
            if code:
                assert code in text, (kind, language)


def test_the_follow_up_reminder_tells_the_team_once(
    volunteer, leader, teacher, school, team, on_commit
):
    today = timezone.localdate()
    student = approved(teacher, leader, school, full_name="Lê Minh Châu")
    handover = handed_over(
        volunteer, student, team, handed_on=today - timedelta(days=10), follow_up_on=today
    )
    mail.outbox.clear()
    with on_commit():
        assert follow_ups_remind(today=today) == 1
    with on_commit():
        follow_ups_remind(today=today)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([leader.email, volunteer.email])
    assert handover.device.asset_code in mail.outbox[0].subject
    assert "Lê Minh Châu" not in mail.outbox[0].body


# E-mail through Django's real SMTP backend to a server on this machine.


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """Accepts mail for any address but those starting "khong-co" (550, no such user)."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.startswith("khong-co"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield mailbox
    controller.stop()


def test_an_email_reaches_a_real_smtp_server(smtp, team, leader, on_commit):
    with on_commit():
        request = requested(commune("Bát Tràng"), now=at(10))

    by_address = {message["To"]: message for message in smtp.messages}
    to_requester = by_address["lan@example.vn"]
    subject = str(make_header(decode_header(to_requester["Subject"])))
    assert subject.endswith(f"Đã nhận yêu cầu hỗ trợ {request.reference}")
    body = to_requester.get_payload(decode=True).decode()
    assert f"mã {request.reference}" in body
    assert "Chào Trần Thị Lan" in body
    assert leader.email in by_address
    sent = deliveries(channel="email")
    assert all(d.status == Status.SENT and d.sent_at for d in sent)


def test_a_pledge_in_english_reaches_a_real_smtp_server_with_its_code_inside(smtp, team, on_commit):
    with on_commit(), translation.override("en"):
        offer = offered(commune("Bát Tràng"), items=[], money_pledge_vnd=1_250_000)

    sent = next(m for m in smtp.messages if m["To"] == offer.email)
    message = email.message_from_bytes(sent.as_bytes(), policy=email.policy.default)
    html = message.get_body(("html",)).get_content()
    cid = re.search(
        r'<img src="cid:([^"]+)"[^>]* alt="VietQR code to transfer 1.250.000 VND"', html
    )[1]
    [image] = [part for part in message.walk() if part["Content-ID"] == f"<{cid}>"]
    (logged,) = deliveries(kind="offer_received", channel="email")

    assert "Amount: 1.250.000 đ" in message.get_body(("plain",)).get_content()
    assert modules(image.get_content()) == matrix(offer_transfer(offer).payload)
    assert logged.qr_payload == offer_transfer(offer).payload
    assert logged.status == Status.SENT


def test_an_address_the_server_refuses_fails_at_once_without_retrying(smtp, team, on_commit):
    with on_commit():
        requested(commune("Bát Tràng"), now=at(10), email="khong-co@example.vn")

    (refused,) = deliveries(kind="support_received", channel="email")
    assert refused.status == Status.FAILED
    assert refused.attempts == 1
    assert "550" in refused.error


def test_a_mail_server_that_is_down_is_tried_again_then_the_failure_is_logged(
    settings, team, leader, on_commit
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nobody listens
    settings.EMAIL_TIMEOUT = 2
    with on_commit():
        requested(commune("Bát Tràng"), now=at(10))

    failed = deliveries(channel="email")
    assert failed
    for delivery in failed:
        assert delivery.status == Status.FAILED
        assert delivery.attempts == settings.NOTICE_MAX_RETRIES + 1
        assert "SMTP" in delivery.error
        assert delivery.sent_at is None


def test_an_invalid_number_fails_at_once(team, phones, on_commit):
    phones.gateway.answer(200, {"CodeResult": "108"})  # the provider: not a valid number
    with on_commit():
        requested(commune("Bát Tràng"), now=at(10), phone="0912 000 000", sms_consent=True)
    (text,) = deliveries(channel="sms")
    assert (text.status, text.attempts) == (Status.FAILED, 1)
    assert text.error == "eSMS từ chối, mã 108: số điện thoại sai định dạng"
    assert len(phones.gateway.requests) == 1  # not tried again


def test_a_text_goes_only_to_a_mobile_number_and_only_when_sms_is_set_up(
    settings, team, phones, on_commit
):
    with on_commit():
        landline = requested(
            commune("Bát Tràng"), now=at(10), phone="024 3826 1234", sms_consent=True
        )
    settings.SMS_GATEWAY = ""  # no provider configured
    with on_commit():
        unset = requested(commune("Bát Tràng"), now=at(10), sms_consent=True)
    settings.SMS_GATEWAY = "esms"
    with on_commit():
        mobile = requested(commune("Bát Tràng"), now=at(10), sms_consent=True)

    assert deliveries(channel="sms", support_request=landline) == []
    assert deliveries(channel="sms", support_request=unset) == []
    (text,) = deliveries(channel="sms", support_request=mobile)
    assert text.status == Status.SENT
    [handed] = phones.gateway.requests
    assert mobile.reference in handed.json["Content"]
    # The e-mail still tells each of them.
    assert len(deliveries(kind="support_received", channel="email")) == 3


def test_a_donor_text_needs_consent_a_mobile_and_a_provider(settings, team, phones, on_commit):
    with on_commit():
        offered(commune("Bát Tràng"), sms_consent=False)
        offered(commune("Bát Tràng"), phone="024 3826 1234", sms_consent=True)
    settings.SMS_GATEWAY = ""
    with on_commit():
        offered(commune("Bát Tràng"), sms_consent=True)
    assert deliveries(channel="sms") == []
    assert phones.gateway.requests == []


def test_every_kind_logs_its_area_for_the_coordinators_there(
    volunteer, leader, teacher, school, team, coordinator, phones, on_commit
):
    subjects = _subjects(volunteer, leader, teacher, school, team)
    from_outside = offered(None, donor_name=DONOR, sms_consent=True)
    assert from_outside.commune is None
    subjects["offer_received:outside"] = from_outside
    for person in (volunteer, leader, coordinator):
        phones.subscribe(person)
    with on_commit():
        for key, subject in subjects.items():
            kind = key.split(":")[0]
            assert notify(kind, subject=subject, event=f"area:{key}", now=at(10)), key

    written = deliveries(event__startswith="area:")
    assert {d.kind for d in written} == set(NOTICES)
    assert [d.event for d in written if d.area is None] == []
    visible = set(access.deliveries_visible_to(coordinator).filter(event__startswith="area:"))
    assert visible == set(written), "the coordinator of Gia Lâm sees every one of them"


def test_every_kind_is_delivered_once_on_each_of_its_channels_however_often_it_is_sent(
    volunteer, leader, teacher, school, team, coordinator, phones, on_commit
):
    # Each kind's event notified twice (a retry, a double tap): what the phones, the
    # provider and the mailbox got is one message per delivery, every delivery sent.
    subjects = _subjects(volunteer, leader, teacher, school, team)
    for person in (volunteer, leader, coordinator):
        phones.subscribe(person)
    # The leader takes texts on their own phone for new requests, so an urgent kind goes to
    # every channel there is.
    leader.phone = "+84912000222"
    leader.save()
    NoticePreference.objects.create(
        user=leader, kind="support_new", email=True, push=True, sms=True
    )
    for _again in range(2):
        with on_commit():
            for key, subject in subjects.items():
                notify(key.split(":")[0], subject=subject, event=f"once:{key}", now=at(10))

    written = deliveries(event__startswith="once:")
    channels_of = {kind: {d.channel for d in written if d.kind == kind} for kind in NOTICES}
    expected = {
        kind: {"email", "push", "sms"} if notice.urgent else set(notice.channels)
        for kind, notice in NOTICES.items()
    }
    expected["support_new"] |= {"sms"}  # the leader's choice
    assert channels_of == expected, "each kind on each of its channels"
    assert [d for d in written if d.status != Status.SENT] == []
    reached = phones.sent
    by_channel = Counter(d.channel for d in written)
    assert Counter(r.channel for r in reached) == {
        "push": by_channel["push"],
        "sms": by_channel["sms"],
    }
    assert len(mail.outbox) == by_channel["email"]


def test_a_donor_who_agreed_gets_the_code_then_the_pickup_time_by_sms(
    settings, team, volunteer, phones, on_commit
):
    from portal.models import OfferStatus
    from portal.services.offers import offer_transition

    settings.NOTICES_QUIET_HOURS = (0, 0)  # the offer's steps run at the real time: no night

    with on_commit():
        offer = offered(commune("Bát Tràng"), sms_consent=True)
    with on_commit():
        offer_transition(actor=volunteer, offer=offer, to=OfferStatus.CONTACTED)
    with on_commit():
        offer_transition(
            actor=volunteer,
            offer=offer,
            to=OfferStatus.PICKUP_SCHEDULED,
            pickup_at=at(9, day=5),
        )

    texts = [d for d in phones.sent if d.channel == "sms"]
    assert [d.kind for d in texts] == ["offer_received", "offer_update"]  # "contacted": e-mail
    assert all(offer.reference in d.body for d in texts)
    assert "09:00" in texts[1].body
    assert all(DONOR not in d.body for d in texts)
    assert len(deliveries(kind="offer_update", channel="email")) == 2


def test_quiet_hours_run_from_nine_at_night_to_seven_in_the_morning():
    from portal.services.notify import quiet_until

    assert quiet_until(at(20, 59)) is None
    assert quiet_until(at(21)) == at(7, day=2)
    assert quiet_until(at(2, 30)) == at(7)  # after midnight: the same morning
    assert quiet_until(at(7)) is None
