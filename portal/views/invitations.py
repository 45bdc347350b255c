from allauth.account.adapter import get_adapter

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import access
from portal.adapters import INVITATION_SESSION_KEY
from portal.models import Invitation
from portal.services.invitations import invitation_revoke, invitation_usable
from portal.views.decorators import portal_view


@never_cache
def invitation_accept(request, token):
    """The link in an invitation e-mail. Following it proves the address is the invitee's,
    so the account is created already verified; sign-up opens for that address only."""
    invitation = Invitation.objects.by_token(token)
    if invitation is None or not invitation_usable(invitation):
        return render(request, "account/invitation_invalid.html", status=410)
    if request.user.is_authenticated:
        return render(request, "account/invitation_signed_in.html", {"invitation": invitation})
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(reverse("account_signup") + "?" + urlencode({"email": invitation.email}))


@portal_view
@require_POST
def invitation_revoke_view(request, pk):
    invitation = get_object_or_404(access.invitations_visible_to(request.user), pk=pk)
    invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Đã thu hồi lời mời gửi %(email)s.") % {"email": invitation.email})
    if invitation.team_id:
        return redirect("portal:team_detail", pk=invitation.team_id)
    return redirect("portal:person_list")
