from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.models import Device, DeviceKind, DeviceStatus
from portal.notices import SimBatch
from portal.services.notify import notify


@transaction.atomic
def sims_warn_expiring(*, days: int = 14) -> int:
    today = timezone.localdate()
    sims = list(
        Device.objects.select_for_update()
        .filter(
            kind=DeviceKind.SIM,
            status=DeviceStatus.HANDED_OVER,
            valid_until__range=(today, today + timedelta(days=days)),
            expiry_warning_sent_on__isnull=True,
        )
        .select_related("team")
        .order_by("valid_until")
    )
    by_team = defaultdict(list)
    for sim in sims:
        by_team[sim.team].append(sim)
    for team, team_sims in by_team.items():
        notify(
            "sims_expiring",
            subject=SimBatch(team=team, sims=team_sims, days=days, today=today),
            event=f"sims:{team.pk}:{today.isoformat()}",
        )
    Device.objects.filter(pk__in=[sim.pk for sim in sims]).update(expiry_warning_sent_on=today)
    return len(sims)
