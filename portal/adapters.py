from allauth.account.adapter import DefaultAccountAdapter

from django import forms
from django.utils.translation import gettext as _

from config.client_address import client_address
from portal import access
from portal.models import Invitation
from portal.services.invitations import invitation_accept
from portal.tasks import send_rendered_email

INVITATION_SESSION_KEY = "invitation_id"


def invitation_in_session(request) -> Invitation | None:
    """The pending invitation whose link this visitor followed, if any."""
    invitation_id = request.session.get(INVITATION_SESSION_KEY) if request else None
    if invitation_id is None:
        return None
    invitation = Invitation.objects.pending().filter(pk=invitation_id).first()
    return invitation if invitation and access.invitation_usable(invitation) else None


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by invitation only: sign-up is open solely to a visitor who
    followed a valid invitation link, for the invited address.

    E-mails (confirmations, password resets) are rendered here, in the request's language,
    and handed to Celery once the transaction commits, so a slow mail server never holds up
    a volunteer on a weak connection and no mail leaves for a change that rolled back.
    """

    def get_client_ip(self, request):
        """The address sign-in limits count by: the same answer as the public forms' (the
        visitor's, not the proxy's, behind nginx). Without any address, allauth's own
        answer refuses the request."""
        return client_address(request) or super().get_client_ip(request)

    def is_open_for_signup(self, request):
        return invitation_in_session(request) is not None

    def clean_email(self, email):
        email = super().clean_email(email)
        invitation = invitation_in_session(self.request)
        if invitation is not None and email.lower() != invitation.email:
            raise forms.ValidationError(
                _("Hãy dùng đúng địa chỉ e-mail đã nhận lời mời: %(email)s")
                % {"email": invitation.email}
            )
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        invitation = invitation_in_session(request)
        if commit and invitation is not None:
            invitation_accept(invitation=invitation, person=user)
            del request.session[INVITATION_SESSION_KEY]
        return user

    def get_reauthentication_methods(self, user):
        """With an authenticator app enrolled, confirming who you are takes the app (or a
        recovery code), never the password alone. Otherwise a stolen password would open the
        recovery codes, or remove the app and enrol another, and so give a session the second
        factor that `portal.access` asks of coordinators."""
        methods = super().get_reauthentication_methods(user)
        if any(method["id"] != "reauthenticate" for method in methods):
            methods = [method for method in methods if method["id"] != "reauthenticate"]
        return methods

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        send_rendered_email.delay_on_commit(
            subject=message.subject,
            body=message.body,
            html_body=next(
                (content for content, mime in message.alternatives if mime == "text/html"),
                None,
            ),
            to=list(message.to),
            from_email=message.from_email,
        )
