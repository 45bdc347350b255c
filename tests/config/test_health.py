import pytest

from django.test import override_settings

from config.celery_app import app as celery_app

pytestmark = pytest.mark.django_db


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

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")
    assert response.json()["checks"]["database"] == "ok"


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
