from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from campaign import results
from campaign.views import impact_json, robots_txt, search, share_card
from config.health import health
from portal.views import admin_entry, app, invitations

urlpatterns = [
    path("health/", health, name="health"),
    # One sign-in for everyone: the Wagtail admin's own login form hands over to allauth,
    # and someone signed in without admin access is told so there.
    path("admin/login/", admin_entry.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("api/impact.json", impact_json, name="impact"),
    # The portal as an app on a phone (portal/offline.py): beside the portal's own addresses,
    # outside the access matrix, because the manifest is fetched without the session.
    path("portal/manifest.webmanifest", app.manifest, name="app_manifest"),
    path("portal/sw.js", app.service_worker, name="app_worker"),
    path("portal/offline/", app.offline, name="app_offline"),
    path("portal/waiting/", app.waiting, name="app_waiting"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Vietnamese lives at the root, English under /en/.
urlpatterns += i18n_patterns(
    path(
        "accounts/invitation/<str:token>/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
    # Signing out empties the phone: every cache, the service worker and the waiting entries.
    path("accounts/logout/", app.sign_out),
    path("accounts/", include("allauth.urls")),
    path("portal/", include("portal.urls")),
    path("tim-kiem/", search, name="search"),
    # Old public addresses (docs/developing.md, "Addresses"): moved for good, query kept.
    path("search/", RedirectView.as_view(pattern_name="search", permanent=True, query_string=True)),
    path("share/<slug:kind>.png", share_card, name="share_card"),
    # Each area's own results (campaign/results.py), below the results page's address.
    *[
        path(f"ket-qua/{parts}{tail}", view, name=name)
        for parts in ("<slug:city>/", "<slug:city>/<slug:place>/")
        for tail, view, name in (
            ("", results.area_results, "area_results"),
            ("nhung/", results.area_widget, "area_widget"),
            ("so-lieu.png", results.area_picture, "area_picture"),
        )
    ],
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
