"""The public site search: Wagtail's search over the live pages, folding Vietnamese.

Pages are indexed with their words folded too (BasePage.folded_text), so the query is searched
as typed (a page with the same accents matches its own words) and folded (any page with the
same letters matches its folded copy). Then, for a query cut short or misspelt, pages whose
title words begin with the folded query's ("bat tran" → "Bát Tràng", both backends), and on
PostgreSQL pages whose folded title is close to it (trigram word similarity of at least
portal.search.TRIGRAM_THRESHOLD: "lap top" → "Laptop cũ"). Each kind of match is listed
after the one before, in the backend's own order: "sửa chữa" lists a page about "sửa chữa"
before one about "sữa chua"."""

from django.db import connections
from django.db.models import F, QuerySet, Value

from portal.search import TRIGRAM_MIN_LENGTH, CloseTo, Fold, fold

# A site search shows at most this many pages: the campaign site has tens of pages, so a
# query that finds more is too broad to read through anyway.
MAX_RESULTS = 100


def site_search(pages: QuerySet, query: str) -> list:
    """The pages that match `query`, best matches first."""
    folded = fold(query)
    found: dict[int, object] = {}
    for matches in (
        pages.search(query),
        pages.search(folded),
        pages.autocomplete(folded),
        _close(pages, folded),
    ):
        for page in matches[:MAX_RESULTS]:
            found.setdefault(page.pk, page)
        if len(found) >= MAX_RESULTS:
            break
    return list(found.values())[:MAX_RESULTS]


def _close(pages: QuerySet, folded: str) -> QuerySet:
    if connections[pages.db].vendor != "postgresql" or len(folded) < TRIGRAM_MIN_LENGTH:
        return pages.none()
    return pages.filter(CloseTo(Fold(F("title")), Value(folded))).order_by("title")
