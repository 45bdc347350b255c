"""The portal menu's links, rendered once a request: every page shows the menu twice (in
the header's button on a phone, beside the content on a wider screen). It is rendered once
per language, page and kind of reader, not on every page, and only the sign-out form's token
is put in for each request: reversing twenty URL names and rendering them was a tenth of a
short page's time."""

from functools import cache, lru_cache

from django import template
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from portal import access

register = template.Library()

# (URL name, words): for everyone in the portal, for coordinators, then the account's own.
EVERYONE = [
    ("portal:dashboard", _("Tổng quan")),
    ("portal:device_list", _("Thiết bị")),
    ("portal:student_list", _("Học sinh")),
    ("portal:handover_list", _("Trao tặng")),
    ("portal:support_list", _("Hỗ trợ kỹ thuật")),
    ("portal:offer_list", _("Đăng ký ủng hộ")),
    ("portal:training_list", _("Đào tạo")),
    ("portal:team_list", _("Tổ, đội IT")),
    ("portal:standard_list", _("Tiêu chuẩn")),
]
COORDINATORS = [
    ("portal:coverage", _("Phủ kín xã, thị trấn")),
    ("portal:report_list", _("Báo cáo")),
    ("portal:commendation_list", _("Khen thưởng")),
    ("portal:fund_ledger", _("Quỹ")),
    ("portal:person_list", _("Người tham gia")),
    ("portal:audit_log", _("Nhật ký thay đổi")),
]
ACCOUNT = [
    ("portal:my_profile", _("Thông tin của tôi")),
    ("account_change_password", _("Mật khẩu")),
    ("mfa_index", _("Xác thực hai lớp")),
]
ADMIN = ("wagtailadmin_home", _("Quản trị nội dung"))


@cache
def _addresses(language: str, prefix: str) -> dict[str, str]:
    """Every link's address in this language (the arguments key the cache)."""
    names = [name for name, _words in (*EVERYONE, *COORDINATORS, *ACCOUNT, ADMIN)]
    return {name: reverse(name) for name in names}


_MENU_NAMES = {name for name, _words in (*EVERYONE, *COORDINATORS, *ACCOUNT)}

# Where the request's CSRF token goes in the rendered menu (its sign-out form).
_TOKEN = "csrf-token-of-the-request"  # noqa: S105 — a placeholder, not a secret


@lru_cache(maxsize=256)
def _items(language: str, prefix: str, here: str | None, coordinator: bool, admin: bool) -> str:
    """The menu's HTML but for the sign-out form's token: it depends on nothing else (the
    arguments key the cache; `here` is one of the menu's own links, or None)."""
    addresses = _addresses(language, prefix)
    shown = EVERYONE + (COORDINATORS if coordinator else []) + ACCOUNT
    links = [(addresses[name], words, name == here) for name, words in shown]
    if admin:
        links.append((addresses[ADMIN[0]], ADMIN[1], False))
    return render_to_string(
        "portal/components/portal_menu_items.html", {"links": links, "csrf_token": _TOKEN}
    )


@register.simple_tag(takes_context=True)
def portal_menu_items(context) -> str:
    request = context["request"]
    if not hasattr(request, "_portal_menu_items"):
        user = request.user
        match = request.resolver_match
        here = f"portal:{match.url_name}" if match and match.namespace == "portal" else None
        if here not in _MENU_NAMES:  # no link of the menu is marked: one key for all such pages
            here = None
        items = _items(
            get_language(),
            get_script_prefix(),
            here,
            access.is_coordinator(user),
            access.may_use_admin(user),
        )
        # The token is letters and digits: nothing to escape.
        request._portal_menu_items = mark_safe(items.replace(_TOKEN, get_token(request)))  # noqa: S308
    return request._portal_menu_items


def forget() -> None:
    """Every menu rendered (a template changed under `make run`)."""
    _items.cache_clear()
