"""Reads that may be a moment old go to the read replica; everything else to the primary.

With `DATABASE_REPLICA_URL` set, settings name the replica's alias in `READ_REPLICA` and
this router sends to it only the reads made inside a replica scope:

- a public request (`PublicReadsFromReplicaMiddleware`): GET or HEAD, by a visitor who is
  not signed in, outside the portal, the accounts pages, the admin and /health/;
- the figures of a progress report (`portal/services/reports.py`).

Everything else reads the primary, and so does a scope's read once any of these is true:

- it is made inside a transaction the scope opened (a service's `transaction.atomic`), as
  a read that decides a write must see what the write will change;
- the scope has written (unless it said `sticky=False`): a request reads its own writes;
- the code said so: the desk pages (`primary_from_now()`), where a donor reads the offer
  just sent; the public figures (`primary_reads()`), built once per change and then kept
  in the cache, so a copy built from a replica a moment behind would stay wrong until the
  next change;
- the model is one whose staleness signs people out or loses a session (`ALWAYS_PRIMARY`).

A replica that cannot be reached leaves every read on the primary. Writes always go to the
primary. The replica is never migrated: it is a copy of the primary, kept by PostgreSQL's
streaming replication.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from config import outage

logger = logging.getLogger(__name__)

# Apps and models never read from the replica. Sessions and sign-in state: read a moment
# late, they sign a visitor out or lose a grant. Wagtail's sites: their paths are cached
# until a site changes, so a copy read a moment late would outlive the change.
ALWAYS_PRIMARY = {"sessions", "account", "mfa", "usersessions", "wagtailcore.site"}
# Paths whose requests read their own writes or decide access: never from the replica.
PRIMARY_PATHS = ("/portal/", "/accounts/", "/admin/", "/health/")
SAFE_METHODS = {"GET", "HEAD"}


@dataclass
class _Scope:
    sticky: bool
    # Atomic blocks already open when the scope's reads began (the caller's, the request's):
    # a deeper one is a transaction the scope opened.
    base_depth: int
    on_primary: bool = False
    # 1 while a view runs inside the request's own transaction (ATOMIC_REQUESTS), which
    # does not count as one the scope opened.
    view_depth: int = 0
    outer: "_Scope | None" = None


_scope: ContextVar[_Scope | None] = ContextVar("database_scope", default=None)


def _depth() -> int:
    return len(connections[DEFAULT_DB_ALIAS].atomic_blocks)


def _replica_reachable(alias: str) -> bool:
    """Can this process reach the replica? A replica that is down leaves the reads on the
    primary (slower, still right); after a failure it is left alone for a moment
    (config/outage.py), so a request waits for one connection timeout at most."""
    database = connections[alias].settings_dict
    address = f"postgres://{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    if outage.recently_failed(address):
        return False
    try:
        connections[alias].ensure_connection()
    except DatabaseError as error:
        outage.failed(address)
        logger.warning("Read replica unreachable (%s): reading the primary", error)
        return False
    return True


@contextmanager
def replica_reads(*, sticky: bool = True) -> Iterator[None]:
    """Reads in the block may go to the replica. `sticky`: after a write, they do not."""
    scope = _Scope(sticky=sticky, base_depth=_depth(), outer=_scope.get())
    replica = settings.READ_REPLICA
    scope.on_primary = bool(replica) and not _replica_reachable(replica)
    token = _scope.set(scope)
    try:
        yield
    finally:
        _scope.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Reads in the block go to the primary, whatever scope it is in."""
    scope = _Scope(sticky=True, base_depth=_depth(), on_primary=True, outer=_scope.get())
    token = _scope.set(scope)
    try:
        yield
    finally:
        _scope.reset(token)


def primary_from_now() -> None:
    """The rest of this scope reads the primary."""
    if (scope := _scope.get()) is not None:
        scope.on_primary = True


def reading_from() -> str:
    """The alias the next read of a portal or public model would use (for logs and tests)."""
    return ReplicaRouter().db_for_read(None)


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        replica, scope = settings.READ_REPLICA, _scope.get()
        if (
            not replica
            or scope is None
            or scope.on_primary
            or _depth() > scope.base_depth + scope.view_depth
            or (
                model is not None
                and {model._meta.app_label, model._meta.label_lower} & ALWAYS_PRIMARY
            )
        ):
            return DEFAULT_DB_ALIAS
        return replica

    def db_for_write(self, model, **hints) -> str:
        scope = _scope.get()
        while scope is not None:  # this scope and those around it read their own writes
            if scope.sticky:
                scope.on_primary = True
            scope = scope.outer
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the same rows, wherever they were read

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        return False if db == settings.READ_REPLICA else None


class PublicReadsFromReplicaMiddleware:
    """A public read (see the module's docstring) runs in a replica scope, rendering
    included. After AuthenticationMiddleware: whether the visitor is signed in is read from
    the primary, before the scope begins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.READ_REPLICA or not self._public_read(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)

    @staticmethod
    def _public_read(request) -> bool:
        path = request.path_info
        if request.method not in SAFE_METHODS or request.user.is_authenticated:
            return False
        # English addresses carry /en/ first (i18n_patterns).
        return not path.removeprefix("/en").startswith(PRIMARY_PATHS)

    def process_view(self, request, view_func, view_args, view_kwargs):
        scope = _scope.get()
        atomic = settings.DATABASES[DEFAULT_DB_ALIAS].get("ATOMIC_REQUESTS") and (
            DEFAULT_DB_ALIAS not in getattr(view_func, "_non_atomic_requests", set())
        )
        if scope is not None and atomic:
            scope.view_depth = 1

    def process_template_response(self, request, response):
        # The view has returned and its transaction is closed: the template renders outside.
        if (scope := _scope.get()) is not None:
            scope.view_depth = 0
        return response
