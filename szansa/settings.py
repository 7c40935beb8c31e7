"""Szansa settings: everything that differs between machines comes from the environment."""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from szansa.lib.env import env_bool, env_date, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# The insecure default only works with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-only-key" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "localflavor",
    "auditlog",
    "szansa.domain.accounts",
    "szansa.domain.people",
    "szansa.domain.projects",
    "szansa.domain.recruitment",
    "szansa.domain.support",
    "szansa.domain.housing",
    "szansa.domain.work",
    "szansa.domain.interviews",
    "szansa.domain.privacy",
    "szansa.web",
    "szansa.api",
    "szansa.demo",
    "szansa.cli",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "szansa.web.middleware.ReplicaPinMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "szansa.web.middleware.PolishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sign-in hardening (docs/data-protection.md#sign-in): the second factor, enforced before any page
    # or API answer; an idle session ends; personal answers are not cached; strict CSP and friends.
    "django_otp.middleware.OTPMiddleware",
    "szansa.web.accounts.middleware.InactivityTimeoutMiddleware",
    "szansa.web.accounts.middleware.SecondFactorMiddleware",
    "szansa.web.accounts.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Every person an answer loaded is access-logged (szansa.lib.access_log, docs/data-protection.md).
    "szansa.lib.access_log.AccessLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "szansa.urls"
# `make bench` measures pages against a bare view (bench/views.py); it is routed only when this is on.
BENCH_BARE_VIEW = env_bool("BENCH_BARE_VIEW", default=False)
WSGI_APPLICATION = "szansa.wsgi.application"
ASGI_APPLICATION = "szansa.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "szansa" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "szansa.web.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
# A PostgreSQL streaming replica for reports, exports and drill-downs (szansa/lib/replica.py,
# docs/deployment.md#read-replica). In tests it mirrors the primary's test database name.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["szansa.lib.replica.ReplicaRouter"]
# Behind pgbouncer in transaction mode a server-side cursor cannot outlive its transaction.
if env_bool("DB_DISABLE_SERVER_SIDE_CURSORS", default=False):
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
# After a user's POST, their requests stay on the primary this long (read-your-writes past the redirect).
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Staff passwords guard special-category data: at least 12 characters (docs/data-protection.md#sign-in).
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "szansa" / "locale"]
FORMAT_MODULE_PATH = "szansa.formats"  # one date format per language
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files with personal data that are neither static nor served media: import jobs (the uploaded file while
# it is read, the status and the report of rejected rows). Readable by the service user only (folders
# 0700, files 0600), outside any served folder and outside the shared temporary folder.
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(BASE_DIR / "private")))
# An import job that reports no progress for this long (seconds) is marked failed and its upload removed
# (the periodic people.fail_dead_imports).
IMPORT_JOB_TIMEOUT = env_int("IMPORT_JOB_TIMEOUT", 30 * 60)
# Exports with more rows than this (participants, or a budget's expenditures) run as a background job with
# progress; their file is kept in PRIVATE_ROOT/exports for EXPORT_FILE_HOURS hours (the periodic
# exports.clean_old_exports), downloadable by the user who asked only (docs/participant-exports.md).
EXPORT_JOB_THRESHOLD = env_int("EXPORT_JOB_THRESHOLD", 2000)
EXPORT_FILE_HOURS = env_int("EXPORT_FILE_HOURS", 24)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# A cache shared by every worker of every web node (Redis, e.g. redis://redis:6379/1), when CACHE_URL names
# one: the API's rate limits count there, and sessions are read from it and written through to the
# database (cached_db), which saves the session query of every request. Without CACHE_URL each process
# has its own cache and sessions stay in the database only: a per-process cache must never hold sessions,
# or a session signed out through one worker would live on in another (docs/deployment.md#web-nodes).
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CACHE_URL must name a shared Redis cache (redis://, rediss:// or unix://)."
        )
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL},
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=DEBUG)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Import jobs whose worker died are marked failed and their uploads removed (szansa.domain.people.tasks).
    "people-fail-dead-imports": {
        "task": "people.fail_dead_imports",
        "schedule": crontab(minute="*/10"),
    },
    # Reminders of tasks due today and overdue (szansa.domain.work.tasks), every working morning.
    "work-notify-due-and-overdue": {
        "task": "work.notify_due_and_overdue",
        "schedule": crontab(hour=7, minute=0),
    },
    # Participants' flags at entry recounted and mended where they drifted (szansa.domain.recruitment.entry).
    "recruitment-recount-entry-flags": {
        "task": "recruitment.recount_entry_flags",
        "schedule": crontab(hour=3, minute=15),
    },
    # … and the kinds of activation they received (szansa.domain.support.activation).
    "support-recount-activation": {
        "task": "support.recount_activation",
        "schedule": crontab(hour=3, minute=30),
    },
    # … then the kept indicator figures checked against a recount and counted for the new day
    # (szansa.domain.support.indicators.checks).
    "support-recount-project-figures": {
        "task": "support.recount_project_figures",
        "schedule": crontab(hour=3, minute=45),
    },
    # Exited participants without a 3-month follow-up task get one (szansa.domain.recruitment.tasks).
    "recruitment-follow-up-tasks": {
        "task": "recruitment.create_missing_follow_up_tasks",
        "schedule": crontab(hour=6, minute=45),
    },
    # Stays ending within 30 days become tasks for the social worker (szansa.domain.housing.tasks).
    "housing-end-of-stay-tasks": {
        "task": "housing.end_of_stay_tasks",
        "schedule": crontab(hour=6, minute=30),
    },
    # People due for an update of the community interview get a task (szansa.domain.interviews.tasks).
    "interviews-update-reminders": {
        "task": "interviews.update_reminders",
        "schedule": crontab(hour=6, minute=50),
    },
    # Retention (szansa.domain.privacy.tasks): who is due for anonymisation, the approved ones
    # anonymised after the grace period, old import job folders removed.
    "privacy-retention-review": {
        "task": "privacy.retention_review",
        "schedule": crontab(hour=2, minute=30),
    },
    "privacy-anonymise-approved": {
        "task": "privacy.anonymise_approved",
        "schedule": crontab(hour=3, minute=0),
    },
    # Files of large exports older than EXPORT_FILE_HOURS (szansa.domain.support.export_jobs).
    "exports-clean-old-exports": {
        "task": "exports.clean_old_exports",
        "schedule": crontab(minute=15),
    },
    "privacy-clean-import-jobs": {
        "task": "privacy.clean_import_jobs",
        "schedule": crontab(hour=3, minute=30),
    },
}
# Days between a manager's approval and the anonymisation (time to take it back), and days an import
# job folder (status, report of rejected rows) is kept (docs/data-protection.md#retention).
PRIVACY_ANONYMISATION_GRACE_DAYS = env_int("PRIVACY_ANONYMISATION_GRACE_DAYS", 30)
PRIVACY_IMPORT_JOB_DAYS = env_int("PRIVACY_IMPORT_JOB_DAYS", 7)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "szansa.api.authentication.ApiTokenAuthentication",
    ],
    # Rate limits: per signed-in user and per anonymous client address (API_THROTTLE_USER/ANON).
    "DEFAULT_THROTTLE_CLASSES": [
        "szansa.api.throttling.AnonRateThrottle",
        "szansa.api.throttling.UserRateThrottle",
    ],
    # The client address for the anonymous limit: as many proxies as TRUSTED_PROXY_COUNT says.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0),
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON with no NUL anywhere (szansa/api/parsers.py), and the forms DRF takes by default.
    "DEFAULT_PARSER_CLASSES": [
        "szansa.api.parsers.NulFreeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "szansa.api.schema.SzansaAutoSchema",
    "EXCEPTION_HANDLER": "szansa.api.errors.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Szansa API",
    "DESCRIPTION": "Registry of people and households of a social-assistance centre.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One tag per app, in the order of the apps (szansa.api.schema tags each operation by its module).
    "TAGS": [
        {"name": "people", "description": _("The registry: people, households and assessments.")},
        {"name": "projects", "description": _("EU projects: calls, projects, budgets and expenditures.")},
        {
            "name": "work",
            "description": _("Tasks and the teams' queues, cases and the register of decisions."),
        },
        {"name": "housing", "description": _("Sheltered housing: apartments and stays.")},
        {
            "name": "recruitment",
            "description": _("Recruitment to projects: applications, ranking lists and participants."),
        },
        {
            "name": "support",
            "description": _(
                "Support of participants: diagnoses, individual plans, social contracts, activities, "
                "sessions and attendance."
            ),
        },
        {
            "name": "interviews",
            "description": _(
                "Community interviews: the questionnaire's versions, interviews with their revisions and "
                "conflicts, completion and the write-back to the registry."
            ),
        },
        {
            "name": "privacy",
            "description": _(
                "Data protection: data-subject requests, retention, the person's copy of their data."
            ),
        },
    ],
    # Choice sets whose field names ("status", "kind") repeat across apps get their own schema names.
    "ENUM_NAME_OVERRIDES": {
        "ContractStatusEnum": "szansa.domain.support.enums.ContractStatus",
        "DiagnosisKindEnum": "szansa.domain.support.enums.DiagnosisKind",
        "AttendanceStatusEnum": "szansa.domain.support.enums.AttendanceStatus",
        "ParticipantStatusEnum": "szansa.domain.recruitment.enums.ParticipantStatus",
        "FollowUpResultEnum": "szansa.domain.recruitment.enums.FollowUpResult",
        "ClaimStatusEnum": "szansa.domain.projects.enums.ClaimStatus",
        "SubjectRequestKindEnum": "szansa.domain.privacy.enums.RequestKind",
        "SubjectRequestStatusEnum": "szansa.domain.privacy.enums.RequestStatus",
        "RecordClassEnum": "szansa.domain.privacy.enums.RecordClass",
        "DecisionOutcomeEnum": "szansa.domain.work.enums.DecisionOutcome",
        "DeliveryMethodEnum": "szansa.domain.work.enums.DeliveryMethod",
        "CaseStatusEnum": "szansa.domain.work.enums.CaseStatus",
        "TaskStatusEnum": "szansa.domain.work.enums.TaskStatus",
        "InterviewStatusEnum": "szansa.domain.interviews.enums.InterviewStatus",
        "InterviewKindEnum": "szansa.domain.interviews.enums.InterviewKind",
        "QuestionTypeEnum": "szansa.domain.interviews.enums.QuestionType",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_STORE_JSON_CHANGES = True

# Security: strict when DEBUG is off, so that `manage.py check --deploy` is clean.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
# A session idle this long (seconds) ends: the next request signs the user out (InactivityTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 20 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features Szansa never uses are switched off (SecurityHeadersMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(self), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# Content-Security-Policy (django-csp): only our own scripts, styles, images and fonts; no inline script
# or style, no eval (htmx is configured by a meta tag in base.html to need none), no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Lockout of failed sign-ins (django-axes): AXES_FAILURE_LIMIT wrong passwords for one username lock it
# for AXES_COOLOFF_MINUTES (or until `manage.py axes_reset_username <login>`); the addresses are recorded.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "szansa.web.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "szansa.web.accounts.client_ip.client_ip"
AXES_VERBOSE = False
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (0: use the connection's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Second factor (django-otp): TOTP, with single-use recovery codes. The issuer names Szansa in the app.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Szansa")
# The admin never shows a device's secret or a recovery code (an administrator could copy a user's factor).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# The demo only (`make demo`): the verification page shows the current code of the demo secret. Never
# on without DEBUG.
DEMO_SECOND_FACTOR_HINT = DEBUG and env_bool("DEMO", default=False)

# API rate limits (szansa.api.throttling): requests per user and per anonymous address.
API_THROTTLE_RATES = {
    "anon": env_str("API_THROTTLE_ANON", "60/hour"),
    "user": env_str("API_THROTTLE_USER", "2000/hour"),
}

# API tokens: hashed, each with an expiry (days, at most API_TOKEN_MAX_DAYS) and revocable.
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No PESEL (or other 11-digit identifier) reaches the server's logs, whatever logs it: the filter
    # blanks them in every record of the console handler (szansa/lib/log_filters.py).
    "filters": {"redact_identifiers": {"()": "szansa.lib.log_filters.RedactIdentifiers"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_identifiers"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_identifiers"],
        },
    },
    # runserver's request lines (Django's own handler, here with the filter)
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "loggers": {"django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "szansa@localhost")

# PostgreSQL holds the unique constraint with NULLS NOT DISTINCT; the SQLite demo checks it in the model.
# axes.W006 asks to lock out by address too: the centre's staff sit behind one office address (NAT), so
# ten typos across the office would lock everyone out; Szansa locks the account (the username) instead
# (docs/data-protection.md#sign-in).
SILENCED_SYSTEM_CHECKS = ["models.W047", "axes.W006"]

# The day the centre separated administrative from social work (the Olkusz project's indicator compares
# the social workers' administrative share before and after it); the workload page defaults to it.
REORGANISATION_DATE = env_date("REORGANISATION_DATE")
# The centre's decisions (docs/social-work.md#decision): the register's sign from the filing plan, the
# authority named in the decision, its place and the signature block a draft starts with.
DECISION_NUMBER_PREFIX = env_str("DECISION_NUMBER_PREFIX", "OPS")
DECISION_AUTHORITY = env_str(
    "DECISION_AUTHORITY", "Kierownik Ośrodka Pomocy Społecznej działający z upoważnienia Burmistrza"
)
DECISION_PLACE = env_str("DECISION_PLACE", "Andrychów")
DECISION_SIGNATORY = env_str("DECISION_SIGNATORY", "z up. Burmistrza – Kierownik Ośrodka Pomocy Społecznej")

# The access log page (docs/data-protection.md#access-log): a user who reads more distinct people's
# data than this within one clock hour is flagged for the data protection officer.
ACCESS_LOG_HOURLY_THRESHOLD = env_int("ACCESS_LOG_HOURLY_THRESHOLD", 40)

# People registry: how similar two names must be (0-100, rapidfuzz) to warn of a possible duplicate.
DUPLICATE_NAME_SIMILARITY = env_int("DUPLICATE_NAME_SIMILARITY", 85)
