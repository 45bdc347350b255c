from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal import access
from portal.models import AuditEvent, Membership, Team, User
from portal.services.audit import audit_record

Action = AuditEvent.Action


@transaction.atomic
def team_create(*, actor: User, fields: dict) -> Team:
    """A new team (`fields`: its name, kind, place and contact); coordinators only."""
    if not access.can_create_team(actor):
        raise PermissionDenied
    team = Team(**fields)
    team.full_clean()
    team.save()
    audit_record(action=Action.TEAM_CREATED, actor=actor, team=team, name=team.name)
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, fields: dict) -> Team:
    """Change what `fields` holds of a team; what changed goes to the audit log."""
    if not access.can_manage_team(actor, team):
        raise PermissionDenied
    team = Team.objects.select_for_update().get(pk=team.pk)
    changed = sorted(name for name, value in fields.items() if getattr(team, name) != value)
    if "is_active" in changed and not access.can_change_team_status(actor, team):
        raise PermissionDenied
    for name in changed:
        setattr(team, name, fields[name])
    team.full_clean()
    team.save()
    if changed:
        audit_record(action=Action.TEAM_UPDATED, actor=actor, team=team, fields=changed)
    return team


@transaction.atomic
def membership_add(*, actor: User, team: Team, person: User, role: str) -> Membership:
    """Put a person in a team, or raise them to leader; an invitation never lowers a role."""
    membership, created = Membership.objects.get_or_create(
        team=team, person=person, defaults={"role": role}
    )
    if created:
        audit_record(action=Action.MEMBER_ADDED, actor=actor, team=team, person=person, role=role)
    elif role == Membership.Role.LEADER and membership.role != role:
        membership_set_role(actor=actor, membership=membership, role=role, check=False)
    return membership


@transaction.atomic
def membership_set_role(
    *, actor: User, membership: Membership, role: str, check: bool = True
) -> Membership:
    # Who leads a team is the coordinators' decision, up or down.
    if check and not (
        access.is_coordinator(actor) and access.can_manage_team(actor, membership.team)
    ):
        raise PermissionDenied
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    previous, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    audit_record(
        action=Action.MEMBER_ROLE_CHANGED,
        actor=actor,
        team=membership.team,
        person=membership.person,
        before=previous,
        after=role,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Anyone may leave a team; leaders remove members; only coordinators remove leaders."""
    team = membership.team
    leaving = actor.pk == membership.person_id
    if not leaving and not access.can_manage_team(actor, team):
        raise PermissionDenied
    if (
        not leaving
        and membership.role == Membership.Role.LEADER
        and not access.is_coordinator(actor)
    ):
        raise PermissionDenied
    membership.delete()
    audit_record(action=Action.MEMBER_REMOVED, actor=actor, team=team, person=membership.person)


@transaction.atomic
def membership_set_contact_consent(
    *, actor: User, membership: Membership, public: bool
) -> Membership:
    """Only the member decides whether their own contact is shown publicly."""
    if actor.pk != membership.person_id:
        raise PermissionDenied
    if membership.contact_is_public != public:
        membership.contact_is_public = public
        membership.save(update_fields=["contact_is_public"])
        audit_record(
            action=Action.CONTACT_CONSENT_CHANGED,
            actor=actor,
            team=membership.team,
            person=actor,
            public=public,
        )
    return membership
