"""Whole public pages kept in the cache for anonymous visitors, so a shared link that goes
round Zalo does not render the same page a thousand times.

Only Wagtail pages (marked by the `before_serve_page` hook), only for visitors without a
session cookie (nobody signed in, no pending messages), only plain 200 answers that set no
cookie and are not marked private. Publishing, unpublishing, moving or deleting any page
empties it at once (a version number in every key). The figures in a cached page can be up
to PAGE_CACHE_SECONDS old; the live-figures script brings them up to date in the browser.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

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
    except ValueError:  # no version yet
        cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 — cache down: nothing is being served from it either
        logger.warning("Cache unreachable: page cache not cleared")


def _key(request) -> str | None:
    if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # a signed-in person (or one with messages waiting) gets their own page
    # Hashed: any query string a visitor types makes a key of the same, bounded length.
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page:{page_cache_version()}:{get_language()}:{address}"


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
        try:
            key = _key(request)
            stored = cache.get(key) if key else None
        except Exception:  # noqa: BLE001 — cache down: serve the page the slow way
            key = stored = None
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if key and _storable(request, response):
            headers = {name: value for name, value in response.items() if name != "Set-Cookie"}
            try:
                cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                return response
            response["X-Page-Cache"] = "miss"
        return response
