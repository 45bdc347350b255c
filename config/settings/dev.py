"""A developer's laptop: debug pages on, everything else as base (embedded defaults)."""

from .base import *  # noqa: F403
from .base import BASE_DIR, WEBPUSH_VAPID_PRIVATE_KEY, env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# Outgoing e-mail (invitations, confirmations) lands in var/mail/ as well as being readable
# there after the console has scrolled away.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
DEMO_CONTENT_ALLOWED = env_bool("DJANGO_DEMO_CONTENT", True)
# Static files come straight from the source folders; `collectstatic` is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Web Push works out of the box: without a key in the environment, a pair is generated
# once into var/ and kept (portal/channels/vapid.py); push services on this machine are
# allowed for trying things out.
if not WEBPUSH_VAPID_PRIVATE_KEY:
    WEBPUSH_VAPID_KEY_FILE = BASE_DIR / "var" / "webpush-vapid.pem"
WEBPUSH_ALLOW_LOOPBACK = DEBUG
