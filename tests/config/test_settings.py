"""The environment decides which services are used; nothing set means embedded defaults."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json; from django.conf import settings; from config.celery_app import app;"
    "print(json.dumps({'db': settings.DATABASES['default']['ENGINE'],"
    "'cache': settings.CACHES['default']['BACKEND'], 'eager': app.conf.task_always_eager,"
    "'broker': app.conf.broker_url, 'lang': settings.LANGUAGE_CODE, 'tz': settings.TIME_ZONE,"
    "'cache_location': settings.CACHES['default'].get('LOCATION'),"
    "'databases': {alias: db['HOST'] for alias, db in settings.DATABASES.items()},"
    "'replica': settings.READ_REPLICA}))"
)


def run_django(code: str, settings_module: str, *, without=(), **environment: str):
    """`code` run after django.setup() in a fresh process with these settings, the
    variables in `without` removed from this environment and `environment` added."""
    kept = {k: v for k, v in os.environ.items() if k not in without}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**kept, "DJANGO_SETTINGS_MODULE": settings_module, **environment},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def probe(settings_module: str, **environment: str) -> dict:
    result = run_django(
        PROBE,
        settings_module,
        without={
            "DATABASE_URL",
            "DATABASE_REPLICA_URL",
            "REDIS_URL",
            "CACHE_REDIS_URL",
            "CELERY_BROKER_URL",
        },
        **environment,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_nothing_configured_means_sqlite_local_cache_and_eager_tasks():
    found = probe("config.settings.dev")

    assert found["db"] == "django.db.backends.sqlite3"
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["eager"] is True
    assert (found["lang"], found["tz"]) == ("vi", "Asia/Ho_Chi_Minh")


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    found = probe(
        "config.settings.dev",
        DATABASE_URL="postgres://u:p@db.example:5432/maytinhcu",
        REDIS_URL="redis://cache.example:6379/0",
    )

    assert found["db"] == "django.db.backends.postgresql"
    assert found["cache"] == "config.cache.ResilientRedisCache"  # Redis, missing softly
    assert found["broker"] == "redis://cache.example:6379/0"
    assert found["eager"] is False


def test_the_cache_has_a_redis_database_of_its_own_beside_the_brokers():
    default = probe("config.settings.dev", REDIS_URL="redis://cache.example:6379/0")
    chosen = probe(
        "config.settings.dev",
        REDIS_URL="redis://cache.example:6379/2",
        CACHE_REDIS_URL="redis://other.example:6380/0",
    )

    assert default["broker"] == "redis://cache.example:6379/0"
    assert default["cache_location"] == "redis://cache.example:6379/1"
    assert chosen["broker"] == "redis://cache.example:6379/2"
    assert chosen["cache_location"] == "redis://other.example:6380/0"


def test_cache_and_broker_on_two_redis_servers_without_redis_url():
    """Several machines: the cache's Redis and the broker's are named apart."""
    found = probe(
        "config.settings.dev",
        CACHE_REDIS_URL="redis://cache.example:6379/0",
        CELERY_BROKER_URL="redis://broker.example:6379/0",
    )

    assert found["cache"] == "config.cache.ResilientRedisCache"
    assert found["cache_location"] == "redis://cache.example:6379/0"
    assert found["broker"] == "redis://broker.example:6379/0"
    assert found["eager"] is False


def test_a_read_replica_is_used_only_when_named():
    alone = probe("config.settings.dev", DATABASE_URL="postgres://u:p@db1.example:5432/mtc")
    replicated = probe(
        "config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u:p@db1.example:5432/mtc",
        DATABASE_REPLICA_URL="postgres://u:p@db2.example:5432/mtc",
    )

    assert (alone["databases"], alone["replica"]) == ({"default": "db1.example"}, None)
    assert replicated["databases"] == {"default": "db1.example", "replica": "db2.example"}
    assert replicated["replica"] == "replica"


def test_a_cache_in_the_brokers_database_stops_the_start():
    result = run_django(
        "",
        "config.settings.dev",
        REDIS_URL="redis://cache.example:6379/0",
        CACHE_REDIS_URL="redis://cache.example/",
    )

    assert result.returncode != 0
    assert "CACHE_REDIS_URL names the Celery broker's Redis database" in result.stderr


def test_emptying_the_cache_leaves_the_brokers_database_alone(settings):
    """Django empties a Redis cache with FLUSHDB: in the broker's database that would drop
    every queued task. Run with the deployment's settings on this run's Redis (the cache
    in the tests' own cache database)."""
    broker_url = os.environ.get("REDIS_URL")
    if not broker_url:
        pytest.skip("needs Redis: set REDIS_URL")
    broker = redis.Redis.from_url(broker_url)
    broker.set("maytinhcu-test:queued-task", "1", ex=60)
    result = run_django(
        "from django.core.cache import cache; cache.clear()",
        "config.settings.dev",
        CACHE_REDIS_URL=settings.CACHES["default"]["LOCATION"],
    )

    survived = broker.delete("maytinhcu-test:queued-task")
    assert result.returncode == 0, result.stderr
    assert survived == 1


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("", "config.settings.production", without={"DJANGO_SECRET_KEY"})

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start():
    result = run_django("", "config.settings.dev", DJANGO_TRUSTED_PROXIES="127.0.0.1,nginx")

    assert result.returncode != 0
    assert "DJANGO_TRUSTED_PROXIES: 'nginx' does not appear to be" in result.stderr


@pytest.mark.parametrize("language", ["vi", "en"])
def test_numbers_are_grouped_and_dates_day_first(language):
    """Both languages read the Vietnamese way (issue 18): "." between thousands, "," before
    decimals, dd/mm/yyyy with its zeros, and the time after the date."""
    import datetime
    from zoneinfo import ZoneInfo

    from django.template import Context, Template
    from django.utils import translation

    template = Template(
        '{{ n }} · {{ f }} · {{ d|date }} · {{ d|date:"SHORT_DATE_FORMAT" }} · '
        '{{ t|date:"DATETIME_FORMAT" }} · {{ t|date:"SHORT_DATETIME_FORMAT" }} · '
        '{{ d|date:"MONTH_DAY_FORMAT" }}'
    )
    context = {
        "n": 1234567,
        "f": 1234.5,
        "d": datetime.date(2026, 8, 5),
        "t": datetime.datetime(2026, 8, 5, 9, 7, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    }
    with translation.override(language):
        rendered = template.render(Context(context))

    assert rendered == (
        "1.234.567 · 1.234,5 · 05/08/2026 · 05/08/2026 · 05/08/2026 09:07 · 05/08/2026 09:07 · "
        "05/08"
    )
