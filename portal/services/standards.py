from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from portal import access
from portal.models import SpecStandard, User
from portal.signals import announce_public_change


@transaction.atomic
def standard_revise(*, actor: User, current: SpecStandard, fields: dict) -> SpecStandard:
    """Save the edited standard (`fields`: the thresholds that change) as a new version; the
    old one stays, marked superseded, so past checks still say what they were judged against."""
    if not access.can_revise_program_standards(actor):
        raise PermissionDenied
    current = SpecStandard.objects.select_for_update().get(pk=current.pk)
    if all(getattr(current, name) == value for name, value in fields.items()):
        return current  # a re-sent form (double tap, back button) makes no new version
    SpecStandard.objects.filter(pk=current.pk).update(is_current=False)
    revised = current  # a copy of the version it replaces, saved as a new row
    for name, value in fields.items():
        setattr(revised, name, value)
    revised.pk, revised._state.adding = None, True
    # Versions count per kind across the program and the areas that raise it.
    latest = SpecStandard.objects.filter(kind=current.kind).aggregate(Max("version"))
    revised.version = latest["version__max"] + 1
    revised.is_current = True
    revised.created_by = actor
    revised.save()
    announce_public_change()
    return revised
