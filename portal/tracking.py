"""The link in a donor's or requester's e-mail opens their tracking page without typing the
phone number: the reference, signed with the site's secret key."""

from django.core import signing

SALT = "portal.tracking"


def tracking_token(reference: str) -> str:
    return signing.dumps(reference, salt=SALT, compress=True)


def token_reference(token: str) -> str:
    """The reference a token was made for, or "" for a forged or damaged token."""
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return ""
