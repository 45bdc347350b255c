"""The spec standards as the portal shows them: the one in force for each kind of device,
and the versions it replaced."""

from django.db.models import Q, QuerySet

from portal import specs
from portal.models import Area, SpecStandard


def current_standards() -> QuerySet[SpecStandard]:
    return SpecStandard.objects.current()


def superseded_standards() -> QuerySet[SpecStandard]:
    return SpecStandard.objects.filter(is_current=False).select_related("created_by", "area")


def effective_standard(kind: str, area: Area | None) -> tuple[SpecStandard, specs.Standard]:
    """The standard a device of this kind received in this area is judged against: the
    strictest of the program's own and of every raise on the area's way up (one query).
    With it, the row a check names: the raise nearest the area, or the program's own."""
    if area is None:
        row = SpecStandard.objects.current_for(kind)
        return row, row.to_standard()
    paths = [area.path[:end] for end in range(area.steplen, len(area.path) + 1, area.steplen)]
    rows = sorted(
        SpecStandard.objects.filter(
            Q(area__isnull=True) | Q(area__path__in=paths), kind=kind, is_current=True
        ).select_related("area"),
        key=lambda row: row.area.depth if row.area else 0,
    )
    return rows[-1], specs.strictest([row.to_standard() for row in rows])


def raised_standards() -> list[tuple[SpecStandard, specs.Standard]]:
    """Every area's raise in force, outermost area first, each with what a device received
    there is judged against (the strictest of it and all above it): few rows, read once."""
    rows = SpecStandard.objects.filter(is_current=True, area__isnull=False).select_related(
        "area", "created_by"
    )
    return [
        (row, effective_standard(row.kind, row.area)[1])
        for row in rows.order_by("area__path", "kind")
    ]


def area_raise(kind: str, area: Area) -> SpecStandard | None:
    """The area's own raise of a kind in force, if it set one."""
    return SpecStandard.objects.filter(kind=kind, area=area, is_current=True).first()
