"""The public figures, kept as counter rows.

`counter_bump` runs inside the transaction of the event it counts, so a figure moves exactly
when its record is committed and never for a rolled-back one; it touches a fixed number of
rows (the commune and every area above it, for all time and for the event's month), so a
public page reads a number instead of counting a growing table.
"""

from datetime import date, datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from portal.figures import Counted, Figure
from portal.models import Area, Counter, CounterDirty
from portal.models.counters import ALL_TIME
from portal.selectors.impact import AREAS_GENERATION_KEY as IMPACT_AREAS_GENERATION_KEY
from portal.selectors.impact import CACHE_KEY as IMPACT_CACHE_KEY
from portal.signals import figures_changed


def month_of(moment: datetime | date) -> str:
    """The month, in Hà Nội time, an event belongs to."""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m")


def impact_cache_clear() -> None:
    """A counter moved (and its transaction committed): the next reader of the public
    figures rebuilds them. With the cache down the delete is skipped (config/cache.py) and
    the stale copy expires by itself."""
    cache.delete(IMPACT_CACHE_KEY)
    try:  # every area's payload at once: they are kept under the generation this moves on
        cache.incr(IMPACT_AREAS_GENERATION_KEY)
    except ValueError:
        cache.set(IMPACT_AREAS_GENERATION_KEY, 1, timeout=None)


def figures_changed_announce() -> None:
    """A counter moved and its transaction committed: the endpoint's copy goes first, then
    whoever keeps pages that show figures is told (the public site's page cache), so a page
    rendered after the news cannot be built from the endpoint's stale copy. Both go through
    the cache layer, which skips them while Redis is down (config/cache.py): the write that
    moved the counter is never undone or failed by it."""
    impact_cache_clear()
    figures_changed.send(sender=None)


def counter_bump(
    *,
    key: Figure | str,
    area: Area,
    delta: int = 1,
    when: datetime | date | None = None,
    kind: str | None = None,
) -> None:
    """Move a figure of the registry (portal.figures) — or one detail of it, `Figure.of` —
    for the area and all above it. With `kind`, a figure counted by device kind counts the
    kind's row too. A key the registry does not declare is refused (ValueError)."""
    figure = Figure.of_key(key)
    if kind is not None and Counted.BY_KIND not in figure.counted:
        raise ValueError(f"{figure} is not counted by kind")
    if not delta:
        return
    keys = [str(key)] if kind is None else [str(key), figure.of(kind)]
    periods = [ALL_TIME]
    if figure.monthly:
        periods.append(month_of(when or timezone.now()))
    for scope in [area, *area.get_ancestors()]:
        for counted in keys:
            for period in periods:
                _add(counted, scope, period, delta)
    # The cell the event belongs to, for the incremental recount: in this same transaction,
    # so a rolled-back event leaves no mark. Its all-time row is recounted with any mark.
    CounterDirty.objects.bulk_create(
        [CounterDirty(area=area, period=periods[-1])], ignore_conflicts=True
    )
    # The public figures, and the pages that show them, are cached until a counter moves;
    # readers see it once committed.
    transaction.on_commit(figures_changed_announce)


def _add(key: str, area: Area, period: str, delta: int) -> None:
    rows = Counter.objects.filter(key=key, area=area, period=period)
    if rows.update(value=F("value") + delta):
        return
    try:
        with transaction.atomic():
            Counter.objects.create(key=key, area=area, period=period, value=delta)
    except IntegrityError:
        # Another transaction created the row first: add to it instead.
        rows.update(value=F("value") + delta)
