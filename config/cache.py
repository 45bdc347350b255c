"""Redis as the cache, without making Redis a single point of failure.

Everything the cache holds can be rebuilt (cached pages, the public figures, Wagtail's site
paths, rate-limit counts), so when Redis is unreachable a read is a miss and a write is
skipped, with a warning in the log, and the site keeps answering from the database.

An unreachable cache behaves as an empty one that forgets at once: `add` stores (True),
`get` misses. That is what keeps people able to sign in: allauth's rate limiter and its
one-use check of authenticator codes both take a key with `add`, and a False there reads as
"locked" (every sign-in would answer 429). So rate limits and the re-use check of a
two-factor code are not applied until Redis is back.

A Redis that hangs rather than refuses is left alone for a moment after a call to it fails
(config/outage.py), so a request waits for one timeout, not one per call."""

import functools
import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from config import outage

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)


def _missing_key():
    raise ValueError("cache unreachable")  # what incr says of a key that is not there


def _soft(fallback=lambda: None):
    """Wrap a cache method: when Redis cannot be reached, `fallback()` answers instead."""

    def wrap(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            return self.unless_unreachable(
                method.__name__, lambda: method(self, *args, **kwargs), fallback
            )

        return wrapped

    return wrap


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis-py client for every cache call, and building one
    (its table of reply parsers) took 48 µs of the 120 µs a `get` takes: a portal page makes
    half a dozen. One per connection pool serves them all, from any thread: a client holds
    no connection of its own, its pool lends one per command (and opens new ones after a
    fork)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def unless_unreachable(self, name: str, call, fallback):
        server = self._servers[0]
        if outage.recently_failed(server):
            return fallback()
        try:
            return call()
        except UNREACHABLE as error:
            outage.failed(server)
            logger.warning("Cache unreachable (%s): %s skipped", error, name)
            return fallback()

    def get(self, key, default=None, version=None):
        return self.unless_unreachable(
            "get",
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: default,
        )

    get_many = _soft(dict)(RedisCache.get_many)
    has_key = _soft(lambda: False)(RedisCache.has_key)
    set = _soft()(RedisCache.set)
    set_many = _soft(list)(RedisCache.set_many)
    add = _soft(lambda: True)(RedisCache.add)  # stored, and forgotten at once (see above)
    touch = _soft(lambda: False)(RedisCache.touch)
    delete = _soft(lambda: False)(RedisCache.delete)
    delete_many = _soft()(RedisCache.delete_many)
    clear = _soft(lambda: False)(RedisCache.clear)
    # Like a key that is not there: callers already handle ValueError from incr.
    incr = _soft(_missing_key)(RedisCache.incr)
    decr = _soft(_missing_key)(RedisCache.decr)

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            self.add(key, value, timeout=timeout, version=version)
        return value
