"""What the portal does when allauth's two-factor app adds or removes an authenticator.

Two-factor sign-in counts per session (`portal.access`). A change of the account's second
factor ends the account's other sessions: a session signed in with the password alone
elsewhere must sign in again, and then the new rule applies to it from the start.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed

from django.dispatch import receiver

from portal.services.people import other_sessions_end


def _in_own_session(request, user) -> bool:
    return request is not None and getattr(request, "user", None) == user


@receiver(authenticator_added, dispatch_uid="portal_authenticator_added")
def authenticator_enrolled(sender, request, user, authenticator, **kwargs) -> None:
    if not _in_own_session(request, user):
        return
    if authenticator.type == Authenticator.Type.TOTP:
        # Enrolling counts as this session's second factor: it typed a valid code from the
        # app just set up (after confirming the password), which proves it holds the app
        # as the sign-in stage would. Not counting it would only ask for a second code a
        # minute later. An account that already has an app cannot enrol another one, and
        # removing it takes the app itself (`portal.adapters`), so a password alone never
        # gets here for an account that had a second factor.
        # allauth writes its own "mfa" steps with this function; there is no public one.
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )
    other_sessions_end(person=user, keep_session_key=request.session.session_key)


@receiver(authenticator_removed, dispatch_uid="portal_authenticator_removed")
def authenticator_withdrawn(sender, request, user, authenticator, **kwargs) -> None:
    if _in_own_session(request, user):
        other_sessions_end(person=user, keep_session_key=request.session.session_key)
