"""What the portal does when allauth's two-factor app adds or removes an authenticator, when
a line of the fund's ledger changes, when what access, the coverage of an area, the
monthly targets and the roles offered to someone are read from does, and when a template
changes under `make run`.

Two-factor sign-in counts per session (`portal.access`). A change of the account's second
factor ends the account's other sessions: a session signed in with the password alone
elsewhere must sign in again, and then the new rule applies to it from the start.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils.autoreload import file_changed

from config import cache_versions
from portal import access
from portal.models import (
    Area,
    AreaSuccessor,
    AreaTarget,
    FundEntry,
    Handover,
    Invitation,
    Membership,
    Placement,
    Team,
    User,
)
from portal.selectors.students import HANDOVERS_AND_TARGETS_VERSION_KEY
from portal.selectors.teams import INVITATIONS_VERSION_KEY
from portal.services.counters import figures_changed_announce
from portal.services.people import other_sessions_end
from portal.templatetags import action_bar, kept_cards, portal_menu


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


@receiver(post_save, sender=FundEntry, dispatch_uid="portal_fund_entry_saved")
@receiver(post_delete, sender=FundEntry, dispatch_uid="portal_fund_entry_deleted")
def fund_ledger_changed(**kwargs) -> None:
    """The open fund page shows the ledger itself: any line written, corrected or removed
    (from the admin too, where no counter moves) makes the pages that show figures stale."""
    transaction.on_commit(figures_changed_announce)


def teams_or_places_changed(sender=None, update_fields=None, action="post_", **kwargs) -> None:
    """What each person's access is read from (`portal.access._kept`) and the kept coverage
    of every area (portal.selectors.places) are stale: a team, who is in it, whether they
    are active, a person or the areas they coordinate, the areas, their successions or a
    placement changed; or a migration may have changed any of them. Not when a person only
    signed in."""
    if sender is User and update_fields and set(update_fields) <= {"last_login"}:
        return
    if action.startswith("post_"):
        cache_versions.changed(access.TEAMS_AND_PLACES_VERSION_KEY)


for _model in (Team, Membership, User, Area, AreaSuccessor, Placement):
    post_save.connect(teams_or_places_changed, sender=_model, dispatch_uid=f"coverage-{_model}")
    post_delete.connect(
        teams_or_places_changed, sender=_model, dispatch_uid=f"coverage-del-{_model}"
    )
m2m_changed.connect(
    teams_or_places_changed,
    sender=User.coordinated_areas.through,
    dispatch_uid="coverage-coordinated-areas",
)
post_migrate.connect(teams_or_places_changed, dispatch_uid="coverage-migrated")


@receiver(post_save, sender=Invitation, dispatch_uid="invitations-saved")
@receiver(post_delete, sender=Invitation, dispatch_uid="invitations-deleted")
@receiver(post_save, sender=EmailAddress, dispatch_uid="invitations-address-saved")
@receiver(post_delete, sender=EmailAddress, dispatch_uid="invitations-address-deleted")
def invitations_or_addresses_changed(**kwargs) -> None:
    """The kept roles offered to each person (portal.selectors.teams) are stale: an
    invitation was sent, answered or revoked, or an address was added, confirmed or
    removed."""
    cache_versions.changed(INVITATIONS_VERSION_KEY)


@receiver(post_save, sender=Handover, dispatch_uid="targets-handover-saved")
@receiver(post_delete, sender=Handover, dispatch_uid="targets-handover-deleted")
@receiver(post_save, sender=AreaTarget, dispatch_uid="targets-target-saved")
@receiver(post_delete, sender=AreaTarget, dispatch_uid="targets-target-deleted")
def handovers_or_targets_changed(**kwargs) -> None:
    """The kept monthly targets (portal.selectors.students) are stale: a handover was made or
    taken back, or an area's target changed."""
    cache_versions.changed(HANDOVERS_AND_TARGETS_VERSION_KEY)


@receiver(file_changed, dispatch_uid="rendered-once-template-changed")
def template_changed(sender, file_path, **kwargs) -> None:
    """A template edited while `make run` serves: the menu, the action bar and the cards
    rendered once from the old one are rendered anew (Django reloads its templates without
    restarting the process)."""
    if file_path.suffix == ".html":
        portal_menu.forget()
        action_bar.forget()
        kept_cards.forget()
