"""Production: every secret and host from the environment, HTTPS only, hashed static files.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL.
`manage.py check --deploy --fail-level WARNING` passes with these settings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_int

DEBUG = False

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")

# ---------------------------------------------------------------------------------------
# HTTPS and cookies (behind a proxy that terminates TLS and sets X-Forwarded-Proto)
# ---------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# "__Host-" cookies are sent only over HTTPS, only to this exact host, for the whole site:
# a sibling subdomain cannot set or read them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"

# ---------------------------------------------------------------------------------------
# Static files: compressed and content-hashed by whitenoise, cacheable forever
# ---------------------------------------------------------------------------------------
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Keep database connections open between requests (gunicorn workers are long-lived).
for _database in DATABASES.values():  # noqa: F405 - the primary and its replica
    _database["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", 60)

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
ADMINS = [("Ops", address) for address in env("DJANGO_ADMINS").split(",") if address]
DEMO_CONTENT_ALLOWED = False  # never: demo accounts have published passwords

# Optional error reports to Sentry, with students' and requesters' data scrubbed.
if SENTRY_DSN := env("SENTRY_DSN"):
    from config.sentry import sentry_init

    sentry_init(SENTRY_DSN, environment=env("SENTRY_ENVIRONMENT", "production"))
