from django.shortcuts import render

from portal import access
from portal.models import StudentAccess
from portal.selectors.sims import EXPIRY_DAYS, expiring_sim_rows, sims_expiring
from portal.services.students import student_access_record
from portal.views.decorators import portal_view
from portal.views.listing import paginate


@portal_view
def sim_expiring_list(request):
    """The SIMs with students that end within two weeks or have ended, for the teams to
    renew before (or as soon as) a student is cut off. Open to everyone who sees devices:
    the student is named only to those who may see them, and each name shown is logged."""
    page = paginate(request, sims_expiring(request.user))
    page.object_list = expiring_sim_rows(request.user, list(page.object_list))
    student_access_record(
        actor=request.user,
        students=[row.student_id for row in page.object_list if row.student_id],
        action=StudentAccess.Action.LISTED,
    )
    return render(
        request,
        "portal/devices/sims_expiring.html",
        {
            "page_obj": page,
            "days": EXPIRY_DAYS,
            "needs_mfa": access.coordinator_needs_mfa(request.user),
        },
    )
