"""Each area's own results: a page under its address (`/ket-qua/ha-noi/`,
`/ket-qua/ha-noi/bat-trang/`), a widget of its figures that partners' websites frame
(`…/nhung/`), and the same figures as a picture for sites that allow no frame
(`…/so-lieu.png`).

The page and the widget are kept by the public page cache like every page that shows
figures (campaign/page_cache.py): a counter that moves makes them stale. Only the widget may
be framed by another site; every other answer keeps `frame-ancestors 'none'` and
`X-Frame-Options`.
"""

from csp.decorators import csp_replace

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from campaign.page_cache import shows_figures
from campaign.share_card import share_card_png
from campaign.views import SHARE_CARD_MAX_AGE, _revalidated
from portal.selectors.impact import impact
from portal.selectors.programs import area_at, program_areas_below

# The widget's size as the snippet frames it: room for four figures and the link.
WIDGET_WIDTH, WIDGET_HEIGHT = 360, 300


def _area(city: str, place: str | None):
    area = area_at(city, place)
    if area is None:
        raise Http404
    return area


def _kept_with_figures(request) -> None:
    """Kept for the next anonymous visitor until a counter moves."""
    request.page_cacheable = True
    shows_figures(request)


def _address(name: str, parts) -> str:
    return reverse(name, args=[part for part in parts if part])


@transaction.non_atomic_requests
def area_results(request, city: str, place: str | None = None):
    area = _area(city, place)
    _kept_with_figures(request)
    _body, _etag, figures = impact(area=area)
    widget = request.build_absolute_uri(_address("area_widget", (city, place)))
    picture = request.build_absolute_uri(_address("area_picture", (city, place)))
    return render(
        request,
        "campaign/area_results.html",
        {
            "area": area,
            "figures": figures,
            "totals": figures.get("totals", {}),
            "below": [
                (below, _address("area_results", parts))
                for below, parts in program_areas_below(area)
            ],
            "page_address": request.build_absolute_uri(request.path),
            "widget_address": widget,
            "picture_address": picture,
            "widget_width": WIDGET_WIDTH,
            "widget_height": WIDGET_HEIGHT,
        },
    )


@transaction.non_atomic_requests
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def area_widget(request, city: str, place: str | None = None):
    """The only page another site may frame: the figures and a link to the results."""
    area = _area(city, place)
    _kept_with_figures(request)
    _body, _etag, figures = impact(area=area)
    return render(
        request,
        "campaign/area_widget.html",
        {
            "area": area,
            "totals": figures.get("totals", {}),
            "results_address": request.build_absolute_uri(_address("area_results", (city, place))),
        },
    )


@transaction.non_atomic_requests
def area_picture(request, city: str, place: str | None = None):
    """The widget's figures as a PNG (the sharing card's drawing), for sites without frames."""
    area = _area(city, place)
    png, etag = share_card_png("area", area=area)
    return _revalidated(request, png, etag, "image/png", SHARE_CARD_MAX_AGE)
