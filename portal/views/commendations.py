from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access
from portal.forms.commendations import CommendationForm
from portal.selectors.leaderboard import team_standings, volunteer_standings
from portal.services.commendations import commendation_record
from portal.views.decorators import coordinator_view

PERIODS = {"90": 90, "365": 365, "all": None}


@coordinator_view
def commendation_list(request):
    form = CommendationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        commendation_record(
            actor=request.user,
            fields=form.commendation_fields(),
            form_key=form.cleaned_data["form_key"],
        )
        messages.success(request, _("Đã ghi khen thưởng."))
        return redirect("portal:commendation_list")
    commendations = access.commendations_visible_to(request.user).select_related("team", "person")
    return render(
        request,
        "portal/commendations/list.html",
        {"form": form, "commendations": commendations[:50]},
    )


@coordinator_view
def leaderboard(request):
    """Teams and volunteers by the work the logs show, to decide whom to commend."""
    period = request.GET.get("period", "90")
    days = PERIODS.get(period, 90)
    since = timezone.localdate() - timedelta(days=days) if days else None
    return render(
        request,
        "portal/commendations/leaderboard.html",
        {
            "period": period,
            "periods": [("90", _("90 ngày qua")), ("365", _("12 tháng qua")), ("all", _("Từ đầu"))],
            "teams": team_standings(access.commendable_teams(request.user), since),
            "people": volunteer_standings(access.commendable_people(request.user), since),
        },
    )
