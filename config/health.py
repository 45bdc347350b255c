"""`/health/`: is this instance able to serve? Checks the database, the cache and the Celery
broker, and answers 200 with each one's state, or 503 when any is down, for load balancers
and uptime monitors. Nothing here reveals data, only states."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.celery_app import app as celery_app

OK = "ok"


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
        conn.ensure_connection(max_retries=1, timeout=2)
    return OK


CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@never_cache
def health(request):
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "down", reported by type
            results[name] = f"error: {type(exc).__name__}"
    healthy = all(not state.startswith("error") for state in results.values())
    return JsonResponse(
        {"status": OK if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
