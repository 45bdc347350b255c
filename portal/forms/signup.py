from allauth.account.forms import SignupForm
from allauth.core import context

from portal.adapters import invitation_in_session
from portal.selectors.accounts import account_holding


class InvitationSignupForm(SignupForm):
    """allauth's sign-up form, for the person an invitation's link was sent to.

    allauth counts an address as taken as soon as any account lists it, confirmed or not,
    so anyone could block an invitation by typing the invitee's address into their own
    account. Here only an address that belongs to an account (portal.selectors.accounts)
    is taken; the invitation's link has just shown that this visitor reads the mailbox."""

    def validate_unique_email(self, value):
        invitation = invitation_in_session(context.request)
        if invitation is not None and invitation.email == value and not account_holding(value):
            self.account_already_exists = False
            return value
        return super().validate_unique_email(value)
