"""The portal as an app on a phone: its manifest, its service worker, the page shown when a
page was never kept, and the page listing the entries waiting on the phone."""

from allauth.account.views import logout as allauth_logout

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal.offline import worker_script
from portal.views.decorators import portal_view


def manifest(request):
    """Public: the browser fetches it without the session cookie."""
    response = JsonResponse(
        {
            "id": reverse("portal:dashboard"),
            "name": _("Máy tính cũ – Tri thức mới"),
            "short_name": _("Máy tính cũ"),
            "description": _("Cổng tình nguyện viên: tiếp nhận, kiểm tra, sửa chữa và trao tặng."),
            "lang": "vi",
            "start_url": reverse("portal:dashboard"),
            "scope": reverse("portal:dashboard"),
            "display": "standalone",
            "theme_color": "#0b4f9c",
            "background_color": "#ffffff",
            "icons": [
                {
                    "src": static(f"img/app/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in (192, 512)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
        content_type="application/manifest+json",
    )
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
def service_worker(request):
    """Served from /portal/ so that its scope is the portal; asked again on every visit, so
    a new release reaches the phone at once."""
    return HttpResponse(worker_script(), content_type="text/javascript; charset=utf-8")


@portal_view
def offline(request):
    """Shown, from the phone's storage, for a page that was never kept there."""
    return render(request, "portal/app/offline.html")


@portal_view
def waiting(request):
    """The entries on this phone not yet sent: drawn from the phone's storage by
    js/offline.js, so the page itself holds nothing."""
    return render(request, "portal/app/waiting.html")


def sign_out(request):
    """allauth's sign-out, telling the browser to empty this site's caches and storage (the
    kept pages, the waiting entries, the service worker) once it has signed out."""
    response = allauth_logout(request)
    if request.method == "POST" and not request.user.is_authenticated:
        response["Clear-Site-Data"] = '"cache", "storage"'
    return response
