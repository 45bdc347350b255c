"""Public pages kept by a proxy or CDN in front of Django (deploy/nginx/), so a story that goes
viral is served by nginx, not by the web processes.

What it may keep: exactly the pages the page cache keeps (campaign/page_cache.py: anonymous
visitors, public Wagtail pages, plain 200 answers that set no cookie and are not marked
private). Those say `Cache-Control: public, max-age=0, s-maxage=…`: browsers ask again each
time, a shared cache keeps the page for EDGE_CACHE_FIGURES_SECONDS if it shows figures and
EDGE_CACHE_SECONDS otherwise. Any other answer of a public page (a signed-in visitor's, a
form's with its CSRF cookie, an error) says `private`; the portal, sign-in and admin keep
their own `no-store`.

When it is told to drop them (DJANGO_EDGE_PURGE_URL set): on the page cache's own triggers,
after their commit. Whatever empties the page cache (a publication, a withdrawn consent,
the settings, the standards) purges every address the proxy may hold; a moved counter
purges the pages that showed figures. The addresses come from one list kept here: each
page served for the proxy to keep, with the moment its copy expires there, so a purge asks
for exactly the copies that may still be there (query strings included: `?page=2`, and the
`?fbclid=…` a shared link carries, each a copy of its own in nginx). A list entry lost to
two writes at once, or to Redis losing its data, leaves that copy until its `s-maxage`:
the documented delay is the bound, the purge makes it immediate.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

SERVED_KEY = "edge-cache:served"
# Beyond this many distinct addresses in one `s-maxage` window (a crawler walking every
# `?fbclid=`), new ones are not listed: they expire by themselves.
SERVED_LIMIT = 2000


def shared_seconds(*, shows_figures: bool) -> int:
    if shows_figures:
        return settings.EDGE_CACHE_FIGURES_SECONDS
    return settings.EDGE_CACHE_SECONDS


def mark_shared(response, *, shows_figures: bool) -> None:
    """A page anyone may get: a proxy may keep it for a while, a browser asks again."""
    patch_cache_control(
        response, public=True, max_age=0, s_maxage=shared_seconds(shows_figures=shows_figures)
    )


def mark_private(response) -> None:
    """A public page's answer meant for this visitor alone (their session, their form)."""
    patch_cache_control(response, private=True)


def purging() -> bool:
    return bool(settings.WAGTAILFRONTENDCACHE)


def remember_served(request, *, shows_figures: bool) -> None:
    """List this address as held by the proxy until its `s-maxage` runs out (only when
    there is a proxy to purge: otherwise nobody reads the list)."""
    if not purging():
        return
    now = time.time()
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # The copies that expired are gone from the proxy already.
    served = {address: entry for address, entry in _served().items() if entry[0] > now}
    if url not in served and len(served) >= SERVED_LIMIT:
        return
    served[url] = (now + shared_seconds(shows_figures=shows_figures), shows_figures)
    longest = max(settings.EDGE_CACHE_SECONDS, settings.EDGE_CACHE_FIGURES_SECONDS, 1)
    cache.set(SERVED_KEY, served, timeout=2 * longest)


def _served() -> dict[str, tuple[float, bool]]:
    served = cache.get(SERVED_KEY)
    return served if isinstance(served, dict) else {}


def urls_to_purge(*, figures_only: bool) -> list[str]:
    """The one answer to "which addresses does the proxy drop": those it may still hold,
    or of those only the pages that show figures."""
    now = time.time()
    return sorted(
        url
        for url, (expires, shows_figures) in _served().items()
        if expires > now and (shows_figures or not figures_only)
    )


def purge(*, figures_only: bool) -> None:
    if purging():
        purge_urls_from_cache(urls_to_purge(figures_only=figures_only))


def purge_on_commit(*, figures_only: bool) -> None:
    """After the change commits: purged earlier, the proxy could fetch the old page again."""
    if purging():
        transaction.on_commit(lambda: purge(figures_only=figures_only))
