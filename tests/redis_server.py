"""A Redis server of the test's own, on its own port and folder, that the test can stop and
start again (the fault suite's outage). It keeps its data as production should: an
append-only file, so what was queued before a stop is still queued after the restart."""

import os
import runpy
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis

from django.core.cache import caches

from config import outage
from config.celery_app import app
from tests.conftest import require_or_skip

REDIS_SERVER = shutil.which("redis-server")
SETTINGS_BASE = Path(__file__).resolve().parents[1] / "config" / "settings" / "base.py"


def free_port() -> int:
    """FAULT_REDIS_PORT when set (a shared machine's own range), else one the system gives."""
    if port := os.environ.get("FAULT_REDIS_PORT"):
        return int(port)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    def __init__(self, folder: Path, port: int | None = None):
        if REDIS_SERVER is None:
            require_or_skip("REQUIRE_WORKER", "needs redis-server (apt-get install redis-server)")
        self.folder, self.port = folder, port or free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1",
             "--dir", str(self.folder), "--appendonly", "yes", "--save", "",
             "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                if client.ping():
                    return self
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        """As an operator's `systemctl stop` does: SIGTERM, the append-only file flushed."""
        if self.process and self.process.poll() is None:
            self.resume()
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def hang(self) -> None:
        """Stuck, not stopped (SIGSTOP): connections are accepted, nothing is answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def connections_received(self) -> int:
        """Connections Redis has accepted since it started (its own count)."""
        return redis.Redis(port=self.port).info("stats")["total_connections_received"]

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def settings_from_redis_url(url: str) -> dict:
    """The settings the project derives from `REDIS_URL=url` (config/settings/base.py read
    again with that environment), so a test uses Redis exactly as production would."""
    saved = os.environ.get("REDIS_URL")
    os.environ["REDIS_URL"] = url
    try:
        return runpy.run_path(str(SETTINGS_BASE))
    finally:
        if saved is None:
            del os.environ["REDIS_URL"]
        else:
            os.environ["REDIS_URL"] = saved


class UsingRedis:
    """Point this process's cache and Celery (broker, results, every CELERY_* setting) at
    `url` as the production settings would, and put everything back afterwards."""

    def __init__(self, settings, url: str):
        self.settings, self.derived = settings, settings_from_redis_url(url)
        self.celery = {
            name.removeprefix("CELERY_").lower(): value
            for name, value in self.derived.items()
            if name.startswith("CELERY_")
        }
        self.celery["task_always_eager"] = False  # a real broker, as in production

    def __enter__(self) -> "UsingRedis":
        self.saved_caches = self.settings.CACHES
        self.saved_celery = {name: app.conf.get(name) for name in self.celery}
        self.settings.CACHES = self.derived["CACHES"]
        app.conf.update(self.celery)
        forget_connections()
        return self

    def __exit__(self, *exc) -> None:
        self.settings.CACHES = self.saved_caches
        app.conf.update(self.saved_celery)
        forget_connections()


def forget_connections() -> None:
    """Celery keeps its broker connections in pools and its result backend per thread: drop
    them so the next task uses the address configured now. Forget too which servers this
    process saw fail (config/outage.py): another test's Redis may have had the same port."""
    outage._failed_at.clear()
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    caches["default"].close()
