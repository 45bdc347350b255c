import math
import threading
import time
from contextlib import contextmanager

import pytest

from django.db import connection, connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from config import health
from config.celery_app import app as celery_app
from tests.redis_server import RedisServer, UsingRedis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_answer():
    """Each test asks afresh (an instance keeps its last answer for a second)."""
    health.recent.clear()
    yield
    health.recent.clear()


@pytest.fixture
def celery_conf():
    """Change the Celery app's configuration for one test and put it back afterwards."""
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "broker_url")}
    yield celery_app.conf
    celery_app.conf.update(saved)


def test_reports_every_service_up(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"] in {"ok", "eager"}
    assert "no-cache" in response["Cache-Control"]


def test_unreachable_broker_makes_the_instance_unhealthy(client, celery_conf):
    celery_conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")

    started = time.monotonic()
    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")
    assert response.json()["checks"]["database"] == "ok"
    assert time.monotonic() - started < 1.5  # a monitor's probe is not kept waiting


def test_unreachable_cache_makes_the_instance_unhealthy(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("error")


@contextmanager
def database_unreachable():
    """New connections of this process go where no database answers (open ones stay)."""
    database = connections.settings["default"]
    saved = dict(database)
    if connection.vendor == "postgresql":
        database.update(HOST="127.0.0.1", PORT="1")
    else:
        database.update(NAME="/nonexistent/folder/database.sqlite3")
    try:
        yield
    finally:
        database.clear()
        database.update(saved)


def in_a_new_thread(function):
    """Run as a fresh request does: in a thread of its own, with a connection of its own."""
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(function()))
    thread.start()
    thread.join(timeout=30)
    return outcome[0]


def test_an_unreachable_database_is_a_503_naming_it_not_a_500():
    with database_unreachable():
        response = in_a_new_thread(lambda: Client(raise_request_exception=False).get("/health/"))

    assert response.status_code == 503
    assert response.json()["checks"]["database"].startswith("error")


def test_a_burst_of_probes_costs_one_check_a_second():
    with CaptureQueriesContext(connection) as queries:
        answers = [Client().get("/health/").status_code for _ in range(20)]

    assert answers == [200] * 20
    assert len(queries) == 1  # one "SELECT 1" for the twenty


def test_the_broker_is_checked_at_most_once_a_second_and_its_outage_shows_within_it(
    settings, tmp_path
):
    with RedisServer(tmp_path / "redis") as redis, UsingRedis(settings, redis.url()):
        Client().get("/health/")
        connections_before, started = redis.connections_received(), time.monotonic()
        burst = [Client().get("/health/").status_code for _ in range(20)]
        seconds = time.monotonic() - started
        opened = redis.connections_received() - connections_before
        redis.stop()
        time.sleep(1.1)
        after_stop = Client(raise_request_exception=False).get("/health/")

    assert burst == [200] * 20
    assert opened <= math.ceil(seconds), f"{opened} broker connections in {seconds:.1f} s"
    assert after_stop.status_code == 503
    assert after_stop.json()["checks"]["broker"].startswith("error")
