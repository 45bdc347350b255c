"""Values kept in the cache until something they were read from changes.

Each value is stored with the version it was built under, beside a version number that any
change bumps: now, and again once the change commits, so a value built in between from the
rows before the commit is not used after it. One round trip reads a value and the version
together. A cache that is down reads as a miss (config/cache.py): the value is built from
the database, as without the cache; a bump it missed is covered by the value's timeout.
"""

from typing import Any

from django.core.cache import cache
from django.db import transaction


def kept(version_key: str | tuple[str, ...], key: str) -> tuple[Any, Any]:
    """(the current version, the value kept under `key` if it was built under it). A value
    read from several kinds of rows is kept under several version keys (a tuple): its
    version is then theirs together, and a bump of any makes it stale. An entry of another
    shape (kept there by an earlier release of the code) is a miss."""
    keys = (version_key,) if isinstance(version_key, str) else version_key
    found = cache.get_many([*keys, key])
    versions = tuple(found.get(name) or 1 for name in keys)
    version = versions[0] if isinstance(version_key, str) else versions
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == version:
        return version, entry[1]
    return version, None


def keep(key: str, version: Any, value: Any, timeout: int) -> None:
    cache.set(key, (version, value), timeout=timeout)


def bump(version_key: str) -> None:
    """Whatever is kept under this version is stale (see `changed` for a change not yet
    committed)."""
    try:
        cache.incr(version_key)
    except ValueError:  # no version yet (or the cache is down: nothing is read from it)
        cache.set(version_key, 2, timeout=None)


def changed(version_key: str) -> None:
    """Whatever is kept under this version is stale, now and once the change commits."""
    bump(version_key)
    transaction.on_commit(lambda: bump(version_key))
