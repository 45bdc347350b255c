"""Whole public pages kept in the cache for anonymous visitors, so a shared link that goes
round Zalo does not render the same page a thousand times.

Only Wagtail pages (marked by the `before_serve_page` hook), only for visitors without a
session cookie (nobody signed in, no pending messages), only plain 200 answers that set no
cookie and are not marked private. Publishing, unpublishing, moving or deleting any page
empties it at once (a version number in every key).

A page that shows figures (the results page, a figure block: they call `shows_figures`
while rendering) is kept with the figures' version as it was before it was rendered, and a
counter that moves (`portal.signals.figures_changed`, after its commit) bumps that version:
those pages are rendered again for the next visitor, in every language, while the others
stay. So a visitor without JavaScript sees the new figure on the next load; with it, the
live-figures script also brings an open page up to date.

A page is kept once per combination of the query parameters it reads (its class lists them
in `query_parameters`: the news list's `page` and `tag`, say); any other parameter — the
`utm_…` and `fbclid` a shared link picks up — is ignored, so it neither renders the page
again nor adds an entry. Which parameters a page reads is known only once it has been
served, so the entry under the bare path holds either the page itself (it reads none) or
the list of the parameters it reads, with one entry per combination of their values beside
it.

Fresh or cached, the page says `Vary: Cookie` (a signed-in visitor gets another page) and
what a proxy in front may do with it (campaign/edge_cache.py: keep it a short while, and be
told to drop it on the same triggers as this cache).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language

from campaign import edge_cache
from config import cache_versions

VERSION_KEY = "page-cache:version"
FIGURES_VERSION_KEY = "page-cache:figures-version"
SKIPPED = (
    "/portal/",
    "/accounts/",
    "/admin/",
    "/api/",
    "/health/",
    "/en/portal/",
    "/en/accounts/",
)


def page_cache_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def page_cache_clear(**kwargs) -> None:
    """Every cached page is stale from now on (their keys carry the old version), and again
    once the change commits: a page rendered in between, from the data before the commit,
    is not served after it (nor fetched from here by a proxy told to purge its copy)."""
    cache_versions.changed(VERSION_KEY)
    edge_cache.purge_on_commit(figures_only=False)


def figure_pages_clear(**kwargs) -> None:
    """Every cached page that shows figures is stale from now on (it was stored with the
    figures' old version); the others stay. A proxy in front drops its copies of them."""
    cache_versions.bump(FIGURES_VERSION_KEY)
    edge_cache.purge_on_commit(figures_only=True)


def shows_figures(request) -> None:
    """Called by what renders a figure: this page is kept only until a counter moves."""
    if request is not None:
        request.page_shows_figures = True


def _versions() -> tuple[int, int]:
    """The pages' version and the figures' version, in one round trip to the cache. A
    missing figures' version reads as 1: its first bump (to 2) still makes pages stale."""
    found = cache.get_many([VERSION_KEY, FIGURES_VERSION_KEY])
    return found.get(VERSION_KEY) or page_cache_version(), found.get(FIGURES_VERSION_KEY) or 1


def _digest(text: str) -> str:
    # Hashed: any path or query a visitor types makes a key of the same, bounded length.
    return hashlib.sha256(text.encode()).hexdigest()


def _path_key(request) -> str | None:
    """The entry for this address without its query string, or None when the request may
    neither read nor fill the cache. Notes on the request the figures' version as it is now,
    before the page is rendered: a counter that moves during the render leaves the page
    stored under the old version, so it is not served again."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # a signed-in person (or one with messages waiting) gets their own page
    version, request.page_figures_version = _versions()
    address = _digest(f"{request.get_host()}{request.path}")
    return f"page:{version}:{get_language()}:{address}"


def _variant_key(path_key: str, request, parameters) -> str:
    """The entry for the values this request gives the parameters the page reads."""
    values = sorted((name, request.GET[name]) for name in parameters if name in request.GET)
    return f"{path_key}:{_digest(urlencode(values))}"


def _lookup(request, path_key: str):
    stored = cache.get(path_key)
    if isinstance(stored, dict) and "parameters" in stored:
        stored = cache.get(_variant_key(path_key, request, stored["parameters"]))
    if not (isinstance(stored, dict) and "content" in stored):
        return None
    if "figures" in stored and stored["figures"] != request.page_figures_version:
        return None  # a counter moved since it was rendered
    return stored


def _store(request, path_key: str, response) -> None:
    page = {
        "content": response.content,
        "headers": {name: value for name, value in response.items() if name != "Set-Cookie"},
    }
    if getattr(request, "page_shows_figures", False):
        page["figures"] = request.page_figures_version
    # A page that changes its own Content-Security-Policy (the results widget, which other
    # sites may frame) keeps the change: the policy is written outside this cache.
    if hasattr(response, "_csp_replace"):
        page["csp_replace"] = response._csp_replace
    parameters = sorted(getattr(request, "page_query_parameters", ()))
    if parameters:
        entries = {
            path_key: {"parameters": parameters},
            _variant_key(path_key, request, parameters): page,
        }
    else:
        entries = {path_key: page}
    cache.set_many(entries, settings.PAGE_CACHE_SECONDS)


def _storable(request, response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        getattr(request, "page_cacheable", False)
        and request.method == "GET"  # a HEAD answer may come without its body
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in control
        and "no-store" not in control
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A cache that is down misses and skips writes (config/cache.py): the page is then
        # rendered the slow way.
        key = _path_key(request)
        stored = _lookup(request, key) if key else None
        if stored is not None:
            response = HttpResponse(stored["content"])
            for name, value in stored["headers"].items():
                response[name] = value  # Cache-Control included: as when it was rendered
            if "csp_replace" in stored:
                response._csp_replace = stored["csp_replace"]  # type: ignore[attr-defined]
            response["X-Page-Cache"] = "hit"
            edge_cache.remember_served(request, shows_figures="figures" in stored)
            return response
        response = self.get_response(request)
        if key and _storable(request, response):
            shows_figures = getattr(request, "page_shows_figures", False)
            patch_vary_headers(response, ["Cookie"])
            edge_cache.mark_shared(response, shows_figures=shows_figures)
            _store(request, key, response)
            edge_cache.remember_served(request, shows_figures=shows_figures)
            response["X-Page-Cache"] = "miss"
        elif getattr(request, "page_cacheable", False):
            # A public page answered for this visitor alone: signed in, a form with its
            # CSRF cookie, a HEAD, an error. No shared cache may keep it.
            edge_cache.mark_private(response)
        return response
