"""Wagtail's HTTP purge backend, fitted to nginx's cache purge module (deploy/nginx/).

Wagtail's own HTTPBackend logs an error for every answer but 200 and waits as long as the
proxy does. nginx answers 404 to a PURGE of an address it does not hold (most addresses, most
of the time: nothing asked for them lately), which is no error. And a purge runs after the
commit of a publication or of a handover, inside that request: a proxy that is down or
hangs must cost it one short wait, not one per address (the copies it holds then expire by
their `s-maxage`).
"""

import logging
from urllib.error import HTTPError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")

TIMEOUT_SECONDS = 2


class NginxPurgeBackend(HTTPBackend):
    def purge_batch(self, urls) -> None:
        for url in urls:
            if not self._purge(url):
                logger.warning("Cache purge stopped: the proxy does not answer (%s)", url)
                return

    def purge(self, url) -> None:
        self._purge(url)

    def _purge(self, url: str) -> bool:
        """PURGE one address; False when the proxy could not be reached."""
        parts = urlsplit(url)
        request = PurgeRequest(
            url=urlunsplit((self.cache_scheme, self.cache_netloc, parts.path, parts.query, "")),
            headers={"Host": parts.netloc},
        )
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS):  # noqa: S310 - the configured proxy
                pass
        except HTTPError as error:
            if error.code != 404:  # 404: the proxy held no copy
                logger.error("Cache purge of %s answered %s", url, error.code)
        except OSError as error:
            logger.warning("Cache purge of %s failed: %s", url, error)
            return False
        return True
