from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from portal import access, offline


def portal_view(view):
    """Signed-in people only; never stored by a browser or proxy cache (shared phones). The
    portal's own service worker may keep a copy to read offline only where portal/offline.py
    allows it."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] += ", no-store"
        if offline.may_keep(request, response):
            response[offline.KEEP_HEADER] = "keep"
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


def step_up_url(request) -> str:
    """Where a coordinator gives this session its second factor: the authenticator app's
    prompt, coming back to the page asked for (a form sent from a page opened before goes
    back to the dashboard); or, with no app yet, enrolling one."""
    if not access.has_totp(request.user):
        return reverse("mfa_activate_totp")
    back = request.get_full_path() if request.method == "GET" else reverse("portal:dashboard")
    return f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: back})}"


def step_up(request, *, donors: bool = False):
    """Send a coordinator whose session gave no second factor to give it, saying why."""
    if donors:
        messages.warning(
            request,
            _("Hãy xác nhận bằng mã từ ứng dụng xác thực trước khi xem dữ liệu nhà hảo tâm.")
            if access.has_totp(request.user)
            else _("Hãy bật xác thực hai lớp trước khi xem dữ liệu nhà hảo tâm."),
        )
    elif access.has_totp(request.user):
        messages.warning(
            request,
            _("Hãy xác nhận bằng mã từ ứng dụng xác thực trước khi xem dữ liệu học sinh."),
        )
    else:
        messages.warning(request, _("Hãy bật xác thực hai lớp trước khi xem dữ liệu học sinh."))
    return redirect(step_up_url(request))


def reconcile_view(view):
    """Bank statements name donors and their accounts: a coordinator only, in a session
    that gave a second factor (one without is sent to give it); posted values never reach
    an error report."""

    @coordinator_view
    @sensitive_post_parameters()
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not access.may_reconcile(request.user):
            return step_up(request, donors=True)
        return view(request, *args, **kwargs)

    return wrapped


def student_view(view):
    """Pages with students' data: a coordinator whose session gave no second factor is sent
    to give it first; posted values never reach an error report."""

    @portal_view
    @sensitive_post_parameters()
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        offline.shows_student_data(request)
        if access.coordinator_needs_mfa(request.user):
            return step_up(request)
        return view(request, *args, **kwargs)

    return wrapped
