"""A developer's laptop: debug pages on, everything else as base (embedded defaults)."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
# Outgoing e-mail (invitations, confirmations) lands in var/mail/ as well as being readable
# there after the console has scrolled away.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
DEMO_CONTENT_ALLOWED = env_bool("DJANGO_DEMO_CONTENT", True)
# Static files come straight from the source folders; `collectstatic` is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
