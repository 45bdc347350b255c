"""Targets belong to areas: the 2021 plan's two devices a team a month holds wherever no
area on the way up set its own (`AreaTarget`), the nearest one winning."""

from collections.abc import Iterable

from portal.models import Area, AreaTarget
from portal.models.handovers import MONTHLY_TARGET


def _paths_up(area: Area) -> list[str]:
    """The tree paths of the area and of every area above it."""
    return [area.path[:end] for end in range(area.steplen, len(area.path) + 1, area.steplen)]


def monthly_target(area: Area) -> int:
    """The devices each team of the area should hand over a month (one query)."""
    paths = _paths_up(area)
    nearest = (
        AreaTarget.objects.filter(area__path__in=paths)
        .order_by("-area__depth")
        .values_list("monthly_per_team", flat=True)
        .first()
    )
    return MONTHLY_TARGET if nearest is None else nearest


def monthly_targets_of(areas: Iterable[Area]) -> dict[int, int]:
    """`monthly_target` of each area by id, in one query however many areas: a list of
    teams across a city asks once, not once a commune."""
    areas = list(areas)
    paths = {path for area in areas for path in _paths_up(area)}
    set_at = dict(
        AreaTarget.objects.filter(area__path__in=paths).values_list(
            "area__path", "monthly_per_team"
        )
    )
    found = {}
    for area in areas:
        nearest = next((set_at[p] for p in reversed(_paths_up(area)) if p in set_at), None)
        found[area.pk] = MONTHLY_TARGET if nearest is None else nearest
    return found
