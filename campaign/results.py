"""Each area's own results: a page under its address (`/ket-qua/ha-noi/`,
`/ket-qua/ha-noi/bat-trang/`), a widget of its figures that partners' websites frame
(`…/nhung/`), and the same figures as a picture for sites that allow no frame
(`…/so-lieu.png`).

The page and the widget are kept by the public page cache like every page that shows
figures (campaign/page_cache.py): a counter that moves makes them stale. Only the widget may
be framed by another site; every other answer keeps `frame-ancestors 'none'` and
`X-Frame-Options`.

All three read today's map by default and the 2021 one with `?ban-do=2021`
(portal.selectors.areas_map): a city lists today's communes, each with the records of the
old ones that went into it, or the 2021 district and its communes. The page cache keeps one
copy per map (the parameter is the page's `page_query_parameters`), and their links keep
the map.
"""

from csp.decorators import csp_replace

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_exempt

from campaign.page_cache import shows_figures
from campaign.share_card import share_card_png
from campaign.views import SHARE_CARD_MAX_AGE, _revalidated
from portal.selectors import areas_map
from portal.selectors.impact import impact
from portal.selectors.programs import area_at, on_both_maps, program_places

# The widget's size as the snippet frames it: room for four figures and the link.
WIDGET_WIDTH, WIDGET_HEIGHT = 360, 300


def _map(request) -> str:
    return areas_map.map_choice(request.GET.get(areas_map.MAP_PARAM))


def _area(city: str, place: str | None, chosen: str):
    area = area_at(city, place, chosen)
    if area is None:
        raise Http404
    return area


def _kept_with_figures(request) -> None:
    """Kept for the next anonymous visitor until a counter moves, once per map."""
    request.page_cacheable = True
    request.page_query_parameters = (areas_map.MAP_PARAM,)
    shows_figures(request)


def _address(name: str, parts, chosen: str) -> str:
    """The address of one of an area's answers on the map chosen (the current one bare)."""
    address = reverse(name, args=[part for part in parts if part])
    if chosen != areas_map.CURRENT:
        address += "?" + urlencode({areas_map.MAP_PARAM: chosen})
    return address


@transaction.non_atomic_requests
def area_results(request, city: str, place: str | None = None):
    chosen = _map(request)
    area = _area(city, place, chosen)
    _kept_with_figures(request)
    _body, _etag, figures = impact(chosen, area=area)
    widget = request.build_absolute_uri(_address("area_widget", (city, place), chosen))
    picture = request.build_absolute_uri(_address("area_picture", (city, place), chosen))
    page = request.build_absolute_uri(_address("area_results", (city, place), chosen))
    return render(
        request,
        "campaign/area_results.html",
        {
            "area": area,
            "figures": figures,
            "totals": figures.get("totals", {}),
            "map": chosen,
            "on_both_maps": on_both_maps(area),
            "below": [
                (place, _address("area_results", place.address, chosen))
                for place in program_places(area, chosen)
            ],
            "page_address": page,
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
    chosen = _map(request)
    area = _area(city, place, chosen)
    _kept_with_figures(request)
    _body, _etag, figures = impact(chosen, area=area)
    return render(
        request,
        "campaign/area_widget.html",
        {
            "area": area,
            "totals": figures.get("totals", {}),
            "results_address": request.build_absolute_uri(
                _address("area_results", (city, place), chosen)
            ),
        },
    )


@transaction.non_atomic_requests
def area_picture(request, city: str, place: str | None = None):
    """The widget's figures as a PNG (the sharing card's drawing), for sites without frames."""
    chosen = _map(request)
    area = _area(city, place, chosen)
    png, etag = share_card_png("area", area=area, chosen=chosen)
    return _revalidated(request, png, etag, "image/png", SHARE_CARD_MAX_AGE)
