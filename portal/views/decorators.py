from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from portal import access


def portal_view(view):
    """Signed-in people only; never stored by a browser or proxy cache (shared phones)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] += ", no-store"
        return response

    return wrapped


def coordinator_view(view):
    @portal_view
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def student_view(view):
    """Pages with students' data: a coordinator without two-factor sign-in is sent to set it
    up first; posted values never reach an error report."""

    @portal_view
    @sensitive_post_parameters()
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if access.coordinator_needs_mfa(request.user):
            messages.warning(request, _("Hãy bật xác thực hai lớp trước khi xem dữ liệu học sinh."))
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapped
