"""Which Redis servers this process found unreachable a moment ago.

A Redis that is stopped refuses at once, but one that hangs (its machine gone, the network
cut, the server stuck) holds every call for its whole timeout, and one request makes many
calls: the cache's (rate limits, cached figures and pages) and the broker's (its tasks).
Once a call to a server fails, this process's cache and broker leave that server alone for
SKIP_FOR seconds, so a request waits for one timeout at most; then they try again."""

import time
from urllib.parse import urlsplit

SKIP_FOR = 5.0  # seconds
_failed_at: dict[str, float] = {}  # "host:port" → when a call to it last failed


def _server(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 6379}"


def recently_failed(url: str) -> bool:
    failed_at = _failed_at.get(_server(url))
    return failed_at is not None and time.monotonic() - failed_at < SKIP_FOR


def failed(url: str) -> None:
    _failed_at[_server(url)] = time.monotonic()
