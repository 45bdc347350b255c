"""The portal's one access policy: who may see and do what, to which objects.

Every portal view asks here, either for a scoped queryset ("which teams may this person
see?") or for a yes/no on one object ("may this person manage that team?"). Nothing else in
the code decides access. Scoped querysets make another team's object a 404, never its data.

Roles:
- coordinator: `User.coordinated_area` set; sees and manages every team, person and place
  inside that area (the whole district for the Huyện đoàn);
- team leader / member: a `Membership` with that role; sees own teams, leaders manage them;
- teacher: a member of a "Giáo viên IT" team (of their school);
- editor: the Wagtail "Editors" group; public pages only, nothing of the portal's data.
"""

from allauth.mfa.models import Authenticator

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from portal.models import Area, Device, Fund, Invitation, Membership, Sale, Team

User = get_user_model()


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_coordinator(user) -> bool:
    return _signed_in(user) and user.is_coordinator


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def coordinator_needs_mfa(user) -> bool:
    """Coordinators must enrol an authenticator app before they see student data."""
    return is_coordinator(user) and not has_totp(user)


def may_see_student_data(user) -> bool:
    if is_coordinator(user):
        return has_totp(user)
    return _signed_in(user) and user.memberships.filter(team__is_active=True).exists()


# --- places -------------------------------------------------------------------------------


def areas_coordinated_by(user) -> QuerySet[Area]:
    if not is_coordinator(user):
        return Area.objects.none()
    return Area.objects.filter(path__startswith=user.coordinated_area.path)


def communes_coordinated_by(user) -> QuerySet[Area]:
    return areas_coordinated_by(user).filter(kind__in=Area.GRASSROOTS)


# --- teams --------------------------------------------------------------------------------


def _in_coordinated_area(user) -> Q:
    """Teams inside the area a coordinator runs (nothing for anyone else)."""
    if not is_coordinator(user):
        return Q(pk__in=[])
    path = user.coordinated_area.path
    return Q(commune__path__startswith=path) | Q(cluster__district__path__startswith=path)


def teams_visible_to(user) -> QuerySet[Team]:
    if not _signed_in(user):
        return Team.objects.none()
    return Team.objects.filter(Q(memberships__person=user) | _in_coordinated_area(user)).distinct()


def teams_managed_by(user) -> QuerySet[Team]:
    """A coordinator manages the teams of their area; anyone manages the active teams they
    lead. Being a plain member of a team elsewhere gives a coordinator no power there."""
    if not _signed_in(user):
        return Team.objects.none()
    led = Q(memberships__person=user, memberships__role=Membership.Role.LEADER, is_active=True)
    return Team.objects.filter(led | _in_coordinated_area(user)).distinct()


def can_manage_team(user, team: Team) -> bool:
    return teams_managed_by(user).filter(pk=team.pk).exists()


def can_create_team(user) -> bool:
    return is_coordinator(user)


def can_change_team_status(user, team: Team) -> bool:
    """Opening or closing a team changes the coverage figures: coordinators only."""
    return Team.objects.filter(_in_coordinated_area(user), pk=team.pk).exists()


# --- people and invitations ---------------------------------------------------------------


def people_visible_to(user) -> QuerySet:
    if not _signed_in(user):
        return User.objects.none()
    if is_coordinator(user):
        area_path = user.coordinated_area.path
        return User.objects.filter(
            Q(pk=user.pk)
            | Q(memberships__team__in=Team.objects.filter(_in_coordinated_area(user)))
            | Q(coordinated_area__path__startswith=area_path)
            | Q(groups__name="Editors")
        ).distinct()
    return User.objects.filter(
        Q(pk=user.pk) | Q(memberships__team__in=teams_managed_by(user))
    ).distinct()


def can_manage_person(user, person) -> bool:
    """Lock or unlock an account: coordinators, for people in their area, never themselves."""
    return (
        is_coordinator(user)
        and person.pk != user.pk
        and people_visible_to(user).filter(pk=person.pk).exists()
    )


def invitable_roles(user, team: Team | None = None) -> list[str]:
    """The roles this person may invite someone into (for a team, or program-wide)."""
    if team is None:
        if is_coordinator(user):
            return [Invitation.Role.COORDINATOR, Invitation.Role.EDITOR]
        return []
    if is_coordinator(user) and can_manage_team(user, team):
        return [Invitation.Role.LEADER, Invitation.Role.MEMBER]
    if can_manage_team(user, team):
        return [Invitation.Role.MEMBER]
    return []


def invitations_visible_to(user) -> QuerySet[Invitation]:
    if not _signed_in(user):
        return Invitation.objects.none()
    scope = Q(team__in=teams_managed_by(user))
    if is_coordinator(user):
        # Program-wide invitations (coordinators, editors) carry the area they were made for.
        scope |= Q(team__isnull=True, area__path__startswith=user.coordinated_area.path)
    return Invitation.objects.filter(scope)


def can_view_audit_log(user) -> bool:
    return is_coordinator(user)


# --- devices, fund, standards -------------------------------------------------------------


def devices_visible_to(user) -> QuerySet[Device]:
    """Team members see their teams' devices; coordinators every device of their area."""
    if not _signed_in(user):
        return Device.objects.none()
    scope = Q(team__memberships__person=user)
    if is_coordinator(user):
        scope |= Q(commune__path__startswith=user.coordinated_area.path)
    return Device.objects.filter(scope).distinct()


def can_work_on_device(user, device: Device) -> bool:
    return devices_visible_to(user).filter(pk=device.pk).exists()


def intake_teams(user) -> QuerySet[Team]:
    """The teams a person may receive devices for: their own, or any in a coordinator's area."""
    return teams_visible_to(user).filter(is_active=True)


def intake_communes(user) -> QuerySet[Area]:
    """Where a device may be received: a coordinator's communes, or those a person's teams
    work in (their commune, their school's, their cluster's)."""
    if is_coordinator(user):
        return communes_coordinated_by(user)
    teams = intake_teams(user)
    return (
        Area.objects.filter(Q(teams__in=teams) | Q(cluster__teams__in=teams))
        .distinct()
        .order_by("path")
    )


def funds_visible_to(user) -> QuerySet[Fund]:
    if not is_coordinator(user):
        return Fund.objects.none()
    return Fund.objects.filter(area__path__startswith=user.coordinated_area.path)


def can_approve_sale(user, sale: Sale) -> bool:
    return is_coordinator(user) and can_work_on_device(user, sale.device)


def can_edit_standards(user) -> bool:
    return is_coordinator(user)
