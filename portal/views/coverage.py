from django.shortcuts import render

from portal.selectors.places import youth_team_coverage
from portal.views.decorators import coordinator_view


@coordinator_view
def coverage(request):
    """Every commune of the coordinator's area: does it have an active youth IT team?"""
    return render(
        request,
        "portal/coverage.html",
        {"coverage": youth_team_coverage(request.user.coordinated_area)},
    )
