"""Read-only screens in the Wagtail admin (menu "Hồ sơ chương trình") where the technical
administrator looks at devices, teams, offers and support requests when something has to be
checked without the portal: a list and one inspect page per record, nothing to add, change
or delete (every change goes through the portal's services and their event logs).

Who may look is portal/access.py's decision (`may_inspect_records`). Donors' and requesters'
names, phones, e-mails and addresses, free-text notes and serial numbers are shown only
in a session that gave a second factor (`may_see_personal_details_in_admin`), and a
student's own request never shows its sender; the lists show none of them and search only
references and asset codes. Students, handovers and consents have no screen here."""

from django.db.models import QuerySet
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail.admin.views.generic.models import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from portal import access
from portal.models import Device, Offer, SupportRequest, Team

HIDDEN = _("Ẩn: cần xác thực hai lớp trong phiên đăng nhập này.")
NEVER_SHOWN = _("Không hiện: người gửi là học sinh.")


class InspectOnlyPolicy(BasePermissionPolicy):
    """ "view" for whom access.py allows, nothing else for anybody."""

    def user_has_permission(self, user, action):
        return action == "view" and access.may_inspect_records(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if "view" in actions and access.may_inspect_records(user):
            return self.model._default_manager.all()
        return self.model._default_manager.none()

    def users_with_any_permission(self, actions):
        users = access.User.objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()


class RecordIndexView(IndexView):
    """Each row's one button opens the record, and is named by its reference (Wagtail's own
    menu would name it by the record's text, a donor's name for an offer)."""

    records = None  # the RecordViewSet, given by it

    def get_list_buttons(self, instance):
        url = self.get_inspect_url(instance)
        if not url:
            return []
        label = _("Xem %(record)s") % {"record": self.records.reference(instance)}
        return [Button(_("Xem"), url=url, icon_name="info-circle", attrs={"aria-label": label})]


class RecordInspectView(InspectView):
    """Personal details stay hidden without a second factor in this session; the title is the
    record's reference, never a donor's name."""

    records = None  # the RecordViewSet, given by it

    def get_page_subtitle(self):
        return self.records.reference(self.object)

    def get_field_display_value(self, field_name, field):
        if field_name in self.records.personal_fields:
            if self.records.sent_by_student(self.object):
                return NEVER_SHOWN
            if not access.may_see_personal_details_in_admin(self.request.user):
                return HIDDEN
        if field_name in self.records.by_reference:
            related = getattr(self.object, field_name)
            return self.records.by_reference[field_name](related) if related else "-"
        return super().get_field_display_value(field_name, field)


class RecordViewSet(ModelViewSet):
    """A list and an inspect page; the add, edit, copy, delete, history and usage addresses
    are not built at all."""

    inspect_view_enabled = True
    inspect_view_class = RecordInspectView
    index_view_class = RecordIndexView
    copy_view_enabled = False
    add_to_reference_index = False
    personal_fields: tuple[str, ...] = ()
    # Related records shown by their reference (their own names may be personal).
    by_reference: dict = {}
    select_related: tuple[str, ...] = ()

    def reference(self, record) -> str:
        return str(record)

    def sent_by_student(self, record) -> bool:
        return False

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(records=self, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(records=self, **kwargs)

    def get_queryset(self, request) -> QuerySet:
        return self.model._default_manager.select_related(*self.select_related)

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
        ]


def _offer_reference(offer) -> str:
    return offer.reference


class DeviceViewSet(RecordViewSet):
    model = Device
    icon = "desktop"
    menu_label = _("Thiết bị")
    list_display = ["asset_code", "kind", "status", "team", "received_at"]
    list_filter = ["status", "kind"]
    search_fields = ["asset_code"]
    select_related = ("team",)
    inspect_view_fields = [
        "asset_code",
        "kind",
        "status",
        "status_changed_at",
        "brand",
        "model_name",
        "serial",
        "condition_notes",
        "has_charger",
        "has_headphones",
        "accessories_note",
        "donor_name",
        "donor_phone",
        "team",
        "commune",
        "received_at",
        "offer",
    ]
    personal_fields = ("serial", "donor_name", "donor_phone", "condition_notes")
    by_reference = {"offer": _offer_reference}

    def reference(self, record) -> str:
        return record.asset_code


class TeamViewSet(RecordViewSet):
    model = Team
    icon = "group"
    menu_label = _("Tổ, đội")
    list_display = ["name", "kind", "commune", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    select_related = ("commune",)
    inspect_view_fields = [
        "name",
        "kind",
        "commune",
        "school",
        "cluster",
        "public_phone",
        "meeting_place",
        "is_active",
        "created_at",
    ]


class OfferViewSet(RecordViewSet):
    model = Offer
    icon = "gift"
    menu_label = _("Đăng ký ủng hộ")
    list_display = ["reference", "donor_kind", "status", "team", "created_at"]
    list_filter = ["status", "donor_kind"]
    search_fields = ["reference"]
    select_related = ("team",)
    inspect_view_fields = [
        "reference",
        "donor_kind",
        "donor_name",
        "phone",
        "email",
        "commune",
        "address",
        "naming",
        "public_name",
        "handoff",
        "dropoff_team",
        "preferred_time",
        "money_pledge_vnd",
        "note",
        "status",
        "team",
        "pickup_at",
        "decline_reason",
        "created_at",
        "received_at",
    ]
    personal_fields = ("donor_name", "phone", "email", "address", "note", "preferred_time")

    def reference(self, record) -> str:
        return record.reference


class SupportRequestViewSet(RecordViewSet):
    model = SupportRequest
    icon = "help"
    menu_label = _("Yêu cầu hỗ trợ")
    list_display = ["reference", "category", "status", "team", "due_at"]
    list_filter = ["status", "category"]
    search_fields = ["reference", "asset_code"]
    select_related = ("team",)
    inspect_view_fields = [
        "reference",
        "requester",
        "name",
        "phone",
        "email",
        "channel",
        "commune",
        "school",
        "asset_code",
        "device",
        "category",
        "description",
        "status",
        "team",
        "school_team",
        "assignee",
        "created_at",
        "due_at",
        "first_response_at",
    ]
    personal_fields = ("name", "phone", "email", "description")
    by_reference = {"device": lambda device: device.asset_code}

    def reference(self, record) -> str:
        return record.reference

    def sent_by_student(self, record) -> bool:
        return record.requester == SupportRequest.Requester.STUDENT


class RecordsViewSetGroup(ModelViewSetGroup):
    items = (DeviceViewSet, TeamViewSet, OfferViewSet, SupportRequestViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Hồ sơ chương trình")
    menu_name = "records"


# Registered before the viewsets, which would otherwise make Wagtail's default from the
# model permissions.
for record_model in (Device, Team, Offer, SupportRequest):
    register_permission_policy(record_model, InspectOnlyPolicy(record_model))
