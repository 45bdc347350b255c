"""Which account an e-mail address belongs to.

An address belongs to an account that has shown it reads that mailbox: its sign-in address
(reached through an invitation link, or confirmed before it could become the sign-in
address) or an address it confirmed. Anyone may type any address into their own account
(“Quản lý e-mail”); until it is confirmed it belongs to no one, so it can neither draw an
invitation meant for that mailbox nor stop its owner from joining.
"""

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from portal.models import User


def account_holding(email: str) -> User | None:
    """The account this address belongs to, or None. A confirmed address wins over a
    sign-in address that was never confirmed (an account made outside the sign-up)."""
    accounts = get_user_model().objects
    confirmed = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user")
    return accounts.filter(pk__in=confirmed).first() or accounts.filter(email__iexact=email).first()


def proven_addresses(user: User) -> list[str]:
    """Every address that belongs to this account (lower case)."""
    confirmed = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    return sorted({user.email.lower(), *(address.lower() for address in confirmed)})


def unconfirmed_claims(email: str, *, holder: User) -> QuerySet[EmailAddress]:
    """Other accounts' unconfirmed entries for an address that belongs to `holder`."""
    return EmailAddress.objects.filter(email__iexact=email, verified=False).exclude(user=holder)
