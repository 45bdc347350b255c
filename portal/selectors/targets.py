"""Targets belong to areas: the 2021 plan's two devices a team a month holds wherever no
area on the way up set its own (`AreaTarget`), the nearest one winning."""

from portal.models import Area, AreaTarget
from portal.models.handovers import MONTHLY_TARGET


def monthly_target(area: Area) -> int:
    """The devices each team of the area should hand over a month (one query)."""
    paths = [area.path[:end] for end in range(area.steplen, len(area.path) + 1, area.steplen)]
    nearest = (
        AreaTarget.objects.filter(area__path__in=paths)
        .order_by("-area__depth")
        .values_list("monthly_per_team", flat=True)
        .first()
    )
    return MONTHLY_TARGET if nearest is None else nearest
