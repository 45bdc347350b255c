from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal import access
from portal.models import Area, AuditEvent, Invitation, Team, User
from portal.selectors.accounts import account_holding, unconfirmed_claims
from portal.services.audit import audit_record
from portal.services.teams import membership_add
from portal.tasks import send_rendered_email

Action = AuditEvent.Action
COORDINATORS_GROUP = "Điều phối viên"
EDITORS_GROUP = "Editors"


@dataclass(frozen=True)
class InvitationOutcome:
    """What sending an invitation did: e-mailed a new one, offered the role to someone who
    already has an account (they accept or decline it), or re-sent a pending one."""

    INVITED = "invited"
    OFFERED = "offered"
    RESENT = "resent"

    kind: str
    email: str


def invitation_send(
    *, actor: User, email: str, role: str, team: Team | None = None, area: Area | None = None
) -> InvitationOutcome:
    """Invite someone into a role. Someone without an account gets a link to create one;
    someone who has one is offered the role: nothing changes for them until they accept."""
    if role not in access.invitable_roles(actor, team):
        raise PermissionDenied
    email = email.strip().lower()
    if team is None:
        # Coordinator and editor invitations belong to the area of the coordinator making them.
        area = area or actor.coordinated_area
        if not access.areas_coordinated_by(actor).filter(pk=area.pk).exists():  # type: ignore[union-attr]  # only coordinators, who have an area, invite to no team
            raise PermissionDenied

    with transaction.atomic():
        person = account_holding(email)
        if person is not None:
            _check_offer(person=person, role=role, email=email)
        # Any open invitation for this address and team (even expired, even for another
        # role) is renewed rather than duplicated: one open invitation per person and team.
        invitation = (
            Invitation.objects.select_for_update().open().filter(email=email, team=team).first()
        )
        if invitation:
            kind = InvitationOutcome.RESENT
        else:
            kind = InvitationOutcome.OFFERED if person else InvitationOutcome.INVITED
        invitation = invitation or Invitation(email=email, team=team)
        invitation.role, invitation.area, invitation.invited_by = role, area, actor
        token = invitation.new_token()
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:
            # A second click raced the first one to the same open invitation: keep theirs.
            return InvitationOutcome(InvitationOutcome.RESENT, email)
        audit_record(action=Action.INVITATION_SENT, actor=actor, team=team, email=email, role=role)
        _mail(
            "portal/email/role_offer" if person else "portal/email/invitation",
            email,
            role=role,
            team=team,
            actor=actor,
            token=token,
            expires_at=invitation.expires_at,
        )
        return InvitationOutcome(kind, email)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, person: User) -> None:
    """The invitee takes the role: through the sign-up the invitation's link opened, or, with
    an account already, by accepting the offer in the portal."""
    invitation = _lock_for(invitation, person)
    if not access.invitation_usable(invitation):
        raise ValidationError(_("Lời mời này đã được dùng, đã hết hạn hoặc đã bị thu hồi."))
    person.refresh_from_db(fields=["is_active", "coordinated_area"])  # as they are now
    _check_offer(person=person, role=invitation.role, email=invitation.email)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = person
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _grant(
        actor=invitation.invited_by,
        person=person,
        role=invitation.role,
        team=invitation.team,
        area=invitation.area,
    )
    # The address is now shown to be this person's: entries others typed for it without
    # ever confirming it were never theirs, and must not linger to claim it later.
    unconfirmed_claims(invitation.email, holder=person).delete()
    audit_record(
        action=Action.INVITATION_ACCEPTED,
        actor=person,
        person=person,
        team=invitation.team,
        role=invitation.role,
    )


@transaction.atomic
def invitation_decline(*, invitation: Invitation, person: User) -> None:
    """Someone offered a role says no: they are given nothing, and the invitation closes."""
    invitation = _lock_for(invitation, person)
    if not invitation.is_pending:
        raise ValidationError(_("Lời mời này đã được dùng, đã hết hạn hoặc đã bị thu hồi."))
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    audit_record(
        action=Action.INVITATION_DECLINED,
        actor=person,
        person=person,
        team=invitation.team,
        role=invitation.role,
    )


def _lock_for(invitation: Invitation, person: User) -> Invitation:
    """The invitation, locked against a double answer, if it is this person's to answer."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not access.may_answer_invitation(person, invitation):
        raise PermissionDenied
    return invitation


def _check_offer(*, person: User, role: str, email: str) -> None:
    """Checked when the role is offered and again when it is accepted: the account is open,
    and a coordinator is never moved (or demoted) by an invitation."""
    if not person.is_active:
        raise ValidationError(
            _("Tài khoản %(email)s đang bị khóa: hãy mở lại trước khi giao vai trò.")
            % {"email": email}
        )
    if role == Invitation.Role.COORDINATOR and person.coordinated_area_id:
        raise ValidationError(
            _("%(email)s đã là điều phối viên của %(area)s.")
            % {"email": email, "area": person.coordinated_area}
        )


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    if not access.invitations_visible_to(actor).filter(pk=invitation.pk).exists():
        raise PermissionDenied
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            action=Action.INVITATION_REVOKED,
            actor=actor,
            team=invitation.team,
            email=invitation.email,
        )


def _grant(*, actor: User, person: User, role: str, team: Team | None, area: Area | None) -> None:
    if role in Invitation.TEAM_ROLES:
        membership_add(actor=actor, team=team, person=person, role=role)  # type: ignore[arg-type]  # a team role comes with its team
    elif role == Invitation.Role.COORDINATOR:
        person.coordinated_area = area
        person.save(update_fields=["coordinated_area"])
        person.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
        audit_record(
            action=Action.COORDINATOR_APPOINTED, actor=actor, person=person, area=str(area)
        )
    elif role == Invitation.Role.EDITOR:
        person.groups.add(Group.objects.get(name=EDITORS_GROUP))
        audit_record(action=Action.EDITOR_APPOINTED, actor=actor, person=person)


def _mail(template_prefix: str, email: str, **context: Any) -> None:
    """Render in Vietnamese (the invitee has no language preference yet) and send once the
    transaction has committed, so a rolled-back invitation sends nothing."""
    with translation.override(settings.LANGUAGE_CODE):
        context["role_label"] = Invitation.Role(context["role"]).label
        context["accept_url"] = settings.SITE_URL + reverse(
            "invitation_accept", args=[context.pop("token")]
        )
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        body = render_to_string(f"{template_prefix}_message.txt", context)
    send_rendered_email.delay_on_commit(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[email],
        from_email=settings.DEFAULT_FROM_EMAIL,
    )
