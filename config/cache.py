"""Redis as the cache, without making Redis a single point of failure.

Everything the cache holds can be rebuilt (cached pages, the public figures, Wagtail's site
paths, rate-limit counts), so when Redis is unreachable a read is a miss and a write is
skipped, with a warning in the log, and the site keeps answering from the database.

An unreachable cache behaves as an empty one that forgets at once: `add` stores (True),
`get` misses. That is what keeps people able to sign in: allauth's rate limiter and its
one-use check of authenticator codes both take a key with `add`, and a False there reads as
"locked" (every sign-in would answer 429). So rate limits and the re-use check of a
two-factor code are not applied until Redis is back."""

import functools
import logging

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)


def _soft(default=None, *, missing_key=False):
    def wrap(method):
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("Cache unreachable (%s): %s skipped", error, method.__name__)
                if missing_key:
                    raise ValueError("cache unreachable") from error
                return default() if callable(default) else default

        return wrapped

    return wrap


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            logger.warning("Cache unreachable (%s): get skipped", error)
            return default  # a miss gives the caller's default, as Redis would

    get_many = _soft(dict)(RedisCache.get_many)
    has_key = _soft(False)(RedisCache.has_key)
    set = _soft()(RedisCache.set)
    set_many = _soft(list)(RedisCache.set_many)
    add = _soft(True)(RedisCache.add)  # stored, and forgotten at once (see above)
    touch = _soft(False)(RedisCache.touch)
    delete = _soft(False)(RedisCache.delete)
    delete_many = _soft()(RedisCache.delete_many)
    clear = _soft(False)(RedisCache.clear)
    # Like a key that is not there: callers already handle ValueError from incr.
    incr = _soft(missing_key=True)(RedisCache.incr)
    decr = _soft(missing_key=True)(RedisCache.decr)

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            self.add(key, value, timeout=timeout, version=version)
        return value
