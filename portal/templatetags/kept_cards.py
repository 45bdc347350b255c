"""A list's card rendered once for what it shows: `{% kept_card "portal/devices/card.html"
device %}` gives what including that template with `device` gives, and renders it only for a
row it has not met with these values, in this language and time zone, at this prefix.

A list reads its rows with only the columns its cards show (`only()`, `select_related`), so
a card can show nothing but those values: they, with the language, the time zone and the
address prefix, are all it depends on, and they key it. A card whose device moved, was
renamed or checked again differs in a value and is rendered anew; an unchanged one is not.
The device list is the portal's busiest page (every team's work queues): its thirty cards
were a third of its work, and a team working through a queue reloads it after each device,
finding all but one card as they were."""

from threading import Lock
from typing import Any

from django import template
from django.db.models import Model
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# A device card and its key take about 2 kB: 8 MB a process when all are kept.
KEPT = 4096


def _frozen(value: Any) -> Any:
    """A value as a key holds it: hashable (a JSON column's list or dict as tuples, anything
    else unhashable as its repr)."""
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(key), _frozen(item)) for key, item in value.items()))
    try:
        hash(value)
    except (TypeError, ValueError):  # ValueError: a writable memoryview (a binary column)
        return repr(value)
    return value


def _shown(row: Model | None) -> tuple:
    """Every value the row was read with (its columns and annotations), and those of the
    rows read with it (`select_related`, `prefetch_related`)."""
    if row is None:
        return ()
    values = tuple(
        (name, _frozen(value)) for name, value in row.__dict__.items() if not name.startswith("_")
    )
    related = tuple((name, _shown(other)) for name, other in row._state.fields_cache.items())
    prefetched = tuple(
        (name, tuple(_shown(other) for other in rows))
        for name, rows in row.__dict__.get("_prefetched_objects_cache", {}).items()
    )
    return (type(row).__name__, values, related, prefetched)


# The cards by key, the least recently shown first. Not functools.lru_cache: a miss renders
# from the row, and a cache keyed by the row would keep every row it met.
_kept: dict[tuple, str] = {}
_lock = Lock()


def _card(key: tuple, name: str, row: Model) -> str:
    with _lock:
        html = _kept.pop(key, None)
        if html is not None:
            _kept[key] = html  # now the most recently shown
            return html
    html = render_to_string(key[0], {name: row})
    with _lock:
        _kept[key] = html
        while len(_kept) > KEPT:
            del _kept[next(iter(_kept))]
    return html


@register.simple_tag
def kept_card(template_name: str, row: Model, name: str = "") -> str:
    """The card of `row`, rendered from `template_name` with the row as `name` (by default
    its model's name: `device`)."""
    name = name or row._meta.model_name
    key = (
        template_name,
        name,
        get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        _shown(row),
    )
    return mark_safe(_card(key, name, row))  # noqa: S308 — rendered from our template
