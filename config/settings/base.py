"""Settings shared by every environment.

Everything that differs between a laptop, CI and production is read from the environment
here, with embedded defaults that need no service at all: SQLite, a local-memory cache,
Celery tasks run eagerly and e-mail printed to the console. `DATABASE_URL` switches to
PostgreSQL and `REDIS_URL` to Redis (cache and Celery broker), so the same code runs
everywhere and only the environment changes.
"""

import ipaddress
import os
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from kombu import Queue

from django.core.exceptions import ImproperlyConfigured

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


def redis_database(url: str) -> tuple[str | None, int, int] | None:
    """(host, port, database number) of a redis:// address; None for a Unix socket."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    return (parts.hostname, parts.port or 6379, int(number)) if number.isdigit() else None


def redis_next_database(url: str) -> str:
    """The same Redis server's next database: redis://host:6379/0 → redis://host:6379/1."""
    database = redis_database(url)
    if database is None:
        raise ImproperlyConfigured("REDIS_URL has no database number: set CACHE_REDIS_URL.")
    return urlunsplit(urlsplit(url)._replace(path=f"/{database[2] + 1}"))


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
    "wagtail.contrib.frontend_cache",
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
    # A public entry that is saved is never answered with an error page (campaign/saved.py).
    "campaign.saved.SavedEntryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A NUL byte anywhere in the address or a form is a 400 (PostgreSQL refuses it in text).
    "config.nul_bytes.RefuseNulBytesMiddleware",
    # Anonymous visitors get whole public pages from the cache (after the language is known).
    "campaign.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Public reads by visitors not signed in go to the read replica, when there is one.
    "config.database_routing.PublicReadsFromReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session left idle (a shared phone at the commune hall) is signed out.
    "portal.middleware.IdleSessionTimeoutMiddleware",
    # Whether this session gave a second factor, for portal/access.py (two-factor per session).
    "portal.middleware.SessionFactorsMiddleware",
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
# A read replica of it (PostgreSQL streaming replication), for the reads that may be a
# moment old: public pages and report figures (config/database_routing.py). Without it,
# every read goes to the one database.
if DATABASE_REPLICA_URL := env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    # A replica that is down costs a request 2 s once, then is skipped for a moment.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
READ_REPLICA = "replica" if DATABASE_REPLICA_URL else None
DATABASE_ROUTERS = ["config.database_routing.ReplicaRouter"]

# Crash reports from the portal carry no form values or variables (they hold student data).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.errors.PrivacyExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "config.errors.PrivacyExceptionReporter"

# ---------------------------------------------------------------------------------------
# Cache: Redis when REDIS_URL is set, local memory otherwise
# ---------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("DJANGO_CACHE_KEY_PREFIX", "mtc")
if REDIS_URL or env("CACHE_REDIS_URL"):
    # The cache has a Redis database of its own, never the broker's: emptying the cache
    # empties its whole database (FLUSHDB), which would drop every queued task. By default
    # the database after REDIS_URL's (…/0 → …/1); on several machines, CACHE_REDIS_URL and
    # CELERY_BROKER_URL name two Redis servers and REDIS_URL may stay unset.
    CACHE_REDIS_URL = env("CACHE_REDIS_URL") or redis_next_database(REDIS_URL)
    _broker_database = redis_database(env("CELERY_BROKER_URL") or REDIS_URL)
    if _broker_database is not None and redis_database(CACHE_REDIS_URL) == _broker_database:
        raise ImproperlyConfigured("CACHE_REDIS_URL names the Celery broker's Redis database.")
    CACHES = {
        "default": {
            # A miss, not an error, when Redis is down (config/cache.py).
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": CACHE_REDIS_URL,
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
    # Django's, with each person's permissions kept between requests (portal/permission_cache.py).
    "portal.permission_cache.CachedPermissionsBackend",
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
ACCOUNT_FORMS = {"signup": "portal.forms.signup.InvitationSignupForm"}
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
# Those limits count by the visitor's address (config/client_address.py, which allauth's
# adapter asks too, so ALLAUTH_TRUSTED_PROXY_COUNT and ALLAUTH_TRUSTED_CLIENT_IP_HEADER stay
# unset). Behind a reverse proxy every request arrives from the proxy: only a request from
# one listed here (addresses or networks, e.g. 10.0.0.0/8 on a platform) has its
# X-Forwarded-For believed, and only as far as the listed proxies wrote it. The default
# fits nginx on the same machine (deploy/nginx/); without a proxy it changes nothing, as no
# visitor arrives from these addresses.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from error
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
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "locale" / "allauth",
    BASE_DIR / "locale" / "wagtail",
]
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
# Uploads: what portal/uploads.py lets a parser see. Each limit is checked before anything
# reads the file and refused with a Vietnamese message. A school's list of 2,000 children
# is about 1 MB unpacked and 2,001 rows: the limits leave room for formatting and blank rows.
PHOTO_MAX_BYTES = env_int("DJANGO_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
UPLOAD_MAX_IMAGE_PIXELS = env_int("DJANGO_UPLOAD_MAX_IMAGE_PIXELS", 50_000_000)
UPLOAD_XLSX_MAX_BYTES = env_int("DJANGO_UPLOAD_XLSX_MAX_BYTES", 2 * 1024 * 1024)
UPLOAD_XLSX_MAX_UNPACKED_BYTES = env_int("DJANGO_UPLOAD_XLSX_MAX_UNPACKED_BYTES", 10 * 1024 * 1024)
UPLOAD_XLSX_MAX_PARTS = env_int("DJANGO_UPLOAD_XLSX_MAX_PARTS", 100)
# A hardware report (portal/hardware): lshw's JSON and every disk's SMART data of a large
# desktop come to about 300 KB; an eReuse snapshot with dmidecode's text, about 1 MB.
HARDWARE_SNAPSHOT_MAX_BYTES = env_int("DJANGO_HARDWARE_SNAPSHOT_MAX_BYTES", 4 * 1024 * 1024)
# Rows under the header (empty ones included): a list of exactly this many students passes.
UPLOAD_XLSX_MAX_ROWS = env_int("DJANGO_UPLOAD_XLSX_MAX_ROWS", 10_000)
# The list import's time limits (seconds): past the soft one it stops, saves nothing and
# tells the school so; the hard one ends the worker process if it did not stop.
IMPORT_SOFT_TIME_LIMIT = env_int("DJANGO_IMPORT_SOFT_TIME_LIMIT", 120)
IMPORT_TIME_LIMIT = IMPORT_SOFT_TIME_LIMIT + 30
# On a slow connection the portal's app shows the copy of a page kept on the phone when the
# network has not answered within this many milliseconds (the network's answer then replaces
# it, and the page offers to reload); 0 always waits for the network.
PORTAL_PAGE_PATIENCE_MS = env_int("DJANGO_PORTAL_PAGE_PATIENCE_MS", 700)
# How long a public page may be served from the cache to anonymous visitors (publishing
# anything empties it at once).
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 60)
# How long a proxy or CDN in front (deploy/nginx/) may serve an anonymous public page
# without asking (`s-maxage`): a page that shows figures for a short while, the others
# longer. That is the longest a change takes to reach visitors when nobody tells the proxy;
# with DJANGO_EDGE_PURGE_URL set, publishing and a moved counter purge the proxy's copies at
# once (campaign/edge_cache.py).
EDGE_CACHE_SECONDS = env_int("DJANGO_EDGE_CACHE_SECONDS", 60)
EDGE_CACHE_FIGURES_SECONDS = env_int("DJANGO_EDGE_CACHE_FIGURES_SECONDS", 10)
# Where the proxy takes PURGE requests (deploy/nginx/maytinhcu.conf: http://127.0.0.1:8081);
# empty (the default): no proxy to purge.
EDGE_PURGE_URL = env("DJANGO_EDGE_PURGE_URL")
WAGTAILFRONTENDCACHE = (
    {"nginx": {"BACKEND": "campaign.purge_backend.NginxPurgeBackend", "LOCATION": EDGE_PURGE_URL}}
    if EDGE_PURGE_URL
    else {}
)
# The addresses purged are those served, language prefix included (campaign/edge_cache.py):
# Wagtail need not guess each language's copy.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []
# A student's record is anonymised this many days after its purpose ended (the last
# check-in after a handover, or the decision that the child is not eligible).
STUDENT_RETENTION_DAYS = env_int("DJANGO_STUDENT_RETENTION_DAYS", 365)
# Public forms (offers, support requests, tracking look-ups): so many sends per address per
# window (seconds), against spam and guessing.
PUBLIC_FORM_RATE_LIMIT = (
    env_int("DJANGO_PUBLIC_FORM_RATE_LIMIT", 20),
    env_int("DJANGO_PUBLIC_FORM_RATE_WINDOW", 60 * 60),
)
# The link e-mailed to a donor or a requester opens their tracking page without the phone
# number for this many days. Six months covers a gift's usual journey: pickup within days,
# checks and repair within weeks, then the wait for an approved student (the plan asks each
# youth IT team for two handovers a month). Much shorter would cut donors off before their
# device reaches a child; much longer leaves a forwarded or shared mailbox opening the page
# for years. After it, the code and the phone number still open the page.
TRACKING_LINK_DAYS = env_int("DJANGO_TRACKING_LINK_DAYS", 180)
# VietQR (portal/vietqr.py): the account donors transfer money to by scanning. Without
# settings the site shows a made-up demonstration account and says so beside the code.
VIETQR_DEMO_ACCOUNT = "0000000000000"
VIETQR_BANK_BIN = env("VIETQR_BANK_BIN", "970436")  # NAPAS BIN of the bank, 6 digits
VIETQR_BANK_NAME = env("VIETQR_BANK_NAME", "Vietcombank")
VIETQR_ACCOUNT_NUMBER = env("VIETQR_ACCOUNT_NUMBER", VIETQR_DEMO_ACCOUNT)
VIETQR_ACCOUNT_NAME = env("VIETQR_ACCOUNT_NAME", "TAI KHOAN MINH HOA - KHONG CHUYEN TIEN")
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
# SMS: off unless a gateway is configured (portal/sms_gateway.py, docs/operating.md "SMS").
# Off, the public forms do not offer SMS and nothing is sent.
# ---------------------------------------------------------------------------------------
SMS_GATEWAY = env("SMS_GATEWAY")  # "" (off), "esms" or "webhook"
SMS_API_URL = env("SMS_API_URL")  # "esms": its JSON endpoint by default; "webhook": required
SMS_API_KEY = env("SMS_API_KEY")
SMS_API_SECRET = env("SMS_API_SECRET")
SMS_BRANDNAME = env("SMS_BRANDNAME")
# Many Vietnamese brandname routes take only unaccented text (160 characters a message);
# with accents a message holds 70.
SMS_ASCII_ONLY = env_bool("SMS_ASCII_ONLY", True)
SMS_SANDBOX = env_bool("SMS_SANDBOX", False)  # "esms": accepted and answered, never sent
SMS_TIMEOUT_SECONDS = env_int("SMS_TIMEOUT_SECONDS", 10)

# ---------------------------------------------------------------------------------------
# Web Push: notices shown on the phones of people who allowed them ("Thông tin của tôi")
# ---------------------------------------------------------------------------------------
# The site's VAPID key pair (`manage.py webpush_keys` prints a new one). The public key may
# be left out: it is derived from the private one, and checked against it when given.
# Without a private key Web Push is off (`check --deploy` warns), except on a developer's
# laptop, which generates a pair once into WEBPUSH_VAPID_KEY_FILE (config/settings/dev.py).
WEBPUSH_VAPID_PRIVATE_KEY = env("WEBPUSH_VAPID_PRIVATE_KEY")
WEBPUSH_VAPID_PUBLIC_KEY = env("WEBPUSH_VAPID_PUBLIC_KEY")
WEBPUSH_VAPID_KEY_FILE: Path | None = None
# Who the push services may write to about this site's messages (a mailto: or https: URL).
WEBPUSH_VAPID_SUBJECT = env(
    "WEBPUSH_VAPID_SUBJECT", f"mailto:{parseaddr(DEFAULT_FROM_EMAIL)[1] or 'root@localhost'}"
)
# The server posts every notice to the address a browser gave when it subscribed: only to
# these push services (a host or its subdomains), over HTTPS, so that no one can make the
# site post to an address of their choosing. "*" allows any public HTTPS host.
WEBPUSH_PUSH_SERVICES = env_list(
    "WEBPUSH_PUSH_SERVICES",
    "fcm.googleapis.com,push.services.mozilla.com,notify.windows.com,push.apple.com",
)
# A push service on this machine over plain HTTP (http://127.0.0.1:…): the tests' own, and
# a developer's; never in production.
WEBPUSH_ALLOW_LOOPBACK = False

# ---------------------------------------------------------------------------------------
# Celery: Redis as broker when REDIS_URL (or CELERY_BROKER_URL) is set; otherwise tasks run
# in-process
# ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL or "memory://"
# Nothing reads a task's result, so none is stored: a result store on the broker's Redis
# made every task sent during an outage wait ~19 s for it, then fail.
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", not (REDIS_URL or env("CELERY_BROKER_URL"))
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only once it has finished, and handed to another worker if its
# worker dies, so tasks must be idempotent (they are written to be).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # A task whose worker vanished (killed, machine lost) is handed out again this many
    # seconds after it was taken: longer than the longest task (the time limit above).
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
    # Look for such tasks every 10 s (Celery's default looks only every 100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    # Sending a task while Redis is down fails after one attempt (a second to connect, two
    # for an answer), and the task runs in the web process instead (config/celery_app.py):
    # a request must not wait for the broker. The worker's wait for tasks is not affected.
    "max_retries": 0,
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
# Two queues, so a long report or the weekly recount never holds up work someone is
# waiting for: "interactive" (e-mails, list imports, the support watchdog, the recovery of
# stalled jobs) and "batch" (reports, recounts, clean-ups, reminders). A worker started
# without -Q takes both (one machine: nothing to configure); several machines give each
# worker its queue (deploy/multi/). "celery", the queue's name before the split, is still
# drained by a worker of every queue, so nothing queued by the previous release is left.
CELERY_TASK_QUEUES = [Queue("interactive"), Queue("batch"), Queue("celery")]
CELERY_TASK_DEFAULT_QUEUE = "interactive"
CELERY_TASK_ROUTES = {
    f"portal.tasks.{name}": {"queue": queue}
    for queue, names in {
        "interactive": [
            "send_rendered_email",
            "deliver_notice",
            "release_held_notices",
            "import_students",
            "reconcile_statement",
            "watch_support_requests",
            "recover_stalled_jobs",
        ],
        "batch": [
            "build_report",
            "reconcile_counters",
            "recount_all_counters",
            "anonymise_students",
            "clear_expired_sessions",
            "warn_expiring_sims",
            "remind_follow_ups",
        ],
    }.items()
    for name in names
}
# Imports and reports left unfinished and silent this long (queued while Redis was down, a
# message Redis lost, a worker that died) are shown as stalled, with a retry button for
# their owner, and queued again by the recovery job, which runs this often; a job whose
# runs died this many times is given up (portal/services/jobs.py).
JOB_STALLED_AFTER = 60
JOB_RECOVERY_EVERY = 60
JOB_MAX_ATTEMPTS = 3
# Scheduled jobs; later features add theirs here (see config/celery_app.py).
WATCH_SUPPORT_SECONDS = 30
CELERY_BEAT_SCHEDULE = {
    "recover-stalled-jobs": {
        "task": "portal.tasks.recover_stalled_jobs",
        "schedule": JOB_RECOVERY_EVERY,
    },
    "clear-expired-sessions": {
        "task": "portal.tasks.clear_expired_sessions",
        "schedule": 60 * 60 * 24,
    },
    # The cells marked since the last run, every 15 minutes; everything, weekly (Monday 03:15).
    "reconcile-counters": {
        "task": "portal.tasks.reconcile_counters",
        "schedule": 60 * 15,
    },
    "recount-all-counters": {
        "task": "portal.tasks.recount_all_counters",
        "schedule": crontab(day_of_week="mon", hour=3, minute=15),
    },
    "warn-expiring-sims": {
        "task": "portal.tasks.warn_expiring_sims",
        "schedule": crontab(hour=7, minute=0),
    },
    # The 24-hour support promise: warn at 18 h, escalate at 24 h (a scan, not a countdown;
    # two indexed queries). Every 30 s, so an escalation reaches the coordinators within a
    # minute of the 24-hour mark (tests/portal/test_escalation_timing.py).
    "watch-support-requests": {
        "task": "portal.tasks.watch_support_requests",
        "schedule": WATCH_SUPPORT_SECONDS,
    },
    "anonymise-students": {
        "task": "portal.tasks.anonymise_students",
        "schedule": crontab(hour=2, minute=30),
    },
    # Notices held through the quiet hours leave once the morning comes.
    "release-held-notices": {
        "task": "portal.tasks.release_held_notices",
        "schedule": 60 * 5,
    },
    "remind-follow-ups": {
        "task": "portal.tasks.remind_follow_ups",
        "schedule": crontab(hour=7, minute=30),
    },
}

# ---------------------------------------------------------------------------------------
# Notices (portal/notices.py, portal/services/notify.py): no push or SMS that is not urgent
# between 21:00 and 07:00 (Hà Nội time); at most so many per person and channel in a window
# of seconds (e-mail has no limit: it carries every notice in full). A passing failure is
# tried again after 1, 2, 4, 8 minutes, then the delivery is logged as failed.
# ---------------------------------------------------------------------------------------
NOTICES_QUIET_HOURS = (21, 7)
NOTICES_QUIET_CHANNELS = ("push", "sms")
NOTICES_RATE_LIMITS = {"push": (20, 60 * 60), "sms": (5, 24 * 60 * 60)}
NOTICE_MAX_RETRIES = env_int("DJANGO_NOTICE_MAX_RETRIES", 4)
NOTICE_RETRY_SECONDS = 60

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
WAGTAILADMIN_LOGIN_URL = "admin_login"  # to allauth, or a "no admin access" page
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every rendition decodes the whole image: the same pixel limit as the portal's photos.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_MAX_IMAGE_PIXELS
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # passwords are managed through allauth
# No Gravatar: unreachable from where the program works, and every avatar would send an
# editor's e-mail hash to a third party. The admin shows its default avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

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
