from django.urls import path

from portal.views import coverage, dashboard, devices, fund, invitations, people, standards, teams

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
    path("devices/", devices.device_list, name="device_list"),
    path("devices/new/", devices.device_intake, name="device_intake"),
    path("devices/find/", devices.device_find, name="device_find"),
    path("devices/code/<str:code>/", devices.device_find, name="device_find_code"),
    path("devices/labels/", devices.device_labels, name="device_labels"),
    path("devices/<int:pk>/", devices.device_detail, name="device_detail"),
    path("devices/<int:pk>/check/", devices.device_check, name="device_check"),
    path("devices/<int:pk>/repair/", devices.device_repair, name="device_repair"),
    path("devices/<int:pk>/status/", devices.device_transition, name="device_transition"),
    path("devices/<int:pk>/sale/", devices.device_sale, name="device_sale"),
    path("devices/<int:pk>/photos/", devices.device_photos, name="device_photos"),
    path("devices/<int:pk>/photos/<int:photo_pk>/", devices.device_photo, name="device_photo"),
    path("sales/<int:pk>/approve/", fund.sale_approve_view, name="sale_approve"),
    path("fund/", fund.fund_ledger, name="fund_ledger"),
    path("standards/", standards.standard_list, name="standard_list"),
    path("standards/<str:kind>/edit/", standards.standard_edit, name="standard_edit"),
]
