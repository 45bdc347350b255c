"""Which address a request comes from: the one answer every limit counts by (the public
forms' limiter and allauth's sign-in limits, through the account adapter).

Behind nginx every request reaches gunicorn from nginx's own address, so the visitor's
address is read from the X-Forwarded-For header, but only the part of it written by a proxy
in TRUSTED_PROXIES. Anyone can send that header: it is believed only when the connection
itself comes from a trusted proxy, and then read from the right (each proxy appends the
address it saw), stopping at the first address that is not a trusted proxy. Whatever a
visitor wrote further left is never reached, so it can neither hide them nor frame another
address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parsed(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The visitor's IP address, or None when the connection has none (a Unix socket)."""
    peer = _parsed(request.META.get("REMOTE_ADDR", ""))
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))

    def is_proxy(address) -> bool:
        return any(address in network for network in trusted)

    if peer is None or not is_proxy(peer):
        return str(peer) if peer else None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        address = _parsed(hop)
        if address is None:
            break  # a proxy we trust wrote nonsense: keep the last address it vouched for
        peer = address
        if not is_proxy(address):
            break
    return str(peer)
