from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.cache import add_never_cache_headers

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
