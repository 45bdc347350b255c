"""Settings shared by every environment.

Everything that differs between a laptop, CI and production is read from the environment
here, with embedded defaults that need no service at all: SQLite, a local-memory cache,
Celery tasks run eagerly and e-mail printed to the console. `DATABASE_URL` switches to
PostgreSQL and `REDIS_URL` to Redis (cache and Celery broker), so the same code runs
everywhere and only the environment changes.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-secret-key-never-use-in-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_ID = 1

# ---------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------
PROJECT_APPS = [
    "home",
    "campaign",
    "portal",
]
WAGTAIL_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
]
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
# Project apps first so their templates override Wagtail's and allauth's.
INSTALLED_APPS = PROJECT_APPS + WAGTAIL_APPS + THIRD_PARTY_APPS + DJANGO_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every answer, cached pages included (see below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL byte anywhere in the address or a form is a 400 (PostgreSQL refuses it in text).
    "config.nul_bytes.RefuseNulBytesMiddleware",
    # Anonymous visitors get whole public pages from the cache (after the language is known).
    "campaign.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session left idle (a shared phone at the commune hall) is signed out.
    "portal.middleware.IdleSessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------
# Database: SQLite unless DATABASE_URL names another (PostgreSQL in CI and production)
# ---------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# A portal entry is one transaction: a request that fails leaves nothing half-saved.
DATABASES["default"]["ATOMIC_REQUESTS"] = True

# Crash reports from the portal carry no form values or variables (they hold student data).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.errors.PrivacyExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "config.errors.PrivacyExceptionReporter"

# ---------------------------------------------------------------------------------------
# Cache: Redis when REDIS_URL is set, local memory otherwise
# ---------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("DJANGO_CACHE_KEY_PREFIX", "mtc")
if REDIS_URL:
    CACHES = {
        "default": {
            # A miss, not an error, when Redis is down (config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# ---------------------------------------------------------------------------------------
# Authentication: our own user model, e-mail login through allauth, accounts by invitation
# ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "portal.adapters.InvitationOnlyAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.forms.people.SignupNamesForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Máy tính cũ – Tri thức mới] "
ACCOUNT_PREVENT_ENUMERATION = True
# Rate limits live in the cache above: Redis in production, so they hold across processes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Máy tính cũ – Tri thức mới"

# ---------------------------------------------------------------------------------------
# Internationalisation: Vietnamese first, English second
# ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", "Tiếng Việt"),
    ("en", "English"),
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese group thousands with "." and decimals with "," (1.234.567,5).
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["config.formats"]
# The project's own strings first, then the Vietnamese catalogue for allauth's screens
# (allauth ships none).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "allauth"]
LANGUAGE_COOKIE_NAME = "language"

# ---------------------------------------------------------------------------------------
# Static and media files
# ---------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploads that may show people or private details (device photos; later handover
# acknowledgements) live outside MEDIA_ROOT, are never served by URL, and are read only
# through permission-checked portal views.
MEDIA_HOST = env("DJANGO_S3_CUSTOM_DOMAIN")  # e.g. media.maytinhcu.vn, when media is on S3
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "portal.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Object storage (S3 or any S3-compatible service) instead of local disk, by settings
# alone: public media in the bucket (served from it), private files in a second bucket
# or under "private/", never public and still without a URL. Credentials come from the
# usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables.
if S3_BUCKET := env("DJANGO_S3_BUCKET"):
    S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env("DJANGO_S3_ENDPOINT_URL") or None,
        "region_name": env("DJANGO_S3_REGION") or None,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "custom_domain": MEDIA_HOST or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "portal.storage.PrivateS3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "bucket_name": env("DJANGO_S3_PRIVATE_BUCKET", S3_BUCKET),
            "location": "" if env("DJANGO_S3_PRIVATE_BUCKET") else "private",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
PHOTO_MAX_BYTES = 8 * 1024 * 1024
# How long a public page may be served from the cache to anonymous visitors (publishing
# anything empties it at once).
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 60)
# A student's record is anonymised this many days after its purpose ended (the last
# check-in after a handover, or the decision that the child is not eligible).
STUDENT_RETENTION_DAYS = env_int("DJANGO_STUDENT_RETENTION_DAYS", 365)
# Public forms (offers, support requests, tracking look-ups): so many sends per address per
# window (seconds), against spam and guessing.
PUBLIC_FORM_RATE_LIMIT = (
    env_int("DJANGO_PUBLIC_FORM_RATE_LIMIT", 20),
    env_int("DJANGO_PUBLIC_FORM_RATE_WINDOW", 60 * 60),
)
# Signed-in people are signed out after this long without a request.
SESSION_IDLE_MINUTES = env_int("DJANGO_SESSION_IDLE_MINUTES", 60)
# Wagtail's page editor posts many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ---------------------------------------------------------------------------------------
# E-mail: printed to the console unless an SMTP server is configured
# ---------------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = BASE_DIR / "var" / "mail"
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", "Máy tính cũ – Tri thức mới <khong-tra-loi@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ---------------------------------------------------------------------------------------
# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run in-process
# ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once it has finished, and handed to another worker if its
# worker dies, so tasks must be idempotent (they are written to be).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker vanished (killed, machine lost) is handed out again after this many
# seconds; longer than the longest task (the time limit above).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600)}
# Scheduled jobs; later features add theirs here (see config/celery_app.py).
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": 60 * 60 * 24,
    },
    "reconcile-counters": {
        "task": "portal.tasks.reconcile_counters",
        "schedule": 60 * 15,
    },
    "warn-expiring-sims": {
        "task": "portal.tasks.warn_expiring_sims",
        "schedule": crontab(hour=7, minute=0),
    },
    # The 24-hour support promise: warn at 18 h, escalate at 24 h (a scan, not a countdown).
    "watch-support-requests": {
        "task": "portal.tasks.watch_support_requests",
        "schedule": 60 * 5,
    },
    "anonymise-students": {
        "task": "portal.tasks.anonymise_students",
        "schedule": crontab(hour=2, minute=30),
    },
}

# ---------------------------------------------------------------------------------------
# Content-Security-Policy: scripts, styles and fonts from this site only (no inline code
# anywhere in the templates); YouTube's privacy-enhanced player in frames; images also as
# data: URIs (the authenticator QR code) and from the media host when media is on S3. The
# Wagtail admin (which needs inline code) is left out.
# ---------------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([f"https://{MEDIA_HOST}"] if MEDIA_HOST else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# ---------------------------------------------------------------------------------------
# Wagtail
# ---------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Máy tính cũ – Tri thức mới"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Editors and volunteers sign in once, through allauth, for the portal and the admin alike.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # passwords are managed through allauth

# ---------------------------------------------------------------------------------------
# Logging: to stderr, where gunicorn, Celery and systemd collect it
# ---------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs its search-index and reference-index updates as django-tasks, one
        # INFO line each; they are only worth reading when they fail.
        "django_tasks": {"level": "WARNING"},
    },
}

# `load_initial_data` creates accounts with published passwords: only where this is on.
DEMO_CONTENT_ALLOWED = env_bool("DJANGO_DEMO_CONTENT", False)

# The site's public address, for links in e-mails sent outside a request (invitations).
SITE_URL = env("SITE_URL", WAGTAILADMIN_BASE_URL).rstrip("/")
