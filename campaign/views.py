from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.generic import TemplateView

from wagtail.models import Locale, Page

from campaign.search import site_search
from campaign.share_card import CARDS, share_card_png
from portal.selectors import areas_map
from portal.selectors.impact import impact

RESULTS_PER_PAGE = 10
IMPACT_MAX_AGE = 5
# Facebook and Zalo fetch a card once and keep it; a browser showing it may keep it a while.
SHARE_CARD_MAX_AGE = 300


def search(request):
    """Site search over the live pages in the visitor's language (Wagtail's search, folding
    Vietnamese: campaign/search.py)."""
    query = request.GET.get("q", "").strip()[:100]
    results: list = []
    if query:
        locale = Locale.objects.filter(language_code=get_language()).first()
        pages = Page.objects.live().public().specific()
        if locale:
            pages = pages.filter(locale=locale)
        results = site_search(pages, query)
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "campaign/search.html", {"query": query, "page_obj": page_obj})


robots_txt = cache_control(max_age=60 * 60 * 24, public=True)(
    TemplateView.as_view(template_name="robots.txt", content_type="text/plain")
)


@transaction.non_atomic_requests  # read-only: no transaction to open on a warm hit
def impact_json(request):
    """The program's public figures (fields: docs/developing.md, "Live figures"). One cache
    hit when warm; browsers and proxies keep it 5 seconds and then revalidate with its ETag."""
    body, etag, _payload = impact(areas_map.map_choice(request.GET.get(areas_map.MAP_PARAM)))
    response = _revalidated(request, body, etag, "application/json", IMPACT_MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"  # fanpages and partners may show them
    return response


@transaction.non_atomic_requests  # read-only, like the figures it draws
def share_card(request, kind: str):
    """The picture a shared link to the home (`home`) or results (`results`) page shows, in
    the language of the address (/share/home.png, /en/share/home.png). Warm, it costs two
    cache hits; its ETag changes only when what it shows does."""
    if kind not in CARDS or kind == "area":  # an area's card lives at its own address
        raise Http404
    png, etag = share_card_png(kind)
    return _revalidated(request, png, etag, "image/png", SHARE_CARD_MAX_AGE)


def _revalidated(request, body, etag: str, content_type: str, max_age: int) -> HttpResponse:
    """The body, or 304 when the browser already holds this ETag; kept `max_age` seconds."""
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
