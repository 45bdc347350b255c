from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal import access
from portal.models import SpecStandard
from portal.signals import announce_public_change


@transaction.atomic
def standard_revise(*, actor, current: SpecStandard, form) -> SpecStandard:
    """Save the edited standard as a new version; the old one stays, marked superseded, so
    past checks still say what they were judged against."""
    if not access.can_edit_standards(actor):
        raise PermissionDenied
    current = SpecStandard.objects.select_for_update().get(pk=current.pk)
    if not form.has_changed():
        return current  # a re-sent form (double tap, back button) makes no new version
    SpecStandard.objects.filter(pk=current.pk).update(is_current=False)
    revised = form.save(commit=False)
    revised.pk = None
    revised.version = current.version + 1
    revised.is_current = True
    revised.created_by = actor
    revised.required_parts, revised.recommended_parts = (
        current.required_parts,
        current.recommended_parts,
    )
    revised.save()
    announce_public_change()
    return revised
