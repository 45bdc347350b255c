from django.shortcuts import render

from portal import access
from portal.selectors.places import youth_team_coverage
from portal.selectors.teams import memberships_of
from portal.views.decorators import portal_view


@portal_view
def dashboard(request):
    """The portal's front door: your teams, and for coordinators the coverage target."""
    user = request.user
    context = {
        "memberships": memberships_of(user),
        "is_coordinator": access.is_coordinator(user),
        "needs_mfa": access.coordinator_needs_mfa(user),
    }
    if context["is_coordinator"]:
        context["coverage"] = youth_team_coverage(user.coordinated_area)
    return render(request, "portal/dashboard.html", context)
