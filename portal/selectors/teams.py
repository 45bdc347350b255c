from django.db.models import Count, Prefetch, Q, QuerySet

from portal import access
from portal.models import AuditEvent, Invitation, Membership, Team, User


def team_list(teams: QuerySet[Team]) -> QuerySet[Team]:
    """Teams with what a list row shows, in one query."""
    return (
        teams.select_related("commune", "school", "cluster")
        .annotate(
            member_count=Count("memberships", distinct=True),
            leader_count=Count(
                "memberships", filter=Q(memberships__role=Membership.Role.LEADER), distinct=True
            ),
        )
        .order_by("-is_active", "name")
    )


def team_members(team: Team) -> QuerySet[Membership]:
    return team.memberships.select_related("person")


def team_pending_invitations(team: Team) -> QuerySet[Invitation]:
    return Invitation.objects.pending().filter(team=team).select_related("invited_by")


def invitations_to_answer(person: User) -> list[Invitation]:
    """The roles offered to this person's account that they can still accept."""
    offered = access.invitations_offered_to(person).select_related("team", "area", "invited_by")
    return [invitation for invitation in offered if access.invitation_usable(invitation)]


def team_history(team: Team, limit: int = 20) -> QuerySet[AuditEvent]:
    return team.audit_events.select_related("actor", "person")[:limit]


def memberships_of(person: User) -> QuerySet[Membership]:
    return person.memberships.select_related(
        "team", "team__commune", "team__school", "team__cluster"
    ).order_by("team__name")


def people_list(people: QuerySet[User]) -> QuerySet:
    return people.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("team"))
    ).order_by("-is_active", "last_name", "first_name", "email")
