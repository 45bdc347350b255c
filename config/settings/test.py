"""The test suite: fast hashing, mail kept in memory, tasks eager unless a test says not."""

from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHE_KEY_PREFIX, CACHES, REDIS_URL, env

SECRET_KEY = "test-only-secret-key"  # noqa: S105 - never leaves the test run
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests queue tasks eagerly; the integration test that needs a real worker switches it off.
CELERY_TASK_ALWAYS_EAGER = True
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://testserver")
DEMO_CONTENT_ALLOWED = True

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
