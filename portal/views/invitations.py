from allauth.account.adapter import get_adapter

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import access
from portal.adapters import INVITATION_SESSION_KEY
from portal.forms.people import InvitationAnswerForm
from portal.models import Invitation
from portal.selectors.accounts import account_holding
from portal.services import invitations as services
from portal.views.decorators import portal_view


@never_cache
def invitation_accept(request, token):
    """The link in an invitation e-mail. Following it proves the address is the invitee's,
    so an account created through it is already verified; sign-up opens for that address
    only. Someone who already has an account is sent to the offer in the portal instead."""
    invitation = Invitation.objects.by_token(token)
    if invitation is None or not access.invitation_usable(invitation):
        return render(request, "account/invitation_invalid.html", status=410)
    if account_holding(invitation.email) is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access.may_answer_invitation(request.user, invitation):
            return redirect("portal:dashboard")
    if request.user.is_authenticated:
        return render(request, "account/invitation_signed_in.html", {"invitation": invitation})
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    get_adapter(request).stash_verified_email(request, invitation.email)
    return redirect(reverse("account_signup") + "?" + urlencode({"email": invitation.email}))


@portal_view
@require_POST
def invitation_answer(request, pk):
    """Accept or decline a role offered to one's existing account (from the dashboard)."""
    invitation = get_object_or_404(
        access.invitations_offered_to(request.user).select_related("team"), pk=pk
    )
    form = InvitationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn “Nhận” hoặc “Từ chối”."))
        return redirect("portal:dashboard")
    what = {"role": invitation.get_role_display(), "team": invitation.team}
    try:
        if form.cleaned_data["answer"] == form.ACCEPT:
            services.invitation_accept(invitation=invitation, person=request.user)
            done = (
                _("Bạn đã tham gia %(team)s với vai trò %(role)s.")
                if invitation.team
                else _("Bạn đã nhận vai trò %(role)s.")
            )
        else:
            services.invitation_decline(invitation=invitation, person=request.user)
            done = _("Đã từ chối lời mời: %(role)s.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % what)
    return redirect("portal:dashboard")


@portal_view
@require_POST
def invitation_revoke_view(request, pk):
    invitation = get_object_or_404(access.invitations_visible_to(request.user), pk=pk)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Đã thu hồi lời mời gửi %(email)s.") % {"email": invitation.email})
    if invitation.team_id:
        return redirect("portal:team_detail", pk=invitation.team_id)
    return redirect("portal:person_list")
