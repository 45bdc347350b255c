from django.db.models import Count, Prefetch, Q, QuerySet

from config import cache_versions
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


# Every dashboard asks which roles are offered to its reader, and nearly always none are:
# the answer (a query of three joins, a tenth of a volunteer's dashboard) is kept for each
# person until an invitation or an e-mail address changes (this key, portal/receivers.py),
# or a team, a person or a place does (`access.TEAMS_AND_PLACES_VERSION_KEY`: an inviter
# locked, whose open invitations are revoked in bulk with it). Whether each is still open
# is asked on every read, so one that expires leaves the page at once.
INVITATIONS_VERSION_KEY = "invitations:version"
INVITATIONS_TIMEOUT = 300  # seconds


def invitations_to_answer(person: User) -> list[Invitation]:
    """The roles offered to this person's account that they can still accept."""
    key = f"invitations-to-answer:{person.pk}"
    versions = (access.TEAMS_AND_PLACES_VERSION_KEY, INVITATIONS_VERSION_KEY)
    version, offered = cache_versions.kept(versions, key)
    if offered is None:
        offered = list(  # the inviter's password hash is not copied into the cache
            access.invitations_offered_to(person)
            .select_related("team", "area", "invited_by")
            .defer("invited_by__password")
        )
        cache_versions.keep(key, version, offered, timeout=INVITATIONS_TIMEOUT)
    return [invitation for invitation in offered if access.invitation_usable(invitation)]


def team_history(team: Team, limit: int = 20) -> QuerySet[AuditEvent]:
    return team.audit_events.select_related("actor", "person")[:limit]


def memberships_of(person: User) -> QuerySet[Membership]:
    """A person's memberships, read only from the teams the policy keeps for them
    (`access.own_team_ids`): for someone on no team, a coordinator of an area say, none and
    no query (building and planning its four joins was a twentieth of their dashboard)."""
    return (
        person.memberships.filter(team__in=access.own_team_ids(person))
        .select_related("team", "team__commune", "team__school", "team__cluster")
        .order_by("team__name")
    )


def people_list(people: QuerySet[User]) -> QuerySet:
    return people.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("team"))
    ).order_by("-is_active", "last_name", "first_name", "email")
