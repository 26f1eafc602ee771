"""Django settings for newsroom, read from the environment.

Local defaults run the whole site on SQLite with DEBUG on. Production sets
DJANGO_DEBUG=false and must then give DJANGO_SECRET_KEY.
"""

import logging
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off newsroom refuses to start "
            "without a secret key."
        )
    SECRET_KEY = "django-insecure-local-only-newsroom-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",  # replaces django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "reversion",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "newsroom.coverage.apps.CoverageConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses what the middleware below answers, on the way out (readers only).
    "newsroom.middleware.ReaderGZipMiddleware",
    "newsroom.middleware.RequestSizeLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.coverage.cache.pages.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Request bodies: the largest document import (5 MB) plus the form around it.
MAX_REQUEST_BYTES = env_int("NEWSROOM_MAX_REQUEST_BYTES", default=6 * 1024 * 1024)

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins from one
# address, that address is refused (429) for AXES_COOLOFF_TIME. Behind a proxy, set
# DJANGO_PROXY_COUNT so the client's address is read from X-Forwarded-For.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("NEWSROOM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", default=0) or None
AXES_VERBOSE = False

ROOT_URLCONF = "newsroom.urls"

# Security. With DEBUG off these default to what `manage.py check --deploy` asks for;
# behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SILENCED_SYSTEM_CHECKS = [
    # The linking index's covering columns (INCLUDE) are a PostgreSQL optimisation;
    # SQLite builds the same index without them.
    "models.W040",
]

# Content-Security-Policy (django-csp): scripts only from this site, never inline.
# Styles may be inline because the API docs (Swagger UI, ReDoc) inject theirs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Requests, the worker and the sweeps write the same file. A deferred transaction
    # that reads and then writes can meet another writer in a lock SQLite will not wait
    # out ("database is locked" at once); IMMEDIATE takes the write lock at BEGIN so a
    # second writer waits its turn, and WAL lets readers go on while one writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
    # The test database is a file, not memory, so the worker processes the suite starts
    # read and write the same database as the test (tests/test_worker.py).
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "NEWSROOM_TEST_SQLITE",
            str(Path(tempfile.gettempdir()) / f"newsroom-test-{os.getpid()}.sqlite3"),
        )
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Session settings for a web workload: JIT compiles plans the planner thinks costly
    # (counts over big tables), adding tens of milliseconds for no gain; and on SSDs a
    # random read costs about what a sequential one does, so the planner should use
    # indexes for a thousand-row lookup rather than scan 200,000 rows (47 ms → 4 ms on
    # the transcript page). NEWSROOM_PG_OPTIONS replaces the second for other storage.
    planner = os.environ.get("NEWSROOM_PG_OPTIONS", "-c random_page_cost=1.1")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c jit=off {planner}"
    if env_bool("NEWSROOM_PG_PREPARE", default=True):
        # Planning took longer than running the queries a page asks every time (0.8 ms
        # against 0.1-0.3 ms for a story's): with the parameters sent apart from the SQL,
        # a query asked five times on a connection is prepared and planned once. Turn it
        # off behind a pooler that cannot keep prepared statements (PgBouncer < 1.21).
        DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# The cache's rules live in newsroom/coverage/cache (its __init__ says them all).
# A cache that every app process shares (Redis) holds the versions of the cache keys,
# so what is kept under them can be trusted: rendered fragments and list counts.
SHARED_CACHE = env_bool("NEWSROOM_SHARED_CACHE", default=bool(REDIS_URL))
# Keep whole rendered pages for anonymous readers and answer 304: only with a shared cache.
PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", default=SHARED_CACHE)
# Seconds a process trusts its copy of a key's version.
# The site's public address: the identity of every syndicated item (ninjs `uri`) and the
# links in webhook deliveries and alert mail, which are made with no request at hand.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Webhooks: the first wait after a failed delivery (each next one is twice as long),
# how long an endpoint may take, and whether endpoints on this machine or a private
# network may be registered (on for local work and tests, off in production).
NEWSROOM_WEBHOOK_RETRY_SECONDS = float(os.environ.get("NEWSROOM_WEBHOOK_RETRY_SECONDS", "60"))
NEWSROOM_WEBHOOK_TIMEOUT = float(os.environ.get("NEWSROOM_WEBHOOK_TIMEOUT", "10"))
NEWSROOM_WEBHOOK_PRIVATE_HOSTS = env_bool("NEWSROOM_WEBHOOK_PRIVATE_HOSTS", default=DEBUG)
# Readers' alerts: the hour (in TIME_ZONE) the daily digest goes out.
NEWSROOM_ALERT_DIGEST_HOUR = env_int("NEWSROOM_ALERT_DIGEST_HOUR", default=7)
# Mail (alerts): SMTP when EMAIL_HOST is set, else printed on the console (make run).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom <alerts@localhost>")
NEWSROOM_VERSION_TTL = float(os.environ.get("NEWSROOM_VERSION_TTL", "1"))
# How often an open story form keeps its unsaved changes and says it is still open.
NEWSROOM_AUTOSAVE_SECONDS = float(os.environ.get("NEWSROOM_AUTOSAVE_SECONDS", "15"))
# The layer in front (Varnish, a CDN): the header naming each page's keys ("xkey",
# "Surrogate-Key", "Cache-Tag"; empty: none), how long it may keep a page, and the purge
# backend told of every change ("varnish", "fastly", "cloudflare", a dotted path; empty: none).
NEWSROOM_SURROGATE_KEYS = os.environ.get("NEWSROOM_SURROGATE_KEYS", "")
NEWSROOM_SURROGATE_MAX_AGE = env_int("NEWSROOM_SURROGATE_MAX_AGE", default=86400)
NEWSROOM_PURGE = os.environ.get("NEWSROOM_PURGE", "")
NEWSROOM_PURGE_URLS = env_list("NEWSROOM_PURGE_URLS", default=["http://127.0.0.1:6081/"])
NEWSROOM_PURGE_API = os.environ.get(
    "NEWSROOM_PURGE_API", ""
)  # the CDN's API address, if not its own
NEWSROOM_PURGE_TOKEN = os.environ.get("NEWSROOM_PURGE_TOKEN", "")
NEWSROOM_FASTLY_SERVICE = os.environ.get("NEWSROOM_FASTLY_SERVICE", "")
NEWSROOM_CLOUDFLARE_ZONE = os.environ.get("NEWSROOM_CLOUDFLARE_ZONE", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # The cache holds only what can be rebuilt, so while Redis is down reads
            # miss and writes are dropped: the site slows down instead of failing.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.5,
            },
            "KEY_PREFIX": "newsroom",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (scheduled publication, suggestions, quote re-checks, the linking
# index) goes through Django's tasks interface (the django-tasks backport). The queue:
# "database" (default) keeps tasks in the database, so `make run` needs no other
# service; "rq" keeps them in Redis (RQ_URL, else REDIS_URL) for workers on several
# machines. Either way `manage.py run_worker` runs them. See newsroom/coverage/background.
TASK_QUEUE = os.environ.get("NEWSROOM_TASK_QUEUE", "database")
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    # Runs each task inside the call that queues it: for tests, and for a site that
    # runs no worker (scheduled items then wait for the sweep, `manage.py sweep`).
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_QUEUE not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASK_QUEUE is {TASK_QUEUE!r}; choose one of {', '.join(TASK_BACKENDS)}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASK_QUEUE]}}
RQ_URL = os.environ.get("RQ_URL", REDIS_URL or "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": RQ_URL, "DEFAULT_TIMEOUT": 3600}}
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
# How often each worker queues the sweep that publishes what is due and requeues work a
# dead worker left, and how long a worker may stay silent before it counts as gone.
SWEEP_SECONDS = env_int("NEWSROOM_SWEEP_SECONDS", default=60)
WORKER_HEARTBEAT_SECONDS = env_int("NEWSROOM_WORKER_HEARTBEAT_SECONDS", default=10)
WORKER_SILENT_SECONDS = env_int("NEWSROOM_WORKER_SILENT_SECONDS", default=60)

# Each error django-redis ignores is logged to "newsroom.cache", at most once a minute.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "newsroom.cache"

# Logging to the console (stderr), at DJANGO_LOG_LEVEL: newsroom logs imports,
# editorial actions, linking runs and every 503 it answers.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in logging.getLevelNamesMapping():
    raise ImproperlyConfigured(
        f"DJANGO_LOG_LEVEL={LOG_LEVEL!r} is not a level: use DEBUG, INFO, WARNING or ERROR."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "filters": {
        "once_a_minute": {"()": "newsroom.log_filters.AtMostEvery", "seconds": 60},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (console with DEBUG only, mail to ADMINS) are replaced
        # by the root's console, so nothing is printed twice.
        "django": {"level": LOG_LEVEL},
        "newsroom.cache": {"filters": ["once_a_minute"]},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# In production static files get hashed names and compressed copies (WhiteNoise), so
# browsers may keep them for a year; `collectstatic`, part of every deploy, writes the
# manifest. Locally (DEBUG) they are served as they are, with no collectstatic step.
HASHED_STATIC = env_bool("NEWSROOM_HASHED_STATIC", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if HASHED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# dumpdata keeps microseconds, so backups round-trip exactly (see newsroom/lossless_json.py).
SERIALIZATION_MODULES = {"json": "newsroom.lossless_json"}

# The seed fixtures, in loading order (loaddata also resolves forward references).
# Curated by editors: sources, places, people, events, citations. Generated from the
# seed documents by `make fixtures`: transcripts, articles.
CURATED_FIXTURES = ["sources", "places", "people", "events"]
GENERATED_FIXTURES = {
    "transcripts": ["coverage.Transcript", "coverage.Segment"],
    "articles": ["coverage.Article"],
}
SEED_FIXTURES = [*CURATED_FIXTURES, *GENERATED_FIXTURES, "citations"]

# Where `manage.py local_editor` keeps the generated local password (never in production).
LOCAL_EDITOR_FILE = BASE_DIR / ".local-editor"

# The raw seed documents the fixtures are built from (a copy of ../shared/seeds).
SEED_DOCUMENTS_DIR = BASE_DIR / "fixtures" / "seeds"

# A document of MAX_DOCUMENT_BYTES (5 MB) pasted into the admin's import box or sent to
# the API's import as JSON, with room for its escapes; Django's default is 2.5 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "newsroom.coverage.api.ordering.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "newsroom.coverage.api.pagination.Pagination",
    # Bodies are JSON: its types are the schema's (a form field is text whatever the
    # schema says). Editors' forms are the admin's.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "newsroom.coverage.api.exceptions.handle",
    # DRF puts this field in the Location of a 201. Ours is `api_url`: a source's `url`
    # is its own web address, not the new object's address in the API.
    "URL_FIELD_NAME": "api_url",
    "DEFAULT_SCHEMA_CLASS": "newsroom.coverage.api.schema.NewsroomAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("NEWSROOM_API_ANON_RATE", "300/minute"),
        "user": os.environ.get("NEWSROOM_API_USER_RATE", "1200/minute"),
    },
    # Count the client's address, as the sign-in lockout does: with no proxy in front
    # (0) the connection's, so an X-Forwarded-For a client made up buys no new
    # allowance; behind N proxies the one the Nth proxy saw.
    "NUM_PROXIES": env_int("DJANGO_PROXY_COUNT", default=0),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "newsroom API",
    "DESCRIPTION": (
        "Stories, official transcripts and the citations that link them. Anonymous "
        "clients read published content; staff write with a token or a session."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsroom.coverage.api.schema.document_what_the_api_refuses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PublicationStatusEnum": "newsroom.coverage.models.base.PublicationStatus",
        "EventStatusEnum": "newsroom.coverage.models.events.EventStatus",
        "CitationStatusEnum": "newsroom.coverage.models.citations.CitationStatus",
        "ImportOutcomeEnum": "newsroom.coverage.api.imports.OUTCOMES",
        "AnchorStateEnum": "newsroom.coverage.models.citations.AnchorState",
        "WebhookEventEnum": "newsroom.coverage.models.webhooks.WebhookEvent",
        "DeliveryStateEnum": "newsroom.coverage.models.webhooks.DeliveryState",
    },
}
