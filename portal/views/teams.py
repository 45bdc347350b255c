from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import access
from portal.forms.people import InvitationForm, MembershipRoleForm, TeamForm
from portal.models import Membership, Team
from portal.selectors import teams as selectors
from portal.services import teams as services
from portal.services.invitations import InvitationOutcome, invitation_send
from portal.views.decorators import portal_view
from portal.views.listing import paginate, search


@portal_view
def team_list(request):
    teams, query = search(
        request, access.teams_visible_to(request.user), "name", "commune__name", "school__name"
    )
    kind = request.GET.get("kind", "")
    if kind in Team.Kind.values:
        teams = teams.filter(kind=kind)
    page = paginate(request, selectors.team_list(teams))
    return render(
        request,
        "portal/teams/list.html",
        {
            "page_obj": page,
            "query": query,
            "kind": kind,
            "kinds": Team.Kind.choices,
            "can_create": access.can_create_team(request.user),
        },
    )


@portal_view
def team_detail(request, pk):
    team = get_object_or_404(access.teams_visible_to(request.user), pk=pk)
    can_manage = access.can_manage_team(request.user, team)
    return render(
        request,
        "portal/teams/detail.html",
        {
            "team": team,
            "members": selectors.team_members(team),
            "can_manage": can_manage,
            "is_coordinator": access.is_coordinator(request.user),
            "invitations": selectors.team_pending_invitations(team) if can_manage else [],
            "history": selectors.team_history(team) if can_manage else [],
            "roles": Membership.Role.choices,
        },
    )


@portal_view
def team_create(request):
    if not access.can_create_team(request.user):
        raise PermissionDenied
    form = TeamForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        team = services.team_create(actor=request.user, fields=form.cleaned_data)
        messages.success(request, _("Đã lập %(team)s.") % {"team": team})
        return redirect("portal:team_detail", pk=team.pk)
    return render(request, "portal/teams/form.html", {"form": form})


@portal_view
def team_edit(request, pk):
    team = get_object_or_404(access.teams_visible_to(request.user), pk=pk)
    if not access.can_manage_team(request.user, team):
        raise PermissionDenied
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.team_update(actor=request.user, team=team, fields=form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin tổ."))
        return redirect("portal:team_detail", pk=team.pk)
    return render(request, "portal/teams/form.html", {"form": form, "team": team})


INVITATION_MESSAGES = {  # lazy: read in the language of the request that shows them
    InvitationOutcome.INVITED: gettext_lazy("Đã gửi lời mời đến %(email)s."),
    InvitationOutcome.RESENT: gettext_lazy(
        "%(email)s đã có lời mời chưa dùng: đã gửi lại lời mời đó."
    ),
    InvitationOutcome.OFFERED: gettext_lazy(
        "%(email)s đã có tài khoản: đã gửi lời mời, vai trò chỉ được giao khi người đó nhận."
    ),
}


@portal_view
def team_invite(request, pk):
    team = get_object_or_404(access.teams_visible_to(request.user), pk=pk)
    roles = access.invitable_roles(request.user, team)
    if not roles:
        raise PermissionDenied
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = invitation_send(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, INVITATION_MESSAGES[outcome.kind] % {"email": outcome.email})
            return redirect("portal:team_detail", pk=team.pk)
    return render(request, "portal/invite.html", {"form": form, "team": team})


def _membership(request, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("team", "person"),
        pk=pk,
        team__in=access.teams_visible_to(request.user),
    )


@portal_view
@require_POST
def membership_role(request, pk):
    membership = _membership(request, pk)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        services.membership_set_role(
            actor=request.user, membership=membership, role=form.cleaned_data["role"]
        )
        messages.success(
            request, _("Đã đổi vai trò của %(person)s.") % {"person": membership.person}
        )
    return redirect("portal:team_detail", pk=membership.team_id)


@portal_view
@require_POST
def membership_remove(request, pk):
    membership = _membership(request, pk)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(
        request,
        _("%(person)s đã rời %(team)s.") % {"person": membership.person, "team": membership.team},
    )
    if access.teams_visible_to(request.user).filter(pk=membership.team_id).exists():
        return redirect("portal:team_detail", pk=membership.team_id)
    return redirect("portal:dashboard")
