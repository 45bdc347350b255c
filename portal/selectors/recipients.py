"""Who receives the program's notices and in which language (reads only). The notices are
written by `portal.services.notify.notify()`, the one way anything is sent to anyone."""

from django.conf import settings

from wagtail.users.models import UserProfile

from portal.models import Area, Membership, Team, User


def languages_of(users: list[User]) -> dict[int, str]:
    """Each user's language: the one they chose in their account settings (kept in Wagtail's
    user profile, as the admin's e-mails use it), else the site's (Vietnamese)."""
    chosen = dict(
        UserProfile.objects.filter(user__in=users)
        .exclude(preferred_language="")
        .values_list("user_id", "preferred_language")
    )
    return {user.pk: known_language(chosen.get(user.pk, "")) for user in users}


def known_language(code: str) -> str:
    """`code` if the site speaks it, else the site's language."""
    known = {language for language, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def team_people(team: Team | None, *, leaders_only: bool = False) -> list[User]:
    """The team's active members (only its leaders, when asked and the team has any)."""
    if team is None:
        return []
    memberships = list(
        Membership.objects.filter(team=team, person__is_active=True)
        .select_related("person")
        .order_by("person__email")
    )
    leaders = [m.person for m in memberships if m.role == Membership.Role.LEADER]
    if leaders_only and leaders:
        return leaders
    return [m.person for m in memberships]


def coordinators_of(area: Area | None) -> list[User]:
    """The coordinators one of whose areas contains `area` (the district's, the city's…)."""
    if area is None:
        return []
    paths = [area.path[:end] for end in range(area.steplen, len(area.path) + 1, area.steplen)]
    return list(
        User.objects.filter(
            is_active=True, coordinated_area__isnull=False, coordinated_areas__path__in=paths
        )
        .order_by("email")
        .distinct()
    )
