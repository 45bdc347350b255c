"""The browsers that receive a person's notices (Web Push subscriptions)."""

from django.db import transaction

from portal.models import PushSubscription, User


@transaction.atomic
def push_subscribe(
    *, actor: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushSubscription:
    """Keep this browser's subscription for `actor`. Sending it again changes nothing but
    its keys; a subscription that belonged to someone else (a phone passed on, or shared
    and signed in to by another person) now belongs to whoever is signed in on it."""
    subscription, _created = PushSubscription.objects.select_for_update().update_or_create(
        endpoint=endpoint,
        defaults={"user": actor, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300]},
    )
    return subscription


@transaction.atomic
def push_unsubscribe(*, actor: User, endpoint: str) -> bool:
    """Stop sending to this browser; whether there was anything to stop. Only the
    subscription's owner can end it."""
    deleted, _by_model = PushSubscription.objects.filter(user=actor, endpoint=endpoint).delete()
    return deleted > 0
