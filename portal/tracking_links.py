"""The link in a donor's or requester's e-mail opens their tracking page without typing the
phone number: the reference, signed with the site's secret key and dated.

Anyone holding the e-mail can follow the link (a forwarded message, a shared company
mailbox), so it stops opening the page `TRACKING_LINK_DAYS` after it was sent; from then on
the code and the phone number, which never expire, open it."""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core import signing

# The salt keeps its first name: links already e-mailed must still open.
SALT = "portal.tracking"


class Link(NamedTuple):
    reference: str  # "" for a forged or damaged token
    expired: bool = False


def tracking_token(reference: str) -> str:
    return signing.dumps(reference, salt=SALT, compress=True)


def read_token(token: str) -> Link:
    """The reference a token was made for, and whether the link is too old to open it."""
    try:
        lifetime = timedelta(days=settings.TRACKING_LINK_DAYS)
        return Link(signing.loads(token, salt=SALT, max_age=lifetime))
    except signing.SignatureExpired:
        return Link(signing.loads(token, salt=SALT), expired=True)
    except signing.BadSignature:
        return Link("")
