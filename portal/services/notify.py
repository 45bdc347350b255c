"""notify(): the one way the program tells anyone anything. Called inside the transaction of
the service where the thing happens, it writes one `Delivery` per recipient and channel and
queues those that are due once the transaction commits.

- Recipients and texts come from the kind's declaration in `portal/notices.py`.
- Channels: the person's choice for the kind (`NoticePreference`), else the kind's defaults;
  an urgent kind goes to every channel the person can receive. SMS only when a provider is
  configured and the number is a mobile one (`notices.sms_number`); for a requester or donor
  only with the consent they gave on the form.
- Once: the delivery log's unique key (event, channel, recipient) makes a repeated event, a
  retry or a double tap write nothing new and send nothing more.
- Quiet hours (`NOTICES_QUIET_HOURS`, Hà Nội time): a push or SMS that is not urgent waits
  (HELD) until the morning; urgent ones never wait. E-mail is never held: it does not wake
  anyone by itself and it is where the full text is kept.
- Limits (`NOTICES_RATE_LIMITS`): a push or SMS over the person's limit for the channel is
  logged LIMITED with the reason and never sent; an urgent one counts only the urgent ones
  before it. E-mail has no limit: it carries every notice in full, so whatever a limit drops
  on a phone is still in the mailbox."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import channels
from portal.models import NoticePreference, PushSubscription
from portal.models.notifications import Channel, Delivery
from portal.notices import NOTICES, Notice, Recipient, sms_number
from portal.selectors.recipients import known_language, languages_of
from portal.services.once import once
from portal.tasks import deliver_notice

Status = Delivery.Status
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Reach:
    """What one recipient can receive and wants for this kind."""

    recipient: Recipient
    language: str
    addresses: dict[str, str]  # channel → address ("" for push)


def notify(
    kind: str,
    *,
    subject: Any,
    event: str,
    now: datetime | None = None,
    context: dict | None = None,
    language: str = "",
    track_url: str = "",
) -> list[Delivery]:
    """Tell the kind's recipients about `subject`; the deliveries written by this call.

    `event` names what happened, once ("support:812:new"): calling again with the same event
    sends nothing more. `context` adds to the e-mail template's context; `language` is the
    language of a contact without an account (the one they wrote in); `track_url` the link
    to the public tracking page a contact's e-mail carries."""
    notice = NOTICES[kind]
    now = now or timezone.now()
    extra = {**(context or {}), "track_url": track_url}
    written = []
    for reach in _reaches(notice, subject, language):
        for channel, address in reach.addresses.items():
            text = _render(notice, subject, channel, reach.language, extra)
            if text is None:
                continue

            create = partial(
                _delivery, notice, subject, event, now, reach, channel, address, text, extra
            )
            delivery, created = once(
                Delivery,
                event=event,
                channel=channel,
                recipient=reach.recipient.log_key(address),
                create=create,
            )
            if created:
                written.append(delivery)
                if delivery.status == Status.PENDING:
                    deliver_notice.delay_on_commit(delivery.pk)
    return written


def _reaches(notice: Notice, subject: Any, language: str) -> list[_Reach]:
    recipients = list({r.key: r for r in notice.recipients(subject)}.values())
    users = [r.user for r in recipients if r.user]
    languages = languages_of(users)
    preferences = {
        p.user_id: p for p in NoticePreference.objects.filter(user__in=users, kind=notice.key)
    }
    with_push = set(
        PushSubscription.objects.filter(user__in=users).values_list("user_id", flat=True)
    )
    # Someone who chose SMS for any kind agreed to receive SMS on their own phone.
    with_sms = set(
        NoticePreference.objects.filter(user__in=users, sms=True).values_list("user_id", flat=True)
    )
    reaches = []
    for recipient in recipients:
        reachable: dict[str, str] = {}
        if recipient.email:
            reachable[Channel.EMAIL] = recipient.email
        if recipient.user:
            user = recipient.user
            if user.pk in with_push:
                reachable[Channel.PUSH] = ""
            phone = sms_number(user.phone)
            if phone and user.pk in with_sms:
                reachable[Channel.SMS] = phone
            preference = preferences.get(user.pk)
            wanted = (
                {c for c in Channel.values if getattr(preference, c)}
                if preference
                else set(notice.channels)
            )
            spoken = languages[user.pk]
        else:
            if recipient.phone:
                reachable[Channel.SMS] = recipient.phone
            wanted = set(notice.channels)
            spoken = known_language(language)
        if notice.urgent:
            wanted = set(Channel.values)  # every channel the person can receive
        addresses = {c: a for c, a in reachable.items() if c in wanted}
        if addresses:
            reaches.append(_Reach(recipient, spoken, addresses))
    return reaches


def _render(
    notice: Notice, subject: Any, channel: str, language: str, extra: dict
) -> tuple[str, str] | None:
    """(title, body) in the receiver's language; None when the kind has nothing for the
    channel (no e-mail template, or no short text this time)."""
    with translation.override(language):
        if channel == Channel.EMAIL:
            if not notice.email:
                return None
            context = {**notice.context(subject), **extra}
            title = render_to_string(f"{notice.email}_subject.txt", context).strip()
            body = render_to_string(f"{notice.email}_message.txt", context)
            return (settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + title)[:200], body
        return notice.short(subject)


def _delivery(
    notice: Notice,
    subject: Any,
    event: str,
    now: datetime,
    reach: _Reach,
    channel: str,
    address: str,
    text: tuple[str, str],
    extra: dict,
) -> Delivery:
    recipient = reach.recipient
    status, send_after, error = Status.PENDING, now, ""
    if limit := _over_limit(channel, recipient.log_key(address), now, urgent=notice.urgent):
        status, error = Status.LIMITED, limit
    elif (
        not notice.urgent
        and channel in settings.NOTICES_QUIET_CHANNELS
        and (morning := quiet_until(now))
    ):
        status, send_after = Status.HELD, morning
    url = notice.url(subject) or extra["track_url"].removeprefix(settings.SITE_URL)
    return Delivery.objects.create(
        kind=notice.key,
        event=event,
        channel=channel,
        recipient=recipient.log_key(address),
        user=recipient.user,
        address=address,
        language=reach.language,
        title=text[0],
        body=text[1],
        url=url[:300],
        qr_payload=notice.email_qr(subject) if channel == Channel.EMAIL else "",
        urgent=notice.urgent,
        area=notice.area(subject),
        support_request=notice.support_request(subject),
        status=status,
        error=error,
        created_at=now,
        send_after=send_after,
    )


def quiet_until(now: datetime) -> datetime | None:
    """The end of the quiet hours `now` falls in (Hà Nội time), or None outside them."""
    start, end = settings.NOTICES_QUIET_HOURS
    local = timezone.localtime(now)
    quiet = start <= local.hour or local.hour < end if start > end else start <= local.hour < end
    if not quiet:
        return None
    morning = local.replace(hour=end, minute=0, second=0, microsecond=0)
    return morning + timedelta(days=1) if morning <= local else morning


def _over_limit(channel: str, recipient: str, now: datetime, *, urgent: bool = False) -> str:
    """The reason, in the site's language, when this would be one too many; else "".

    An urgent notice counts only the urgent ones before it: a busy day of ordinary notices
    never keeps an escalation off a phone, and a flood of escalations is still held back."""
    if channel not in settings.NOTICES_RATE_LIMITS:
        return ""
    most, seconds = settings.NOTICES_RATE_LIMITS[channel]
    counted = Delivery.objects.filter(
        channel=channel, recipient=recipient, created_at__gt=now - timedelta(seconds=seconds)
    ).exclude(status=Status.LIMITED)
    if urgent:
        counted = counted.filter(urgent=True)
    if counted.count() < most:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "Không gửi: người nhận đã có %(count)s thông báo qua kênh %(channel)s trong "
            "%(hours)s giờ qua (giới hạn để không làm phiền). Nội dung vẫn có trong e-mail "
            "nếu người nhận có e-mail."
        ) % {"count": most, "channel": Channel(channel).label, "hours": seconds // 3600}


@transaction.atomic
def delivery_attempt(*, delivery_pk: int, last_try: bool, now: datetime | None = None) -> str:
    """Send one delivery, at most once: the row is locked and only a PENDING one is sent.
    Returns its status afterwards, or "retry" when a passing failure should be tried again."""
    delivery = Delivery.objects.select_for_update().filter(pk=delivery_pk).first()
    if delivery is None or delivery.status != Status.PENDING:
        return delivery.status if delivery else "gone"
    delivery.attempts += 1
    try:
        channels.send(delivery)
    except Exception as error:  # noqa: BLE001 - any failure is the delivery's, logged on its row
        failure = (
            error
            if isinstance(error, channels.DeliveryFailed)
            else channels.DeliveryFailed(repr(error))
        )
        if not isinstance(error, channels.DeliveryFailed):
            logger.exception("Notice %s: the %s channel failed", delivery.pk, delivery.channel)
        delivery.error = str(failure)
        if failure.permanent or last_try:
            delivery.status = Status.FAILED
        delivery.save(update_fields=["attempts", "error", "status"])
        return delivery.status if delivery.status == Status.FAILED else "retry"
    delivery.status, delivery.sent_at = Status.SENT, now or timezone.now()
    delivery.save(update_fields=["attempts", "status", "sent_at"])
    return delivery.status


@transaction.atomic
def deliveries_release(*, now: datetime | None = None) -> int:
    """Queue the deliveries held through the quiet hours whose morning has come."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(status=Status.HELD, send_after__lte=now)
        .values_list("pk", flat=True)[:1000]
    )
    Delivery.objects.filter(pk__in=due).update(status=Status.PENDING)
    for pk in due:
        deliver_notice.delay_on_commit(pk)
    return len(due)
