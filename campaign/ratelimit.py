"""A per-address limit on the public forms, against floods of spam or of guessed codes.

The address is the visitor's, behind the proxy too (config/client_address.py).

Counted in the cache (Redis in production), one counter per address and window. If the
cache is down the limit is not applied (config/cache.py answers `add` with True): a real
person's offer matters more than a robot's.
"""

from django.conf import settings
from django.core.cache import cache

from config.client_address import client_address


def over_limit(request, scope: str) -> bool:
    """Count this attempt; True when the address has used up its attempts for the window."""
    limit, window = settings.PUBLIC_FORM_RATE_LIMIT
    key = f"ratelimit:{scope}:{client_address(request) or 'unknown'}"
    try:
        if cache.add(key, 1, window):
            return False
        return cache.incr(key) > limit
    except ValueError:  # the key expired between add and incr
        return False
