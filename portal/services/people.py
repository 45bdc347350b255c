from allauth.usersessions.models import UserSession

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal import access
from portal.models import AuditEvent, Invitation
from portal.services.audit import audit_record


@transaction.atomic
def person_deactivate(*, actor, person) -> None:
    """Lock an account and end every session it has open, on every device."""
    if not access.can_manage_person(actor, person):
        raise PermissionDenied
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        for session in UserSession.objects.filter(user=person):
            session.end()
        # Invitations they sent die with their access.
        Invitation.objects.open().filter(invited_by=person).update(revoked_at=timezone.now())
        audit_record(action=AuditEvent.Action.PERSON_DEACTIVATED, actor=actor, person=person)


@transaction.atomic
def person_reactivate(*, actor, person) -> None:
    if not access.can_manage_person(actor, person):
        raise PermissionDenied
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        audit_record(action=AuditEvent.Action.PERSON_REACTIVATED, actor=actor, person=person)


@transaction.atomic
def profile_update(*, actor, form) -> None:
    """Save a person's own name and phone (a ProfileForm bound to them)."""
    if form.instance.pk != actor.pk:
        raise PermissionDenied
    form.save()
    if form.changed_data:
        audit_record(
            action=AuditEvent.Action.PROFILE_UPDATED,
            actor=actor,
            person=actor,
            fields=sorted(form.changed_data),
        )
