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

import json
import logging
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
logger = logging.getLogger(__name__)

# A device card and its key take about 2 kB: 8 MB a process when all are kept.
KEPT = 4096


class _Unkeyable(Exception):
    """A value no key can stand for: its card is rendered, not kept."""


def _frozen(value: Any) -> Any:
    """A value as a key holds it. A JSON or array column's list or dict as its JSON text
    (which tells 1 from true, and a dict from a list of pairs); anything else as it is, if
    it can be hashed."""
    if isinstance(value, list | dict):
        try:
            return json.dumps(value, sort_keys=True)
        except TypeError:
            raise _Unkeyable from None
    try:
        hash(value)
    except (TypeError, ValueError):  # ValueError: a writable memoryview (a binary column)
        raise _Unkeyable from None
    return value


def _shown(row: Model | None, seen: frozenset[int] = frozenset()) -> tuple:
    """Every value the row was read with (its columns and annotations), and those of the
    rows read with it (`select_related`, `prefetch_related`); a row met again on the way (a
    prefetched child's link back to its parent) is named, not read again."""
    if row is None:
        return ()
    if id(row) in seen:
        return (type(row).__name__, row.pk)
    seen = seen | {id(row)}
    values = tuple(
        (name, _frozen(value)) for name, value in row.__dict__.items() if not name.startswith("_")
    )
    related = tuple((name, _shown(other, seen)) for name, other in row._state.fields_cache.items())
    prefetched = tuple(
        (name, tuple(_shown(other, seen) for other in rows))
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
    if _shown(row) != key[-1]:
        # The card read a column the list did not (Django loaded it as the card asked): it
        # depends on more than its key says, so it is not kept.
        logger.warning("%s shows more than its list reads; not kept", key[0])
        return html
    with _lock:
        _kept[key] = html
        while len(_kept) > KEPT:
            del _kept[next(iter(_kept))]
    return html


def forget() -> None:
    """Every kept card (a template changed under `make run`)."""
    with _lock:
        _kept.clear()


@register.simple_tag
def kept_card(template_name: str, row: Model, name: str = "") -> str:
    """The card of `row`, rendered from `template_name` with the row as `name` (by default
    its model's name: `device`)."""
    name = name or row._meta.model_name
    try:
        shown = _shown(row)
    except _Unkeyable:
        return render_to_string(template_name, {name: row})
    key = (
        template_name,
        name,
        get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        shown,
    )
    return mark_safe(_card(key, name, row))  # noqa: S308 — rendered from our template
