"""Hearth settings. Everything that differs between machines comes from the environment.

DEBUG is off unless HEARTH_DEBUG/DEBUG says otherwise; demo mode (HEARTH_DEMO=1) turns on the
synthetic-data banner and the passwordless-friendly demo logins, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}")


DEMO = env_bool("HEARTH_DEMO")
TESTING = env_bool("HEARTH_TESTING")
DEBUG = env_bool("DEBUG", default=False)

DEMO_SECRET_KEY = "insecure-demo-key-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEMO or DEBUG or TESTING:
        SECRET_KEY = DEMO_SECRET_KEY
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set outside demo/test (set HEARTH_DEMO=1 for the demo)."
        )


def audit_keys(value: str) -> dict[str, str]:
    """`AUDIT_HMAC_KEYS=current_id:key,previous_id:key` -> {id: key}, the current key first."""
    keys: dict[str, str] = {}
    for item in value.split(","):
        if not item.strip():
            continue
        key_id, sep, key = item.strip().partition(":")
        if not sep or not key_id or not key or len(key_id) > 32 or key_id in keys:
            raise ImproperlyConfigured(
                "AUDIT_HMAC_KEYS must be 'id:key' pairs separated by commas, ids unique and at "
                "most 32 characters, the current key first"
            )
        keys[key_id] = key
    return keys


# The audit log's HMAC keys (docs/security.md): the first writes, the rest still verify. Demo and
# tests use a published key; unset elsewhere, SECRET_KEY under the id "legacy" and
# `check --deploy` fails.
DEMO_AUDIT_KEY = "insecure-demo-audit-key-published-in-the-source-0123456789"
AUDIT_HMAC_KEYS = audit_keys(os.environ.get("AUDIT_HMAC_KEYS", ""))
if not AUDIT_HMAC_KEYS and (DEMO or TESTING):
    # A demo database made before audit keys existed keeps verifying under "legacy".
    AUDIT_HMAC_KEYS = {"demo": DEMO_AUDIT_KEY, "legacy": SECRET_KEY}
# Each seal's head is appended here (a write-once file: chattr +a) and logged to
# "hearth.audit.anchor"; `hearth audit verify` checks the lines link and the database reaches
# the last one.
AUDIT_ANCHOR_FILE = os.environ.get("AUDIT_ANCHOR_FILE", "")
# A write inside the seal interval schedules one background seal, so entries are sealed within
# seconds even when no further write follows (off in tests, which seal explicitly).
AUDIT_SEAL_IN_BACKGROUND = not TESTING

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "hearth.core",
    "hearth.access",
    "hearth.workforce",
    "hearth.people",
    "hearth.casework",
    "hearth.care",
    "hearth.carers",
    "hearth.education",
    "hearth.synthetic",
    "hearth.returns",
    "hearth.ssd",
    "hearth.dfe_api",
    "django_tasks",
    "django_tasks_db",
    "hearth.insight",
    "hearth.documents",
    "hearth.sharing",
    "hearth.quality",
    "hearth.familyhelp",
    "hearth.macpt",
    "hearth.safeguarding",
    "hearth.partnership",
    "rest_framework",
    "drf_spectacular",
    "hearth.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "hearth.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hearth.access.middleware.SessionRenewMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hearth.core.request_memo.RequestMemoMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hearth.access.middleware.LoginRequiredMiddleware",
    "hearth.access.refusals.RefusalAuditMiddleware",
    "hearth.access.middleware.PartnerScopeMiddleware",
    "hearth.access.middleware.ChildWriteMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hearth.urls"
WSGI_APPLICATION = "hearth.wsgi.application"

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
                "hearth.core.context_processors.hearth",
                "hearth.core.navigation.navigation",
                "hearth.access.context_processors.session_timeout",
            ],
        },
    },
    # Jinja2, for the few partials rendered so often that Django's engine is their largest cost
    # (docs/decisions.md); views ask for it by name (`engines["jinja2"]`).
    {
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "hearth.core.jinja.environment"},
    },
]

_default_sqlite = PROJECT_DIR / "var" / "hearth.sqlite3"
if not os.environ.get("DATABASE_URL"):
    _default_sqlite.parent.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{_default_sqlite}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A persistent connection is checked before each request reuses it, so the first
        # request after a database restart reconnects instead of failing with a 500.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles expensive-looking plans: for a page's short queries that costs
    # far more than it saves (measured: 218 ms of JIT on a 60 ms search), so it is off.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("SQLITE_TEST_NAME")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes checks for a lockout before any other backend sees the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the user's worker and team loaded in the same query (hearth.access).
    "hearth.access.backends.UserWithWorkerBackend",
    # Kept so sessions signed in before the backend above keep working until they end.
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins for one username from one client address lock that pair for 15 minutes
# (so nobody can lock a colleague out from elsewhere, and one office's failures behind the proxy
# do not lock everyone); a successful sign-in resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hearth.access.views.locked_out"
AXES_VERBOSE = False
# Behind the council's load balancer/reverse proxies set HEARTH_PROXY_COUNT to how many there
# are: the client address is then read from X-Forwarded-For (hearth.access.client_ip), the
# same for the lockout and the audit log. 0 (default): REMOTE_ADDR, X-Forwarded-For ignored.
# (AXES_IPWARE_PROXY_COUNT, the earlier name, is still read.)
HEARTH_PROXY_COUNT = int(
    os.environ.get("HEARTH_PROXY_COUNT") or os.environ.get("AXES_IPWARE_PROXY_COUNT") or "0"
)
AXES_CLIENT_IP_CALLABLE = "hearth.access.client_ip.client_ip"
# TLS ends at that proxy, which overwrites X-Forwarded-Proto: trust it for request.is_secure().
if env_bool("HEARTH_PROXY_TLS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Two-factor authentication (TOTP, django-otp). The issuer names the service in the app.
OTP_TOTP_ISSUER = "Hearth"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = PROJECT_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING or DEMO)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or DEMO
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# The timeout warning dialog opens this many seconds before the idle session ends.
SESSION_TIMEOUT_WARNING_SECONDS = int(os.environ.get("SESSION_TIMEOUT_WARNING_SECONDS", "120"))
# An active session is renewed (written) at most once a minute, not on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = int(os.environ.get("SESSION_RENEW_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not (DEBUG or DEMO or TESTING):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The bench's load generator speaks plain HTTP on loopback (SESSION_COOKIE_SECURE_OFF=1).
    SESSION_COOKIE_SECURE = not env_bool("SESSION_COOKIE_SECURE_OFF", False)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The local authority Hearth serves. The synthetic generator writes the same values into the
# database (core.Authority); these are the defaults for a fresh install.
HEARTH_LA_NAME = os.environ.get("HEARTH_LA_NAME", "Peterborough")
HEARTH_LA_ONS_CODE = os.environ.get("HEARTH_LA_ONS_CODE", "E06000031")
HEARTH_LA_NUMBER = int(os.environ.get("HEARTH_LA_NUMBER", "874"))
# Children aged 0-17 (ONS mid-year estimate) for rates per 10,000; 0 = not yet set.
HEARTH_LA_POPULATION_0_17 = int(os.environ.get("HEARTH_LA_POPULATION_0_17", "0"))
HEARTH_LA_REGION = os.environ.get("HEARTH_LA_REGION", "")

# DfE children's social care API feed (docs/dfe-api.md). The URL is the API's base up to the
# version (the path /children_social_care_data/{la_code}/children is added); the LA code is
# DfE's three-digit number (default: HEARTH_LA_NUMBER). The token is an OAuth2 bearer token
# (DFE_API_TOKEN) or, with DFE_API_TOKEN_URL + client id/secret/scope, fetched per run.
DFE_API_BASE_URL = os.environ.get("DFE_API_BASE_URL", "")
DFE_API_LA_CODE = int(os.environ.get("DFE_API_LA_CODE") or HEARTH_LA_NUMBER)
DFE_API_TOKEN = os.environ.get("DFE_API_TOKEN", "")
DFE_API_TOKEN_URL = os.environ.get("DFE_API_TOKEN_URL", "")
DFE_API_CLIENT_ID = os.environ.get("DFE_API_CLIENT_ID", "")
DFE_API_CLIENT_SECRET = os.environ.get("DFE_API_CLIENT_SECRET", "")
DFE_API_SCOPE = os.environ.get("DFE_API_SCOPE", "")
DFE_API_SUPPLIER_KEY = os.environ.get("DFE_API_SUPPLIER_KEY", "")
DFE_API_MAX_RETRIES = int(os.environ.get("DFE_API_MAX_RETRIES", "5"))
DFE_API_BACKOFF_SECONDS = float(os.environ.get("DFE_API_BACKOFF_SECONDS", "2"))
DFE_API_TIMEOUT_SECONDS = float(os.environ.get("DFE_API_TIMEOUT_SECONDS", "60"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Each audit seal's head, for the operator's log store (a second anchor outside the
    # database, docs/security.md). AUDIT_ANCHOR_LOG_LEVEL=WARNING silences it.
    "loggers": {
        "hearth.audit.anchor": {
            "handlers": ["console"],
            "level": os.environ.get("AUDIT_ANCHOR_LOG_LEVEL", "INFO"),
            "propagate": False,
        }
    },
}

# The DfE validators pin pandas 1.5 / numpy 1.24, so they live in their own virtual environment
# (built by `make validators`) and are called across a process boundary.
VALIDATORS_PYTHON = os.environ.get(
    "HEARTH_VALIDATORS_PYTHON", str(PROJECT_DIR / ".venv-validators" / "bin" / "python")
)

# Probing limits: refused requests for children's records per person per hour before Hearth
# holds them back (429), and break-the-glass openings per person per 24 hours.
# (Tests walk every URL as every role, so the suite lifts the limit; its own tests set it.)
HEARTH_REFUSALS_PER_HOUR = int(
    os.environ.get("HEARTH_REFUSALS_PER_HOUR", "1000000" if TESTING else "30")
)
HEARTH_BREAK_GLASS_PER_DAY = int(os.environ.get("HEARTH_BREAK_GLASS_PER_DAY", "10"))

# Documents on children's records: kept outside the database (back this directory up with it),
# served only through the audited download view. See hearth/documents/scanning.py for the
# virus-scanner hook; set HEARTH_REQUIRE_VIRUS_SCAN=true in production.
HEARTH_DOCUMENTS_DIR = os.environ.get(
    "HEARTH_DOCUMENTS_DIR", str(PROJECT_DIR / "var" / "documents")
)
HEARTH_DOCUMENT_MAX_MB = int(os.environ.get("HEARTH_DOCUMENT_MAX_MB", "20"))
HEARTH_VIRUS_SCANNER = os.environ.get("HEARTH_VIRUS_SCANNER", "auto")
HEARTH_REQUIRE_VIRUS_SCAN = env_bool("HEARTH_REQUIRE_VIRUS_SCAN", False)
# Uploads larger than this are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# The REST API (hearth.api): bearer tokens for systems, verified sessions for people; cursor
# pagination; problem+json errors; per-caller rate limits (HEARTH_API_RATE, e.g. "600/minute").
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "hearth.api.auth.BearerTokenAuthentication",
        "hearth.api.auth.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["hearth.api.auth.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": os.environ.get("HEARTH_API_RATE", "600/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "hearth.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hearth API",
    "DESCRIPTION": "Children's social care records, allocations and indicators. Every read is "
    "limited to what the caller's role and team allow and is audited.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get names of their own (not hashed ones).
    "ENUM_NAME_OVERRIDES": {
        "CategoryOfAbuseEnum": "hearth.core.codes.CategoryOfAbuse",
        "CaseNoteKindEnum": "hearth.casework.models.CaseNote.Kind",
        "CaseNoteStatusEnum": "hearth.casework.models.CaseNote.Status",
        "ConferenceKindEnum": "hearth.casework.models.ChildProtectionConference.Kind",
        "MissingEpisodeKindEnum": "hearth.care.models.MissingEpisode.Kind",
        "ReturnJobKindEnum": "hearth.returns.models.ReturnJob.Kind",
        "ReturnJobStatusEnum": "hearth.returns.models.ReturnJob.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hearth.api.schema.add_problem_responses",
    ],
}

# Computed indicator values (hearth.insight) are cached here. Redis in production when REDIS_URL
# is set (needs the `redis` package); a per-process local-memory cache otherwise and in tests.
if os.environ.get("REDIS_URL") and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What children's pages read from their records (hearth.core.record_cache), keyed on versions the
# database keeps, so it needs no invalidation: shared by every worker process in Redis when
# REDIS_URL is set, otherwise each process keeps its own.
if os.environ.get("REDIS_URL") and not TESTING:
    CACHES["records"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "KEY_PREFIX": "records",
        "TIMEOUT": 6 * 3600,
    }
else:
    CACHES["records"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "hearth-records",
        "TIMEOUT": 6 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
INSIGHT_CACHE_SECONDS = int(os.environ.get("INSIGHT_CACHE_SECONDS", "900"))
# With Redis, a session is read from it and written through to the database (which stays the
# record of every session), so a page costs no session query.
if os.environ.get("REDIS_URL") and not TESTING:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background jobs (returns exports and validation): django-tasks with its database queue; the
# worker is `hearth db_worker` (make demo starts it). Tests run tasks in the request.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}
