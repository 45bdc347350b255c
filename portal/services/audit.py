from portal.models import AuditEvent, Team, User
from portal.signals import announce_public_change

# Audited changes that can change what the public teams directory shows.
PUBLIC = {
    AuditEvent.Action.TEAM_CREATED,
    AuditEvent.Action.TEAM_UPDATED,
    AuditEvent.Action.MEMBER_ADDED,
    AuditEvent.Action.MEMBER_ROLE_CHANGED,
    AuditEvent.Action.MEMBER_REMOVED,
    AuditEvent.Action.CONTACT_CONSENT_CHANGED,
    AuditEvent.Action.PROFILE_UPDATED,
    AuditEvent.Action.PERSON_DEACTIVATED,
    AuditEvent.Action.PERSON_REACTIVATED,
}


def audit_record(
    *,
    action: str,
    actor: User,
    person: User | None = None,
    team: Team | None = None,
    **details: object,
) -> AuditEvent:
    if action in PUBLIC:
        announce_public_change()
    return AuditEvent.objects.create(
        action=action, actor=actor, person=person, team=team, details=details
    )
