"""The public site search: Wagtail's search over the live pages, folding Vietnamese.

Pages are indexed with their words folded too (BasePage.folded_text), so the query is searched
twice: as typed (a page with the same accents matches its own words) and folded (any page
with the same letters matches its folded copy). Pages found as typed come first, in the
backend's own order, then those found only folded: "sửa chữa" lists a page about "sửa chữa"
before one about "sữa chua"."""

from django.db.models import QuerySet

from portal.selectors.public import fold

# A site search shows at most this many pages: the campaign site has tens of pages, so a
# query that finds more is too broad to read through anyway.
MAX_RESULTS = 100


def site_search(pages: QuerySet, query: str) -> list:
    """The pages that match `query`, exact-accent matches first."""
    exact = list(pages.search(query)[:MAX_RESULTS])
    seen = {page.pk for page in exact}
    folded = [page for page in pages.search(fold(query))[:MAX_RESULTS] if page.pk not in seen]
    return [*exact, *folded][:MAX_RESULTS]
