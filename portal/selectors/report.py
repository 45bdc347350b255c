"""The figures of a progress report, read from the counter rows of each month (which the
reconciliation job keeps equal to the records) — so a year's report costs a few queries a
month, whatever the size of the tables. No student is named: these are counts."""

from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from portal.figures import Counted, Shown, figures
from portal.figures import Figure as F
from portal.models import Area, Counter, DeviceKind, Student, StudentStatus, Team
from portal.selectors import areas_map
from portal.selectors.places import youth_team_coverage
from portal.selectors.support import promise_from
from portal.selectors.targets import monthly_target

KINDS = list(DeviceKind.values)

# The report's lines, in the registry's order (the plan's order of work); a figure counted by
# kind has a line per kind under it.
LINES = [
    line
    for figure in figures(Shown.REPORT)
    for line in [
        (figure.value, figure.label),
        *(
            [(figure.of(kind), label) for kind, label in DeviceKind.choices]
            if Counted.BY_KIND in figure.counted
            else []
        ),
    ]
]
KEYS = [key for key, _label in LINES]
COMMUNE_KEYS = [
    F.DEVICES_RECEIVED,
    F.DEVICES_HANDED_OVER,
    F.STUDENTS_REACHED,
    F.SUPPORT_REQUESTS,
    F.TRAINING_SESSIONS,
]


def months_between(first: str, last: str) -> list[str]:
    """ "2026-10", "2026-12" → ["2026-10", "2026-11", "2026-12"]."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def report_figures(
    area: Area,
    months: list[str],
    progress: Callable[[int], None] | None = None,
    chosen: str = areas_map.CURRENT,
) -> dict:
    """Everything a report shows, as plain JSON-ready data, by the communes of a map (the
    current one by default, or the 2021 one). Counters are kept by the unit each record was
    made under; they are read for every unit of the area, then regrouped by the map."""
    chosen = areas_map.map_choice(chosen)
    communes = list(
        Area.objects.filter(path__startswith=area.path, kind__in=Area.GRASSROOTS).order_by("name")
    )
    coverage = youth_team_coverage(area, chosen)
    teams = list(
        Team.objects.filter(
            Q(commune__path__startswith=area.path)
            | Q(cluster__district__path__startswith=area.path),
            is_active=True,
        ).order_by("kind", "name")
    )
    totals = dict.fromkeys(KEYS, 0)
    histogram: dict[str, int] = {}
    by_commune = {commune.pk: {figure.value: 0 for figure in COMMUNE_KEYS} for commune in communes}
    by_team = {team.pk: {"handed_over": 0, "kept": 0, "breached": 0} for team in teams}
    team_keys = {
        figure.of(team.pk): (team.pk, field)
        for team in teams
        for figure, field in (
            (F.TEAM_HANDED_OVER, "handed_over"),
            (F.TEAM_SUPPORT_KEPT, "kept"),
            (F.TEAM_SUPPORT_BREACHED, "breached"),
        )
    }
    for done, month in enumerate(months, start=1):
        rows = Counter.objects.filter(
            Q(area=area) | Q(area__in=by_commune, key__in=COMMUNE_KEYS), period=month
        ).values_list("key", "area_id", "value")
        for key, area_id, value in rows:
            if area_id != area.pk:
                by_commune[area_id][key] += value
            elif key in totals:
                totals[key] += value
            elif key.startswith(F.SUPPORT_RESPONSE_HOUR.of("")):
                histogram[key] = histogram.get(key, 0) + value
            elif key in team_keys:
                team, field = team_keys[key]
                by_team[team][field] += value
        if progress:
            progress(done)
    promise = promise_from({**histogram, **totals})
    keys = [figure.value for figure in COMMUNE_KEYS]
    regrouped = areas_map.regroup(
        by_commune, coverage.communes, chosen, months, keys, steps=coverage.steps
    )
    unplaced = regrouped.unplaced
    per_team = monthly_target(area)  # the area's own target, else the 2021 plan's
    target = per_team * len(months)
    return {
        "area": str(area),
        "area_name": area.name,
        "first_month": months[0],
        "last_month": months[-1],
        "months": len(months),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "lines": [
            # A line with a kind ("devices_received:laptop") details the line above it.
            {"key": key, "label": str(label), "value": totals[key], "sub": ":" in key}
            for key, label in LINES
        ],
        "support": {"percent": promise.percent, "median_hours": promise.median_hours},
        "verified_list": Student.objects.filter(
            commune__path__startswith=area.path,
            status__in=[StudentStatus.VERIFIED, StudentStatus.APPROVED, StudentStatus.SERVED],
        ).count(),
        "map": chosen,
        "map_label": str(areas_map.MAPS[chosen]),
        "coverage": {"covered": coverage.covered_count, "total": coverage.total},
        "communes": [
            {
                "name": commune.name,
                "label": str(commune),  # the town and the commune of Yên Viên apart
                "covered": bool(commune.youth_teams),
                **regrouped.by_unit[commune.pk],
            }
            for commune in coverage.communes
        ],
        # Records of a split unit no coordinator has placed yet: their own line, so the
        # lines add up to the totals on either map.
        "unplaced": unplaced if any(unplaced.values()) else None,
        "teams": [
            {
                "name": team.name,
                "kind": team.get_kind_display(),
                **by_team[team.pk],
                # The plan's "at least 2 devices a month" is the youth teams' target.
                "target": target if team.kind == Team.Kind.YOUTH_IT else None,
                "met": by_team[team.pk]["handed_over"] >= target
                if team.kind == Team.Kind.YOUTH_IT
                else None,
            }
            for team in teams
        ],
        "target_per_team_month": per_team,
        "district_target": target * sum(1 for t in teams if t.kind == Team.Kind.YOUTH_IT),
    }
