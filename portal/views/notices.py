from django.shortcuts import render

from portal import access
from portal.selectors import notices
from portal.views.decorators import coordinator_view
from portal.views.listing import paginate


@coordinator_view
def failed_deliveries(request):
    """The notices that could not be sent in the coordinator's areas, newest first: a wrong
    number, a provider refusing, a gateway not configured."""
    page = paginate(request, notices.failed(access.deliveries_visible_to(request.user)))
    return render(request, "portal/notices/failed.html", {"page_obj": page})
