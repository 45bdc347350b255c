"""A person's choice of channels for each kind of notice."""

from django.db import transaction

from portal.models import NoticePreference, User
from portal.models.notifications import Channel
from portal.notices import NOTICES


@transaction.atomic
def notice_preferences_save(*, actor: User, choices: dict[str, dict[str, bool]]) -> None:
    """Save the actor's channels per kind (a form sent twice saves the same thing twice).
    Urgent kinds keep no choice: they always go to every channel the person can receive."""
    for kind, channels in choices.items():
        if NOTICES[kind].urgent:
            continue
        NoticePreference.objects.update_or_create(
            user=actor,
            kind=kind,
            defaults={channel: bool(channels.get(channel)) for channel in Channel.values},
        )
