"""The Wagtail admin's sign-in address (`WAGTAILADMIN_LOGIN_URL`): where Wagtail sends
anyone it refuses. Sending a signed-in person on to allauth's sign-in would loop, because
allauth returns a signed-in person straight to `next`, the admin."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from portal import access


def admin_login(request):
    if not request.user.is_authenticated:
        # One sign-in for everyone: allauth's, with the same `next`.
        query = request.META.get("QUERY_STRING")
        return redirect(reverse("account_login") + (f"?{query}" if query else ""))
    if not access.may_use_admin(request.user):
        return render(request, "portal/admin_denied.html", status=403)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("wagtailadmin_home")
    return redirect(next_url)
