"""E-mails from the program's services: rendered now, in a given language, and handed to
Celery only once the transaction commits, so a rolled-back record sends nothing."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from portal.models import Area, Membership, Team, User
from portal.tasks import send_rendered_email


def mail_on_commit(template: str, to: list[str], context: dict, language: str = "") -> None:
    """`template` names a pair: `<template>_subject.txt` and `<template>_message.txt`."""
    to = sorted({address for address in to if address})
    if not to:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    send_rendered_email.delay_on_commit(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=to,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def team_addresses(team: Team | None, *, leaders_only: bool = False) -> list[str]:
    """The active members' e-mails (only the leaders', when asked and the team has any)."""
    if team is None:
        return []
    memberships = list(
        Membership.objects.filter(team=team, person__is_active=True).values_list(
            "role", "person__email"
        )
    )
    leaders = [email for role, email in memberships if role == Membership.Role.LEADER]
    if leaders_only and leaders:
        return leaders
    return [email for _role, email in memberships]


def coordinator_addresses(area: Area) -> list[str]:
    """The coordinators whose area contains `area` (the district's, the city's…)."""
    paths = [area.path[:end] for end in range(area.steplen, len(area.path) + 1, area.steplen)]
    return list(
        User.objects.filter(is_active=True, coordinated_area__path__in=paths).values_list(
            "email", flat=True
        )
    )
