"""Reads of the delivery log: the failures a coordinator should look at, and how fast the
first notice about a support request reached its sender on each channel.

Each function takes rows already scoped by portal/access.py and reads them in one query."""

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Min, QuerySet
from django.utils import timezone

from portal.models import Channel, Delivery, SupportRequest
from portal.phones import phone_masked, phone_or_blank

RECENT = timedelta(days=30)  # the dashboard counts the failures of the last month


def failed(deliveries: QuerySet[Delivery]) -> QuerySet[Delivery]:
    """Failed notices, newest first."""
    return (
        deliveries.filter(status=Delivery.Status.FAILED)
        .select_related("user")
        .order_by("-created_at", "-pk")
    )


def failed_recently(
    deliveries: QuerySet[Delivery], now: datetime | None = None
) -> QuerySet[Delivery]:
    """The failures of the last month (the dashboard counts them)."""
    since = (now or timezone.now()) - RECENT
    return deliveries.filter(status=Delivery.Status.FAILED, created_at__gte=since)


def recipient_shown(delivery: Delivery) -> str:
    """Who a notice was for, as a list may show it: a portal member by name; a requester's
    or donor's phone or e-mail with most of it hidden."""
    if delivery.user_id:
        return delivery.user.get_full_name() or delivery.user.get_short_name()  # type: ignore[union-attr]  # user_id is set
    address = delivery.address or delivery.recipient
    if "@" in address:
        name, _at, domain = address.partition("@")
        return f"{name[:1]}***@{domain}"
    if phone_or_blank(address):
        return phone_masked(address)
    return "***"


@dataclass(frozen=True)
class ChannelTiming:
    channel: str
    label: str
    requests: int  # requests whose sender got a notice on this channel
    to_notice: timedelta | None  # median, creation to the first notice sent
    to_contact: timedelta | None  # median, creation to the team's first contact, same requests


def first_notice_by_channel(requests: QuerySet[SupportRequest]) -> list[ChannelTiming]:
    """For each channel, how long a request waited for its first notice sent and for the
    team's first contact (medians). One query: one row per request and channel."""
    rows = (
        Delivery.objects.filter(
            support_request__in=requests.values("pk"),
            status=Delivery.Status.SENT,
            sent_at__isnull=False,
        )
        .values("channel", "support_request")
        .annotate(first=Min("sent_at"))
        .values_list(
            "channel",
            "first",
            "support_request__created_at",
            "support_request__first_response_at",
        )
    )
    notice: dict[str, list[timedelta]] = {}
    contact: dict[str, list[timedelta]] = {}
    counts: dict[str, int] = {}
    for channel, first, created, responded in rows:
        counts[channel] = counts.get(channel, 0) + 1
        notice.setdefault(channel, []).append(first - created)
        if responded is not None:
            contact.setdefault(channel, []).append(responded - created)
    return [
        ChannelTiming(
            channel,
            str(label),
            counts.get(channel, 0),
            _median(notice.get(channel)),
            _median(contact.get(channel)),
        )
        for channel, label in Channel.choices
    ]


def _median(values: list[timedelta] | None) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(value.total_seconds() for value in values))
