from django.urls import path

from portal.views import coverage, dashboard, invitations, people, teams

app_name = "portal"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("me/", people.my_profile, name="my_profile"),
    path("coverage/", coverage.coverage, name="coverage"),
    path("teams/", teams.team_list, name="team_list"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:pk>/invite/", teams.team_invite, name="team_invite"),
    path("members/<int:pk>/role/", teams.membership_role, name="membership_role"),
    path("members/<int:pk>/remove/", teams.membership_remove, name="membership_remove"),
    path(
        "invitations/<int:pk>/revoke/", invitations.invitation_revoke_view, name="invitation_revoke"
    ),
    path("people/", people.person_list, name="person_list"),
    path("people/invite/", people.person_invite, name="person_invite"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/reactivate/", people.person_reactivate, name="person_reactivate"),
    path("audit/", people.audit_log, name="audit_log"),
]
