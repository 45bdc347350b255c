from django.shortcuts import render
from django.utils import timezone

from portal import access
from portal.models import OfferStatus
from portal.models.support import OPEN_STATUSES
from portal.selectors import counting
from portal.selectors.first_day import first_day_checklists
from portal.selectors.notices import failed_recently
from portal.selectors.places import coordinators_coverage
from portal.selectors.sims import EXPIRY_DAYS, sims_expiring
from portal.selectors.students import follow_up_queue
from portal.selectors.teams import invitations_to_answer, memberships_of
from portal.views.decorators import portal_view


@portal_view
def dashboard(request):
    """The portal's front door: your teams, and for coordinators the coverage target."""
    user = request.user
    context = {
        "offers": invitations_to_answer(user),
        "memberships": memberships_of(user),
        "is_coordinator": access.is_coordinator(user),
        "needs_mfa": access.coordinator_needs_mfa(user),
        "checklists": first_day_checklists(user),
    }
    if context["needs_mfa"]:
        context["has_authenticator"] = access.has_totp(user)
    if context["is_coordinator"]:
        context["coverage"] = coordinators_coverage(user)
    # The waiting work, counted in one query (portal.selectors.counting).
    waiting = {
        "support_waiting": access.support_visible_to(user).filter(
            first_response_at__isnull=True, status__in=OPEN_STATUSES
        ),
        "sims_expiring": sims_expiring(user),
        "offers_new": access.offers_visible_to(user).filter(status=OfferStatus.NEW),
    }
    if access.may_see_student_data(user):
        waiting["follow_ups_due"] = follow_up_queue(user).filter(due_on__lte=timezone.localdate())
    if context["is_coordinator"]:
        waiting["deliveries_failed"] = failed_recently(access.deliveries_visible_to(user))
    context.update(counting.counts(waiting))
    context["sim_days"] = EXPIRY_DAYS
    return render(request, "portal/dashboard.html", context)
