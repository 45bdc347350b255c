from allauth.usersessions.models import UserSession

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from portal import access
from portal.models import AuditEvent, Invitation, User
from portal.services.audit import audit_record


@transaction.atomic
def person_deactivate(*, actor: User, person: User) -> None:
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
def other_sessions_end(*, person: User, keep_session_key: str | None) -> int:
    """End every session the person has open except the one kept (the one making the
    change); returns how many ended. When their second factor is enrolled or removed, a
    session elsewhere must sign in again under the new rule (`portal.receivers`)."""
    others = UserSession.objects.filter(user=person).exclude(session_key=keep_session_key or "")
    ended = 0
    for session in others:
        session.end()
        ended += 1
    return ended


@transaction.atomic
def person_reactivate(*, actor: User, person: User) -> None:
    if not access.can_manage_person(actor, person):
        raise PermissionDenied
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        audit_record(action=AuditEvent.Action.PERSON_REACTIVATED, actor=actor, person=person)


@transaction.atomic
def profile_update(*, actor: User, last_name: str, first_name: str, phone: str) -> None:
    """Save a person's own name and phone; what changed goes to the audit log."""
    person = get_user_model().objects.select_for_update().get(pk=actor.pk)
    fields = {"last_name": last_name, "first_name": first_name, "phone": phone}
    changed = sorted(name for name, value in fields.items() if getattr(person, name) != value)
    if changed:
        for name in changed:
            setattr(person, name, fields[name])
        person.save(update_fields=changed)
        audit_record(
            action=AuditEvent.Action.PROFILE_UPDATED, actor=actor, person=actor, fields=changed
        )
