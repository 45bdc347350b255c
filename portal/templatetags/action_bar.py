"""The phone's bottom bar: the four things a volunteer does most, each offered only to whom
the access policy (portal/access.py) lets do it; no decision about access is made here.

The bar is rendered once per language, set of actions offered and action in use, not on
every page: reversing its addresses and rendering its icons was a tenth of a short page."""

from dataclasses import dataclass
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import access

register = template.Library()


@dataclass(frozen=True)
class Action:
    key: str  # names the icon (templates/portal/components/action_bar.html)
    label: str
    url: str
    current: bool


def _in_use(request) -> str | None:
    """The key of the action the page open is, if it is one."""
    match = request.resolver_match
    here = match.url_name if match and match.namespace == "portal" else None
    queue = request.GET.get("queue", "to_check")  # the device list opens on this queue
    if here == "device_intake":
        return "receive"
    if here == "device_find":
        return "scan"
    if here == "device_check" or (here == "device_list" and queue == "to_check"):
        return "check"
    if here == "handover_create" or (
        here == "student_list" and request.GET.get("tab") == "approved"
    ):
        return "hand_over"
    return None


@lru_cache(maxsize=64)
def _bar(language: str, prefix: str, devices: bool, hand_over: bool, in_use: str | None) -> str:
    """The bar's HTML: it depends on nothing else (the arguments key the cache)."""
    offered = []
    if devices:
        offered += [
            ("receive", _("Nhận máy"), reverse("portal:device_intake")),
            ("scan", _("Quét mã"), reverse("portal:device_find")),
            ("check", _("Kiểm tra"), reverse("portal:device_list") + "?queue=to_check"),
        ]
    if hand_over:
        # Handing over starts from an approved student: the list opens on them.
        offered.append(
            ("hand_over", _("Trao máy"), reverse("portal:student_list") + "?tab=approved")
        )
    actions = [Action(key, label, url, key == in_use) for key, label, url in offered]
    return render_to_string("portal/components/action_bar.html", {"actions": actions})


@register.simple_tag(takes_context=True)
def action_bar(context) -> str:
    request = context["request"]
    user = request.user
    bar = _bar(
        get_language(),
        get_script_prefix(),
        access.may_work_on_devices(user),
        access.may_hand_over_to_some_student(user),
        _in_use(request),
    )
    return mark_safe(bar)  # noqa: S308 — rendered by _bar from our template


def forget() -> None:
    """Every bar rendered (a template changed under `make run`)."""
    _bar.cache_clear()
