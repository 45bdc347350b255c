from django.shortcuts import render

from portal.selectors import areas_map
from portal.selectors.places import coordinators_coverage
from portal.views.decorators import coordinator_view


@coordinator_view
def coverage(request):
    """Every commune of the coordinator's areas: does it have an active youth IT team? By
    today's communes, or by those of 2021 (`?ban-do=2021`)."""
    chosen = areas_map.map_choice(request.GET.get(areas_map.MAP_PARAM))
    return render(
        request,
        "portal/coverage.html",
        {
            "coverage": coordinators_coverage(request.user, chosen),
            "maps": list(areas_map.MAPS.items()),
            "map_param": areas_map.MAP_PARAM,
        },
    )
