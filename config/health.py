"""`/health/`: is this instance able to serve? Checks the database, the cache and the Celery
broker, and answers 200 with each one's state, or 503 when any is down, for load balancers
and uptime monitors. Nothing here reveals data, only states.

Cheap enough to be asked as often as a balancer likes, and still true:
- it runs outside the request's transaction, so a database that is down is reported (503
  naming it) instead of failing before the view runs (a 500);
- each process keeps its last answer for a second: a burst of probes costs one query, one
  cache round trip and one broker connection a second, and an outage shows within it;
- the broker gets one connection attempt of at most a second."""

import threading
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.celery_app import app as celery_app

OK = "ok"
KEEP_FOR = 1.0  # seconds an answer is reused by this process


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _check_cache() -> str:
    cache.set("health-check", "1", timeout=10)
    if cache.get("health-check") != "1":
        raise RuntimeError("cache did not return what was stored")
    return OK


def _check_broker() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"  # no broker configured: tasks run inside the web process
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=0, timeout=1)
    return OK


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


def _answer() -> tuple[dict, int]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down", reported by type
            results[name] = f"error: {type(exc).__name__}"
    healthy = all(not state.startswith("error") for state in results.values())
    return {"status": OK if healthy else "error", "checks": results}, 200 if healthy else 503


class _Recent:
    """The last answer and when it was made; one check at a time per process (the probes
    that arrive meanwhile wait for it and share it)."""

    def __init__(self):
        self.lock, self.answer, self.made_at = threading.Lock(), None, 0.0

    def get(self) -> tuple[dict, int]:
        with self.lock:
            if self.answer is None or time.monotonic() - self.made_at >= KEEP_FOR:
                self.answer, self.made_at = _answer(), time.monotonic()
            return self.answer

    def clear(self) -> None:
        with self.lock:
            self.answer = None


recent = _Recent()


@never_cache
@transaction.non_atomic_requests
def health(request):
    body, status = recent.get()
    return JsonResponse(body, status=status)
