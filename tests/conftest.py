import os

import pytest
from celery import signals
from celery.contrib.testing.worker import start_worker
from celery.fixups.django import DjangoFixup, DjangoWorkerFixup

from django.core.cache import cache

from config.celery_app import app
from tests.factories import SuperuserFactory, UserFactory


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a throwaway folder; rate limits and cached pages start empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(db):
    """Runs the program district-wide; for now, the site's administrator."""
    return SuperuserFactory(last_name="Trần Thu", first_name="Hà")


@pytest.fixture
def editor(db):
    """Publishes pages in the Wagtail admin and nothing else."""
    return UserFactory(last_name="Lê Minh", first_name="Châu", groups=["Editors"])


@pytest.fixture
def volunteer(db):
    """A youth IT team member: the portal, no admin."""
    return UserFactory(last_name="Nguyễn Văn", first_name="An")


def require_or_skip(variable: str, reason: str):
    """Skip with the reason on a laptop; fail in CI, where REQUIRE_* is set and a skipped
    check would hide a broken part."""
    if os.environ.get(variable):
        pytest.fail(f"{reason} ({variable} is set, so this must run)")
    pytest.skip(reason)


@pytest.fixture
def celery_worker(settings):
    """A real Celery worker, in a thread of this process, consuming the Redis broker that
    REDIS_URL names; tasks queued during the test travel through Redis to it."""
    if not settings.REDIS_URL:
        require_or_skip("REQUIRE_WORKER", "needs REDIS_URL: a real worker needs a real broker")
    django_fixup = next(fixup for fixup in app._fixups if isinstance(fixup, DjangoFixup))
    saved = app.conf.task_always_eager, django_fixup.worker_fixup
    app.conf.task_always_eager = False
    django_fixup.worker_fixup = _ThreadWorkerFixup(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield app
    finally:
        django_fixup.worker_fixup.uninstall()
        app.conf.task_always_eager, django_fixup.worker_fixup = saved


class _ThreadWorkerFixup(DjangoWorkerFixup):
    """Celery's Django fixup for a worker in a thread of the test process.

    At start-up the stock fixup closes the database connections it finds, because a forked
    worker inherits its parent's; here they are the test's own connection, in the middle of
    its transaction. Per-task connection handling (in the worker's thread) is kept.
    """

    def install(self):
        signals.task_prerun.connect(self.on_task_prerun)
        signals.task_postrun.connect(self.on_task_postrun)
        return self

    def uninstall(self):
        signals.task_prerun.disconnect(self.on_task_prerun)
        signals.task_postrun.disconnect(self.on_task_postrun)


def pytest_report_header(config):
    """Say at the top of every run which real services the suite is using."""
    from django.conf import settings

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = app.conf.broker_url if settings.REDIS_URL else "none (tasks run eagerly)"
    return [
        f"database: {database}; cache: {settings.CACHES['default']['BACKEND']}; broker: {broker}"
    ]
