"""The phone's bottom bar: the four things a volunteer does most, each offered only to whom
the access policy (portal/access.py) lets do it; no decision about access is made here."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import access

register = template.Library()


@dataclass(frozen=True)
class Action:
    key: str  # names the icon (templates/portal/components/action_bar.html)
    label: str
    url: str
    current: bool


def _actions(request) -> list[Action]:
    user = request.user
    match = request.resolver_match
    here = match.url_name if match and match.namespace == "portal" else None
    queue = request.GET.get("queue", "to_check")  # the device list opens on this queue
    tab = request.GET.get("tab")
    actions = []
    if access.may_work_on_devices(user):
        actions += [
            Action(
                "receive", _("Nhận máy"), reverse("portal:device_intake"), here == "device_intake"
            ),
            Action("scan", _("Quét mã"), reverse("portal:device_find"), here == "device_find"),
            Action(
                "check",
                _("Kiểm tra"),
                reverse("portal:device_list") + "?queue=to_check",
                here == "device_check" or (here == "device_list" and queue == "to_check"),
            ),
        ]
    if access.may_hand_over_to_some_student(user):
        # Handing over starts from an approved student: the list opens on them.
        actions.append(
            Action(
                "hand_over",
                _("Trao máy"),
                reverse("portal:student_list") + "?tab=approved",
                here == "handover_create" or (here == "student_list" and tab == "approved"),
            )
        )
    return actions


@register.inclusion_tag("portal/components/action_bar.html", takes_context=True)
def action_bar(context):
    return {"actions": _actions(context["request"])}
