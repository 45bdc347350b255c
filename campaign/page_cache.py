"""Whole public pages kept in the cache for anonymous visitors, so a shared link that goes
round Zalo does not render the same page a thousand times.

Only Wagtail pages (marked by the `before_serve_page` hook), only for visitors without a
session cookie (nobody signed in, no pending messages), only plain 200 answers that set no
cookie and are not marked private. Publishing, unpublishing, moving or deleting any page
empties it at once (a version number in every key). The figures in a cached page can be up
to PAGE_CACHE_SECONDS old; the live-figures script brings them up to date in the browser.

A page is kept once per combination of the query parameters it reads (its class lists them
in `query_parameters`: the news list's `page` and `tag`, say); any other parameter — the
`utm_…` and `fbclid` a shared link picks up — is ignored, so it neither renders the page
again nor adds an entry. Which parameters a page reads is known only once it has been
served, so the entry under the bare path holds either the page itself (it reads none) or
the list of the parameters it reads, with one entry per combination of their values beside
it.

Fresh or cached, the page says `Vary: Cookie` (a signed-in visitor gets another page) and
`Cache-Control: no-cache`: a browser or proxy may keep it but asks again before reusing
it, so emptying this cache (a publication, a withdrawn consent) reaches every copy at once.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import get_language

VERSION_KEY = "page-cache:version"
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
    """Every cached page is stale from now on (their keys carry the old version)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache is down: nothing is served from it)
        cache.set(VERSION_KEY, 2, timeout=None)


def _digest(text: str) -> str:
    # Hashed: any path or query a visitor types makes a key of the same, bounded length.
    return hashlib.sha256(text.encode()).hexdigest()


def _path_key(request) -> str | None:
    """The entry for this address without its query string, or None when the request may
    neither read nor fill the cache."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # a signed-in person (or one with messages waiting) gets their own page
    address = _digest(f"{request.get_host()}{request.path}")
    return f"page:{page_cache_version()}:{get_language()}:{address}"


def _variant_key(path_key: str, request, parameters) -> str:
    """The entry for the values this request gives the parameters the page reads."""
    values = sorted((name, request.GET[name]) for name in parameters if name in request.GET)
    return f"{path_key}:{_digest(urlencode(values))}"


def _lookup(request, path_key: str):
    stored = cache.get(path_key)
    if isinstance(stored, dict) and "parameters" in stored:
        stored = cache.get(_variant_key(path_key, request, stored["parameters"]))
    return stored if isinstance(stored, dict) and "content" in stored else None


def _store(request, path_key: str, response) -> None:
    page = {
        "content": response.content,
        "headers": {name: value for name, value in response.items() if name != "Set-Cookie"},
    }
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
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if key and _storable(request, response):
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, no_cache=True)
            _store(request, key, response)
            response["X-Page-Cache"] = "miss"
        return response
