from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import access
from portal.forms.notices import NoticePreferencesForm
from portal.forms.people import ContactConsentForm, PersonInvitationForm, ProfileForm
from portal.selectors.audit import change_log, change_log_actions, change_log_entries
from portal.selectors.notice_preferences import notice_choices
from portal.selectors.students import volunteer_hours
from portal.selectors.teams import memberships_of, people_list
from portal.services import people as services
from portal.services.invitations import invitation_send
from portal.services.notice_preferences import notice_preferences_save
from portal.services.teams import membership_set_contact_consent
from portal.views.decorators import coordinator_view, portal_view
from portal.views.listing import paginate, search
from portal.views.teams import INVITATION_MESSAGES


@coordinator_view
def person_list(request):
    people, query = search(
        request, access.people_visible_to(request.user), "email", "first_name", "last_name"
    )
    page = paginate(request, people_list(people), per_page=50)
    return render(request, "portal/people/list.html", {"page_obj": page, "query": query})


@portal_view
def person_detail(request, pk):
    person = get_object_or_404(access.people_visible_to(request.user), pk=pk)
    return render(
        request,
        "portal/people/detail.html",
        {
            "person": person,
            "memberships": memberships_of(person),
            "can_manage": access.can_manage_person(request.user, person),
            "hours": volunteer_hours(person),
        },
    )


@coordinator_view
def person_invite(request):
    """Invite a coordinator or an editor: roles that belong to no team."""
    form = PersonInvitationForm(
        request.POST or None, roles=access.invitable_roles(request.user), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = invitation_send(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, INVITATION_MESSAGES[outcome.kind] % {"email": outcome.email})
            return redirect("portal:person_list")
    return render(request, "portal/invite.html", {"form": form})


def _manageable_person(request, pk):
    person = get_object_or_404(access.people_visible_to(request.user), pk=pk)
    if not access.can_manage_person(request.user, person):
        raise PermissionDenied
    return person


@portal_view
@require_POST
def person_deactivate(request, pk):
    person = _manageable_person(request, pk)
    services.person_deactivate(actor=request.user, person=person)
    messages.success(
        request, _("Đã khóa tài khoản %(person)s và đăng xuất mọi phiên.") % {"person": person}
    )
    return redirect("portal:person_detail", pk=person.pk)


@portal_view
@require_POST
def person_reactivate(request, pk):
    person = _manageable_person(request, pk)
    services.person_reactivate(actor=request.user, person=person)
    messages.success(request, _("Đã mở lại tài khoản %(person)s.") % {"person": person})
    return redirect("portal:person_detail", pk=person.pk)


@portal_view
def my_profile(request):
    """Your name and phone, for each of your teams whether your contact is public, and how
    you receive each kind of notice."""
    user = request.user
    posted = request.POST if request.method == "POST" else None
    form = ProfileForm(
        posted if posted and "notices-notices" not in posted else None,
        instance=user,
        prefix="profile",
    )
    notice_form = NoticePreferencesForm(
        posted if posted and "notices-notices" in posted else None,
        user=user,
        choices=notice_choices(user),
    )
    if notice_form.is_bound:
        if notice_form.is_valid():
            notice_preferences_save(actor=user, choices=notice_form.choices())
            messages.success(request, _("Đã lưu cách nhận thông báo của bạn."))
            return redirect("portal:my_profile")
    elif request.method == "POST" and "membership" in request.POST:
        consent = ContactConsentForm(request.POST)
        if consent.is_valid():
            membership = get_object_or_404(
                memberships_of(user), pk=consent.cleaned_data["membership"]
            )
            membership_set_contact_consent(
                actor=user, membership=membership, public=consent.cleaned_data["contact_is_public"]
            )
            messages.success(
                request,
                _("Đã lưu lựa chọn công khai liên hệ cho %(team)s.") % {"team": membership.team},
            )
            return redirect("portal:my_profile")
    elif request.method == "POST" and form.is_valid():
        services.profile_update(actor=user, **form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin của bạn."))
        return redirect("portal:my_profile")
    memberships = memberships_of(user)
    consent_forms = [
        (
            m,
            ContactConsentForm(
                initial={"membership": m.pk, "contact_is_public": m.contact_is_public}
            ),
        )
        for m in memberships
    ]
    return render(
        request,
        "portal/people/me.html",
        {
            "form": form,
            "consent_forms": consent_forms,
            "hours": volunteer_hours(user),
            "notice_form": notice_form,
        },
    )


@coordinator_view
def audit_log(request):
    actions = change_log_actions()
    action = request.GET.get("action", "")
    if action not in dict(actions):
        action = ""
    page = paginate(request, change_log(request.user, action), per_page=50)
    return render(
        request,
        "portal/audit.html",
        {
            "page_obj": page,
            "entries": change_log_entries(page.object_list),
            "action": action,
            "actions": actions,
        },
    )
