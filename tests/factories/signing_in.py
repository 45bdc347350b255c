"""Signing in as people do: with the password only, or with a second factor in the session.

Two-factor authentication counts per session (`portal.access`): what a test client may see
depends on how *its* session signed in, not on whether the account has an authenticator.
"""

import time
from importlib import import_module

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from portal import access
from tests.factories.people import PASSWORD

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the authenticator app's secret in tests


def totp_code(secret: str = TOTP_SECRET, *, periods_ahead: int = 0) -> str:
    """The six digits an authenticator app shows now (or in the next 30-second period:
    allauth refuses a code used twice, so a second step-up in one test takes the next)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + periods_ahead))


def authenticator_for(user, secret: str = TOTP_SECRET) -> Authenticator:
    """The account gets an authenticator app (as an administrator or another session would
    give it), without this changing any session."""
    return TOTP.activate(user, secret).instance


def password_session(user) -> Client:
    """A browser that signed in through the sign-in page with the e-mail and password."""
    browser = Client()
    response = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("portal:dashboard"), response["Location"]
    return browser


def two_factor_session(user, secret: str = TOTP_SECRET) -> Client:
    """A browser that signed in with the password, then the authenticator app's code."""
    browser = Client()
    response = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate"), response["Location"]
    code = totp_code(secret)
    response = browser.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == reverse("portal:dashboard"), response["Location"]
    # allauth refuses a code used twice within its period; another phone showing the same
    # code at the same moment is the same app, so the next sign-in in this test may use it.
    cache.delete(TOTP(Authenticator(user=user))._get_used_cache_key(code))
    return browser


def enrol_totp(browser: Client) -> None:
    """Enrol an authenticator app in this browser's session, typing the code it shows
    (allauth first asks for the password again)."""
    asked = browser.get(reverse("mfa_activate_totp"))
    if asked.status_code == 302:
        assert asked["Location"].startswith(reverse("account_reauthenticate"))
        confirmed = browser.post(asked["Location"], {"password": PASSWORD})
        assert confirmed["Location"] == reverse("mfa_activate_totp"), confirmed.status_code
        asked = browser.get(reverse("mfa_activate_totp"))
    assert asked.status_code == 200, asked.status_code
    secret = browser.session["mfa.totp.secret"]
    response = browser.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]


def with_second_factor(user, client: Client | None = None):
    """`user` as a session that gave its second factor sees them.

    The account gets an authenticator app if it has none; `client` (if given) is signed in
    as the user with an "mfa" step recorded in its session, as allauth's two-factor stage
    records it; and the `user` object itself carries that session's fact, as `request.user`
    does in a request, for services and selectors called directly with it.
    """
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        authenticator_for(user)
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    request = RequestFactory().get("/")
    if client is not None:
        client.force_login(user)
        request.session = client.session
    else:
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.user = user
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    access.note_session_factors(request)
    return user
