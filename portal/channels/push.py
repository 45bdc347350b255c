"""Web Push: a notice shown on every phone (browser) where its recipient allowed the
portal's notifications. The message is encrypted for each browser (RFC 8291) and signed
with the site's VAPID key (RFC 8292) by pywebpush; the push service only carries it.

What is sent is the delivery's title, body and address, nothing else: the phone may show
it on a locked screen."""

import json

import requests
from pywebpush import WebPushException, webpush

from django.conf import settings
from django.utils import timezone

from portal.channels import DeliveryFailed
from portal.channels.vapid import vapid_keys
from portal.models import PushSubscription

# How long a push service keeps a notice for a phone that is off or out of reach.
TTL_SECONDS = 12 * 60 * 60
# Seconds to connect to the push service, then to wait for its answer.
TIMEOUT = (5, 15)
# A push message carries at most 4 KB once encrypted; Vietnamese takes up to 3 bytes a letter.
BODY_LIMIT = 600
# The push service says the subscription no longer exists: the browser dropped it (the
# person turned notifications off, cleared the site's data, uninstalled the browser).
GONE = {404, 410}


def payload(delivery) -> str:
    body = delivery.body
    if len(body) > BODY_LIMIT:
        body = body[: BODY_LIMIT - 1].rstrip() + "…"
    return json.dumps(
        {
            "title": delivery.title,
            "body": body,
            "url": delivery.url,
            # A later notice about the same page replaces the one still on the screen.
            "tag": delivery.url,
            "urgent": delivery.urgent,
        },
        ensure_ascii=False,
    )


def send(delivery) -> None:
    """Send to every subscription of the recipient. Sent when at least one browser took it
    (trying again would show it twice there); otherwise a failure, passing if a push service
    was unreachable or busy, permanent if no subscription is left or all refused it."""
    keys = vapid_keys()
    if keys is None:
        raise DeliveryFailed("Web Push is not configured (no VAPID key)", permanent=True)
    subscriptions = (
        list(PushSubscription.objects.filter(user=delivery.user)) if delivery.user_id else []
    )
    data = payload(delivery)
    headers = {"Urgency": "high" if delivery.urgent else "normal"}
    sent, passing, refused = 0, [], []
    for subscription in subscriptions:
        try:
            webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=data,
                vapid_private_key=keys.signer,
                # A fresh dict each time: pywebpush writes the endpoint's origin into it.
                vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
                ttl=TTL_SECONDS,
                headers=headers,
                timeout=TIMEOUT,  # type: ignore[arg-type]  # passed on to requests
            )
        except WebPushException as error:
            status = error.response.status_code if error.response is not None else None
            if status in GONE:
                PushSubscription.objects.filter(pk=subscription.pk).delete()
            elif status is None or status >= 500 or status == 429:
                passing.append(f"{status or 'no answer'}")
            else:
                refused.append(str(status))
        except requests.RequestException as error:
            passing.append(type(error).__name__)
        else:
            sent += 1
            PushSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=timezone.now())
    if sent:
        return
    if passing:
        raise DeliveryFailed(f"push service unavailable: {', '.join(passing)}")
    if refused:
        raise DeliveryFailed(f"push service refused: {', '.join(refused)}", permanent=True)
    raise DeliveryFailed("no browser subscribed to notifications", permanent=True)
