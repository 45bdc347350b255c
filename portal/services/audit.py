from portal.models import AuditEvent


def audit_record(*, action: str, actor, person=None, team=None, **details) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action, actor=actor, person=person, team=team, details=details
    )
