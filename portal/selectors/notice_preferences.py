"""The notices that concern a person, with the channels they receive each on."""

from portal import access
from portal.models import Membership, NoticePreference, User
from portal.models.notifications import Channel
from portal.notices import COORDINATOR, LEADER, MEMBER, Notice, notices_for


def notice_roles(user: User) -> set[str]:
    roles = set(user.memberships.values_list("role", flat=True).distinct())
    found = {MEMBER} if roles else set()
    if Membership.Role.LEADER in roles:
        found.add(LEADER)
    if access.is_coordinator(user):
        found.add(COORDINATOR)
    return found


def notice_choices(user: User) -> list[tuple[Notice, dict[str, bool]]]:
    """Each kind that concerns the person's roles, with the channels they chose for it (the
    kind's defaults where they chose nothing)."""
    chosen = {p.kind: p for p in NoticePreference.objects.filter(user=user)}
    choices = []
    for notice in notices_for(notice_roles(user)):
        preference = chosen.get(notice.key)
        channels = {
            channel: bool(getattr(preference, channel))
            if preference
            else channel in notice.channels
            for channel in Channel.values
        }
        choices.append((notice, channels))
    return choices
