import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import access
from portal.models import Commendation, User
from portal.services.once import once
from portal.signals import announce_public_change


@transaction.atomic
def commendation_record(
    *, actor: User, fields: dict, form_key: uuid.UUID | None = None
) -> Commendation:
    """A coordinator commends a team or a person of their area (once per form)."""
    return once(Commendation, form_key=form_key, create=lambda: _commend(actor, fields, form_key))[
        0
    ]


def _commend(actor: User, fields: dict, form_key: uuid.UUID | None) -> Commendation:
    team, person = fields.get("team"), fields.get("person")
    if bool(team) == bool(person):
        raise ValidationError(_("Chọn một tập thể hoặc một cá nhân."))
    if team and not access.commendable_teams(actor).filter(pk=team.pk).exists():
        raise PermissionDenied
    if person and not access.commendable_people(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    commendation = Commendation.objects.create(recorded_by=actor, form_key=form_key, **fields)
    if commendation.show_publicly:
        announce_public_change()  # the honour roll shows it
    return commendation
