"""The program's public figures, as one payload: what /api/impact.json serves, what the
impact page draws and what the live counters on every page poll. Every area with a program
has the same payload of its own (`impact(area)`): its results page and widget draw it.

It is built from the counter rows (one query: the district's figures for all time and the
last twelve months, and each commune's), the communes and the teams, never from the
device, student or handover tables, so its cost does not grow with the records. It is cached until
a counter changes (`impact_cache_clear`, called on commit by `counter_bump`, with the pages
that show figures: `figures_changed_announce`).
"""

import hashlib
import json
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from config.database_routing import primary_reads
from portal.figures import Figure as F
from portal.figures import Shown, figures
from portal.models import Area, Counter, DeviceKind, Team
from portal.models.counters import ALL_TIME
from portal.selectors import areas_map
from portal.selectors.places import youth_team_coverage
from portal.selectors.support import promise_from
from portal.selectors.targets import monthly_target

CACHE_KEY = "impact:v3"  # v3: one entry per map; an area's under a generation
# An area's payload is kept under this generation, which a counter change moves on
# (`impact_cache_clear`): one key to bump, however many areas were cached.
AREAS_GENERATION_KEY = "impact:areas-generation"
CACHE_SECONDS = 60 * 10  # a counter change clears it sooner
MONTHS_SHOWN = 12

# Figures read straight from the district's all-time counters: the public ones.
TOTALS = [figure.value for figure in figures(Shown.PUBLIC)]
# Each commune's, and each month's, figures.
COMMUNE_FIGURES = [F.DEVICES_RECEIVED, F.DEVICES_HANDED_OVER, F.STUDENTS_REACHED]
MONTH_FIGURES = [F.DEVICES_HANDED_OVER, F.DEVICES_RECEIVED]
BY_KIND = [F.DEVICES_RECEIVED, F.DEVICES_HANDED_OVER]
KINDS = list(DeviceKind.values)


def _months_back(today: date, count: int) -> list[str]:
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def build(
    today: date | None = None, chosen: str = areas_map.CURRENT, area: Area | None = None
) -> dict:
    """The payload of an area (by default the program's first district, as the site's own
    pages show): its counters, its communes by a map (the current one by default, or the
    2021 one) and the teams working inside it. On the current map a commune of today also
    counts the records of the old communes that went into it."""
    chosen = areas_map.map_choice(chosen)
    today = today or timezone.localdate()
    district = area or Area.objects.filter(kind=Area.Kind.DISTRICT).order_by("path").first()
    if district is None:
        return {}
    months = _months_back(today, MONTHS_SHOWN)
    coverage = youth_team_coverage(district, chosen)
    # A unit of today, on the current map, also counts the old communes that went into it:
    # all the records of those that went whole, the placed ones of those split.
    sources = areas_map.Sources(whole=[], split=[])
    if chosen == areas_map.CURRENT and district.kind in Area.GRASSROOTS and not district.valid_to:
        sources = areas_map.sources_of(district, coverage.steps)
    counted_in = [district.pk, *sources.whole]
    rows = Counter.objects.filter(
        Q(area__in=counted_in, period__in=[ALL_TIME, *months])
        | Q(
            area__path__startswith=district.path,
            area__kind__in=Area.GRASSROOTS,
            period=ALL_TIME,
            key__in=COMMUNE_FIGURES,
        )
    ).values_list("key", "area_id", "period", "value")
    total: dict[str, int] = {}
    by_month: dict[str, dict[str, int]] = {}
    by_commune: dict[int, dict[str, int]] = {}

    def add(key: str, period: str, value: int) -> None:
        if period == ALL_TIME:
            total[key] = total.get(key, 0) + value
        else:
            month = by_month.setdefault(period, {})
            month[key] = month.get(key, 0) + value

    for key, area_id, period, value in rows:
        if area_id in counted_in:
            add(key, period, value)
        commune_row = area_id != district.pk or district.kind in Area.GRASSROOTS
        if commune_row and period == ALL_TIME and key in COMMUNE_FIGURES:
            by_commune.setdefault(area_id, {})[key] = value
    if sources.split:
        placed = areas_map.placed_figures()
        for (key, old, new, period), value in placed.items():
            if new == district.pk and old in sources.split and period in (ALL_TIME, *months):
                add(key, period, value)

    regrouped = areas_map.regroup(
        by_commune,
        coverage.communes,
        chosen,
        [ALL_TIME],
        [str(f) for f in COMMUNE_FIGURES],
        steps=coverage.steps,
    )
    teams = list(
        Team.objects.filter(
            Q(commune__path__startswith=district.path)
            | Q(commune__in=sources.whole)
            | Q(cluster__district__path__startswith=district.path),
            is_active=True,
        ).values_list("pk", "name", "kind", "commune_id")
    )
    this_month = by_month.get(months[-1], {})
    target = monthly_target(district)
    payload: dict[str, Any] = {
        "area": district.name,
        "map": chosen,
        "updated_at": timezone.now().isoformat(timespec="seconds"),
        "totals": {
            **{key: total.get(key, 0) for key in TOTALS},
            "volunteer_hours": round(total.get(F.VOLUNTEER_MINUTES, 0) / 60),
            # On the chosen map (a record of an unplaced split unit reaches no commune yet).
            "communes_reached": sum(
                1 for counted in regrouped.by_unit.values() if counted[F.STUDENTS_REACHED] > 0
            ),
            "teams_active": len(teams),
            "communes_covered": coverage.covered_count,
            "communes_total": 0,
            **_support(total),
        },
        **{
            f"{figure.value}_by_kind": {kind: total.get(figure.of(kind), 0) for kind in KINDS}
            for figure in BY_KIND
        },
        "this_month": {
            "month": months[-1],
            "devices_handed_over": this_month.get(F.DEVICES_HANDED_OVER, 0),
            "target": target,
        },
        "months": [
            {
                "month": month,
                **{
                    figure.value: by_month.get(month, {}).get(figure, 0) for figure in MONTH_FIGURES
                },
            }
            for month in months
        ],
        "communes": [],
    }
    for commune in coverage.communes:
        counted = regrouped.by_unit[commune.pk]
        payload["communes"].append(
            {
                "name": commune.name,
                # "Yên Viên" is both a town and a commune: the label says which.
                "label": str(commune),
                "kind": commune.kind,
                "covered": bool(commune.youth_teams),
                **{figure.value: counted.get(figure, 0) for figure in COMMUNE_FIGURES},
            }
        )
    # Records of a split unit not yet placed in a current one: shown apart, never dropped.
    payload["unplaced"] = regrouped.unplaced if any(regrouped.unplaced.values()) else None
    payload["totals"]["communes_total"] = len(payload["communes"])
    payload["teams"] = [
        {
            "name": name,
            "devices_handed_over_this_month": this_month.get(F.TEAM_HANDED_OVER.of(pk), 0),
            "target": target,
        }
        for pk, name, kind, _commune in sorted(teams, key=lambda team: team[1])
        if kind == Team.Kind.YOUTH_IT
    ]
    return payload


def _support(total: dict) -> dict:
    """The 24-hour promise, from the district's counters (None before any request)."""
    promise = promise_from(total)
    return {
        "support_answered_within_24h_percent": promise.percent,
        "support_median_first_response_hours": promise.median_hours,
    }


def impact(chosen: str = areas_map.CURRENT, area: Area | None = None) -> tuple[bytes, str, dict]:
    """(JSON body, ETag, payload) from the cache — one cache hit (two for an area's) — or
    built and cached. With the cache down (a miss, config/cache.py), built every time:
    slower, still right. One cache entry holds both maps, so a counter change clears them
    together."""
    chosen = areas_map.map_choice(chosen)
    key = CACHE_KEY
    if area is not None:
        generation = cache.get(AREAS_GENERATION_KEY) or 0
        key = f"{CACHE_KEY}:area:{area.pk}:{generation}"
    cached = cache.get(key) or {}
    if chosen not in cached:
        # From the primary, never the read replica: this copy is kept until the next change,
        # so one built from a replica a moment behind would stay wrong until then. It is
        # built once per change, whatever the crowd (config/database_routing.py).
        with primary_reads():
            payload = build(chosen=chosen, area=area)
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        cached = {**cached, chosen: (body, etag, payload)}
        cache.set(key, cached, CACHE_SECONDS)
    return cached[chosen]
