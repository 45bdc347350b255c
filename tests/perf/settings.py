"""The benchmark's settings: the production code path (DEBUG off, PostgreSQL, Redis cache,
whitenoise) on plain HTTP, with a trivial view to measure against."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tests.perf.urls"
DEMO_CONTENT_ALLOWED = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
WHITENOISE_USE_FINDERS = True
# Seeding in bulk bypasses the counters on purpose; the recount after it fills them in.
LOGGING["loggers"]["portal.services.recount"] = {"level": "ERROR"}  # noqa: F405
# The static files as production ships them (collected, content-hashed, gzipped beside),
# for the part of the bench that weighs a page over Slow 3G (tests/perf/slow3g.py).
if BENCH_STATIC_ROOT := env("BENCH_STATIC_ROOT"):  # noqa: F405
    STATIC_ROOT = BENCH_STATIC_ROOT
    WHITENOISE_USE_FINDERS = False
    STORAGES = {
        **STORAGES,  # noqa: F405
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
