"""E-mails from the program's services: rendered now, in the receiver's language, and
handed to Celery only once the transaction commits, so a rolled-back record sends nothing."""

from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from wagtail.users.models import UserProfile

from portal.models import Area, Membership, Team, User
from portal.tasks import send_rendered_email


def mail_on_commit(template: str, to: list[str], context: dict, language: str = "") -> None:
    """`template` names a pair: `<template>_subject.txt` and `<template>_message.txt`.

    `language` is for someone without an account (a donor, a parent: the language they
    wrote in); without it, each receiver gets the e-mail in their own language."""
    to = sorted({address for address in to if address})
    if not to:
        return
    by_language = {language: to} if language else _addresses_by_language(to)
    for receivers_language, addresses in sorted(by_language.items()):
        with translation.override(receivers_language):
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}_message.txt", context)
        send_rendered_email.delay_on_commit(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body=body,
            to=addresses,
            from_email=settings.DEFAULT_FROM_EMAIL,
        )


def _addresses_by_language(addresses: list[str]) -> dict[str, list[str]]:
    """The addresses grouped by their account's language: the one the person chose in their
    account settings (kept in Wagtail's user profile, as the admin's e-mails use it), or the
    site's (Vietnamese) for an address without an account or without a choice."""
    chosen = dict(
        UserProfile.objects.filter(user__email__in=addresses)
        .exclude(preferred_language="")
        .values_list("user__email", "preferred_language")
    )
    known = {code for code, _name in settings.LANGUAGES}
    grouped: dict[str, list[str]] = defaultdict(list)
    for address in addresses:
        preferred = chosen.get(address, "")
        grouped[preferred if preferred in known else settings.LANGUAGE_CODE].append(address)
    return dict(grouped)


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
    """The coordinators one of whose areas contains `area` (the district's, the city's…)."""
    paths = [area.path[:end] for end in range(area.steplen, len(area.path) + 1, area.steplen)]
    return list(
        User.objects.filter(
            is_active=True, coordinated_area__isnull=False, coordinated_areas__path__in=paths
        )
        .order_by("email")
        .distinct()
        .values_list("email", flat=True)
    )
