"""The test suite: fast hashing, mail kept in memory, tasks eager unless a test says not."""

import base64
from urllib.parse import urlsplit, urlunsplit

from cryptography.hazmat.primitives.asymmetric import ec

from .base import *  # noqa: F403
from .base import CACHE_KEY_PREFIX, CACHES, DATABASES, REDIS_URL, env

SECRET_KEY = "test-only-secret-key"  # noqa: S105 - never leaves the test run
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests queue tasks eagerly; the integration test that needs a real worker switches it off.
CELERY_TASK_ALWAYS_EAGER = True
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://testserver")
DEMO_CONTENT_ALLOWED = True
# No SMS unless a test points the gateway at its local fake provider.
SMS_GATEWAY = ""

CACHES["default"]["KEY_PREFIX"] = f"test-{CACHE_KEY_PREFIX}"
if REDIS_URL:
    # Tests empty the cache between them, and clearing a Redis cache flushes its whole
    # database: give the tests a database of their own, away from the broker's queues.
    CACHES["default"]["LOCATION"] = env(
        "TEST_CACHE_REDIS_URL", urlunsplit(urlsplit(REDIS_URL)._replace(path="/15"))
    )
# Static files come straight from the source folders, for the browser tests' live server too.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
SITE_URL = env("SITE_URL", "http://testserver")

# SQLite (`make test` with nothing configured): the test database is a file, not memory. In
# memory, Django lets the browser tests' live server share the test's one connection, and a
# page that asks for two things at once (the phone's app does) ran two transactions on it:
# "cannot start a transaction within a transaction", a server error the user never meets.
if "sqlite" in DATABASES["default"]["ENGINE"]:
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405

# A second database on the same server stands for the read replica in the tests of the
# routing (tests/config/test_database_routing.py): a real database with content of its own,
# so a test tells which one a read went to. Created only for the tests that ask for it, and
# used only once a test names it in READ_REPLICA (every other test reads one database).
_default = DATABASES["default"]
DATABASES["replica"] = {
    **_default,
    "ATOMIC_REQUESTS": False,
    "TEST": {
        # SQLite: a second in-memory database; PostgreSQL: test_<name>_replica beside
        # test_<name>. The routing tests fill it with a copy of the migrated primary: data
        # migrations query through the router, so they cannot be run on it.
        "NAME": None if "sqlite" in _default["ENGINE"] else f"test_{_default['NAME']}_replica",
        "MIGRATE": False,
    },
}
READ_REPLICA = None
# A test server busy with the rest of the suite can take longer than the app's patience, and
# the journeys would then read kept copies: they wait for the network. The weak-connection
# test sets the production value (tests/browser/test_weak_connection.py).
PORTAL_PAGE_PATIENCE_MS = 0

# Web Push: a VAPID key pair of the test run's own, and the tests' push services, which
# listen on 127.0.0.1 over plain HTTP.
WEBPUSH_VAPID_PRIVATE_KEY = (
    base64.urlsafe_b64encode(
        ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value.to_bytes(32, "big")
    )
    .rstrip(b"=")
    .decode()
)
WEBPUSH_VAPID_PUBLIC_KEY = ""
WEBPUSH_VAPID_SUBJECT = "mailto:khong-tra-loi@example.vn"
WEBPUSH_ALLOW_LOOPBACK = True
