"""Settings, read from the environment with defaults that need no configuration.

Locally (no environment at all): SQLite file, Celery tasks run eagerly in-process,
e-mail printed to the console, DEBUG on. ``DJANGO_ENV=production`` turns DEBUG off
and the system checks in ``kokken/checks.py`` refuse unsafe values.
"""

import logging
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from kokken import logs

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"

PRODUCTION = env("DJANGO_ENV", "development").lower() == "production"
SECRET_KEY = env("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Demo installations say so on every page and in every report.
DEMO_MODE = env_bool("KOKKEN_DEMO", default=not PRODUCTION)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files: no CDN, strict network
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_structlog",
    "dbbackup",
    "simple_history",
    "kokken.apps.KokkenConfig",
    "agreements.apps.AgreementsConfig",
    "hr.apps.HrConfig",
    "training.apps.TrainingConfig",
    "ip.apps.IpConfig",
    "security.apps.SecurityConfig",
    "practices.apps.PracticesConfig",
    "api.apps.ApiConfig",  # above every other app: it may import them all, none imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kokken.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # One structured line per request (kokken/logs.py); static files above are not logged.
    "django_structlog.middlewares.RequestMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kokken.middleware.SessionIdleMiddleware",
    "kokken.middleware.JapaneseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, with the confirmed device kept in the cache (kokken/signed_in.py).
    "kokken.middleware.SecondFactorMiddleware",
    # The signed-in user for history records written without history.acting() (kokken/history.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "kokken.audit.AuditMiddleware",
    "kokken.headers.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kokken.boundary.InputBoundaryMiddleware",
    "axes.middleware.AxesMiddleware",
    "kokken.middleware.AccessMiddleware",
]

ROOT_URLCONF = "kokken.urls"
WSGI_APPLICATION = "kokken.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kokken.context_processors.kokken",
            ],
        },
    },
]

# Widgets may use project templates (templates/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Without persistent connections PostgreSQL lost ~60% of throughput here.
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold ordinary concurrency (parallel autosaves, two tabs):
    # WAL lets readers run beside the writer, IMMEDIATE takes the write lock when a
    # transaction begins (no deadlocked upgrade from a read lock), and writers wait up to
    # 20 s for each other instead of failing with "database is locked" (Django 5.1+ keys).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "kokken.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kokken.backends.UserBackend",
    # Sessions begun before UserBackend name this one: they stay signed in.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout as government systems commonly set it: 5 failures, 15 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per account *and* address: failing five times from one address locks that user name
# from that address only. Per account alone let anyone lock anyone out; per address alone
# would lock a whole ministry behind one proxy.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "kokken.boundary.axes_username"  # names fit the lockout table
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

# Second factor (TOTP + recovery codes). Who must use one: kokken.access.mfa_required.
OTP_TOTP_ISSUER = "国研フォローアップ"
# The demo users' authenticator secret (base32): `make run` prints it. Never in production
# (check kokken.E005); seed_demo refuses to run there anyway.
DEMO_TOTP_SECRET = env("DEMO_TOTP_SECRET", "KOKKENDEMOKOKKENDEMOKOKKENDEMO23")

# Idle timeout: the session ends after this many seconds without a request. The expiry is
# moved forward at most once a minute (kokken.middleware.SessionIdleMiddleware), not by a
# session write on every request.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: downloads go through access-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # django-dbbackup writes here (manage.py backup / dbrestore / mediarestore; README).
    "dbbackup": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                 "OPTIONS": {"location": env("BACKUP_DIR", str(BASE_DIR / "backups"))}},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "kokken-followup@localhost")
if env("EMAIL_FILE_PATH"):  # the file backend's directory (a staging host; the fault tests)
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process.
REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Two queues: PDF reports (slow, minutes on a large round) have workers of their own, so a
# report never delays the opening of a round, a reminder or a notification (queue "celery").
# docker-compose.yml starts one worker per queue; more can run on other hosts (README).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("reports"))
CELERY_TASK_ROUTES = {"agreements.tasks.generate_report": {"queue": "reports"}}
# A page that queues a task must not hang when the broker is down (kokken/dispatch.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 10}
# Workers keep retrying the broker for ever (and at start-up) instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = TIME_ZONE
SWEEP_SECONDS = int(env("SWEEP_SECONDS", "60"))
REMINDER_HOUR = int(env("REMINDER_HOUR", "9"))
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "agreements.tasks.send_reminders",
        # Every morning at the hour set here (Japan time); reminders never repeat within a day.
        # A run missed (the broker or the workers down at that hour) is made up by the sweep.
        "schedule": crontab(hour=REMINDER_HOUR, minute=0),
    },
    # Dead workers' report jobs → failed with the reason; work that waited for the broker
    # → sent again; today's reminders if their run was missed (agreements.tasks.sweep).
    "sweep": {"task": "agreements.tasks.sweep",
              "schedule": timedelta(seconds=SWEEP_SECONDS)},
    # E-mails that could not be sent after their commit → sent (kokken.tasks.mail_sweep).
    "mail-sweep": {"task": "kokken.tasks.mail_sweep",
                   "schedule": timedelta(seconds=SWEEP_SECONDS)},
}

CACHES = {
    "default": (
        # A stopped Redis makes cache reads misses, not error pages (kokken/cache.py).
        {"BACKEND": "kokken.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
         "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Redis is one cache for every process; the in-process default is one per process, where a
# copy one process keeps would outlive a change another made (a signed-out session, a
# deactivated user). What must never be stale is kept only in a shared cache.
CACHE_IS_SHARED = bool(REDIS_URL)
# With Redis, sessions are read from it and written to both (a query less on every page;
# the cached copy expires with the session); without, from the database.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if CACHE_IS_SHARED
                  else "django.contrib.sessions.backends.db")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Tokens first: their WWW-Authenticate header makes a request without credentials a 401.
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # The JSON boundary (size, depth, control characters); forms go through the middleware.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.UserThrottle",
                                 "api.throttles.AnonThrottle"],
    "PAGE_SIZE": 50,
}
# Requests per user (or, without credentials, per address); "600/minute" style, "" = no limit.
API_THROTTLE_RATES = {
    "user": env("API_THROTTLE_USER", "600/minute") or None,
    "anon": env("API_THROTTLE_ANON", "60/minute") or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "国研フォローアップ API",
    "DESCRIPTION": "Follow-up of the agreement on strengthening national R&D agencies. "
                   "Authenticate with a personal token (Authorization: Bearer …) created on "
                   "your profile page, or with the browser session.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and the docs are for signed-in users like the rest of /api/.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Our only PATCH (answers) needs its whole body: no "Patched…" all-optional variant.
    "COMPONENT_SPLIT_PATCH": False,
    "ENUM_NAME_OVERRIDES": {"SheetStateEnum": "agreements.models.Sheet.State",
                            "QuestionKindEnum": "agreements.models.Question.Kind",
                            "ReportKindEnum": "agreements.models.ReportJob.Kind",
                            "ReportStatusEnum": "agreements.models.ReportJob.Status",
                            # one field per training category, all with the same choices
                            "TrainingNeedEnum": "training.models.Need"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# Report jobs still running (or queued) after this long are marked failed when polled:
# their worker died. acks_late makes Celery retry them on another worker.
REPORT_STALE_SECONDS = int(env("REPORT_STALE_SECONDS", str(15 * 60)))
REPORT_STALE_QUEUED_SECONDS = int(env("REPORT_STALE_QUEUED_SECONDS", str(60 * 60)))
# Where report jobs run: "celery" (a worker; the default with REDIS_URL), "thread" (a
# background thread of the web process, started on commit; the default without a broker,
# so the request returns at once), or "inline" (inside the request; tests).
REPORT_RUNNER = env("REPORT_RUNNER", "celery" if REDIS_URL else "thread")
if REPORT_RUNNER not in ("celery", "thread", "inline"):
    raise ImproperlyConfigured("REPORT_RUNNER must be celery, thread or inline.")

# Backups (django-dbbackup): PostgreSQL through pg_dump/pg_restore, SQLite through its
# backup API; uploads and reports (MEDIA_ROOT) as a tar. `manage.py backup` compresses
# when BACKUP_COMPRESS is on and encrypts for BACKUP_GPG_RECIPIENT (a GnuPG key in the
# keyring of the user running it) when set; it keeps the newest BACKUP_KEEP of each.
BACKUP_COMPRESS = env_bool("BACKUP_COMPRESS", default=True)
DBBACKUP_GPG_RECIPIENT = env("BACKUP_GPG_RECIPIENT") or None
DBBACKUP_CLEANUP_KEEP = int(env("BACKUP_KEEP", "14"))
DBBACKUP_SEND_EMAIL = False  # failures show in the exit status and the log
DBBACKUP_HOSTNAME = "kokken"  # the same file names whichever container made them

# Mass-download monitoring: more than MASS_DOWNLOAD_LIMIT downloads/exports by one user
# within the window alerts the secretariat and the administrators (0 turns it off);
# with MASS_DOWNLOAD_HOLD on, that user's further exports wait for an administrator.
MASS_DOWNLOAD_LIMIT = int(env("MASS_DOWNLOAD_LIMIT", "30"))
MASS_DOWNLOAD_WINDOW_SECONDS = int(env("MASS_DOWNLOAD_WINDOW_SECONDS", str(10 * 60)))
MASS_DOWNLOAD_HOLD = env_bool("MASS_DOWNLOAD_HOLD", default=False)

# Uploads: evidence files and Excel workbooks.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Structured logs (kokken/logs.py): JSON lines in production, readable text in development.
LOG_FORMAT = env("LOG_FORMAT", "json" if PRODUCTION else "console").lower()
LOG_LEVEL = env("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING").upper()
LOGGING = logs.logging_config(
    json=LOG_FORMAT == "json", level=LOG_LEVEL,
    # Development: runserver prints each request already; only 4xx/5xx lines from us.
    request_level=LOG_LEVEL if PRODUCTION or LOG_FORMAT == "json" else "WARNING")
logs.configure_structlog()
DJANGO_STRUCTLOG_CELERY_ENABLED = True  # the request id travels in the task's headers
# One line per request and per task: the "started"/"enqueued" lines only at DEBUG.
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG
DJANGO_STRUCTLOG_CELERY_TASK_START_LOG_LEVEL = logging.DEBUG
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # no addresses in the operations log
