"""Parcours settings: one module, driven by environment variables (see README)."""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


def _development_secret_key() -> str:
    """A random key kept in var/ so that sessions survive a restart of `make run`."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "django_htmx",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_ratelimit",
    "simple_history",
    "core",
    "journeys",
    "stakeholders",
    "feedback",
    "gdpr",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A service account's session is refused: it uses the API with a token only.
    "core.accounts.ServiceAccountSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the signed-in user on every change of a register model (the audit trail).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, so that it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.role",
            ],
        },
    },
]

# Database: an embedded SQLite file unless DATABASE_URL names a server.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'parcours.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Checks a persistent connection before reuse, so a PostgreSQL restart costs a reconnect, not a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a Celery worker process started by the tests sees it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    VAR_DIR.mkdir(exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# Axes first: it refuses a locked-out username and IP before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.backends.CachedModelBackend",
]
# How long a user's permissions stay in the cache at most; any change to roles or permissions
# makes them stale at once (core/backends.py).
PERMISSIONS_CACHE_SECONDS = env.int("PERMISSIONS_CACHE_SECONDS", default=300)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"
# Off: nobody logs in with a Parcours password (the login page, the admin site); single
# sign-on only. Service accounts never log in anyway: they use API tokens.
PASSWORD_LOGIN_ENABLED = env.bool("PASSWORD_LOGIN_ENABLED", default=True)

# Single sign-on with OpenID Connect (core/sso.py, mozilla-django-oidc): on when
# OIDC_RP_CLIENT_ID is set. The provider's endpoints are given one by one, or read from its
# discovery document (OIDC_OP_DISCOVERY_URL, .../.well-known/openid-configuration); its
# signing keys from its JWKS endpoint (RS256 unless OIDC_RP_SIGN_ALGO says otherwise).
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="single sign-on")
OIDC_OP_DISCOVERY_URL = env.str("OIDC_OP_DISCOVERY_URL", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = True
# The claim that lists the person's groups, and which group gives which role
# ("cx-managers=cx_manager,dpo=dpo"): the first group of the map the person is in.
OIDC_ROLE_CLAIM = env.str("OIDC_ROLE_CLAIM", default="groups")
OIDC_ROLE_MAP = env.str("OIDC_ROLE_MAP", default="")
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "login"
if OIDC_RP_CLIENT_ID:
    from core.roles import role_map

    _endpoints = ("AUTHORIZATION", "TOKEN", "USER", "JWKS")
    if not OIDC_OP_DISCOVERY_URL and not all(
        env.str(f"OIDC_OP_{name}_ENDPOINT", default="") for name in _endpoints
    ):
        raise ImproperlyConfigured(
            "Single sign-on needs OIDC_OP_DISCOVERY_URL, or OIDC_OP_AUTHORIZATION_ENDPOINT, "
            "OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT and OIDC_OP_JWKS_ENDPOINT, besides "
            "OIDC_RP_CLIENT_ID."
        )
    try:
        role_map(OIDC_ROLE_MAP)
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from None
    AUTHENTICATION_BACKENDS.append("core.sso.SSOBackend")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
# The language of the demo organisation's content (`load_demo --language` overrides it).
DEMO_LANGUAGE = env.str("DEMO_LANGUAGE", default=LANGUAGE_CODE.split("-")[0])
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True
# Unambiguous dates in every language (config/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (the organisation's logo): outside the code, on a volume in docker-compose.
# Served by the app's own views (core.organisation_views), never as a folder.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mail: printed to the console unless EMAIL_URL names an SMTP server (smtp://, smtp+tls://,
# smtp+ssl://). Django 6.1's MAILERS replaces the EMAIL_* settings.
_email = env.email_url("EMAIL_URL", default="consolemail://")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            "host": _email["EMAIL_HOST"],
            "port": _email["EMAIL_PORT"],
            "username": _email["EMAIL_HOST_USER"],
            "password": _email["EMAIL_HOST_PASSWORD"],
            "use_tls": _email.get("EMAIL_USE_TLS", False),
            "use_ssl": _email.get("EMAIL_USE_SSL", False),
            "timeout": 10,
        }
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Parcours <parcours@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production values are the defaults; `make run` turns DEBUG on.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
X_FRAME_OPTIONS = "DENY"
# Every script and stylesheet is a file served by Parcours itself: no inline code, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Cache: shared by every process for rate limits and throttling, so production needs Redis
# (CACHE_URL=redis://host:6379/1; `check --deploy` warns otherwise). The embedded default is
# per process, which is enough for `make run`.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit only knows django-redis; Django's own Redis cache increments atomically.
    "django_ratelimit.W001",
]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # The embedded default: core.checks warns about it on `check --deploy` instead of failing
    # every management command.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# How many reverse proxies in front of Parcours append the client's address to X-Forwarded-For
# (the compose stack's TLS proxy: 1). With 0 the header is ignored: anyone can forge it. The
# lockout, the rate limits and the API throttles all read the client's address this way.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Login lockout (django-axes): five failures for one username from one IP lock that pair out.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.ratelimits.client_ip"
# Login attempts per username from all addresses together: slows a spread-out guesser down
# for one window at a time, never locks the account (core.views.login).
LOGIN_RATE_PER_USERNAME = env.str("LOGIN_RATE_PER_USERNAME", default="10/m")
# Password reset requests, each an e-mail: per address asked for and per client IP.
PASSWORD_RESET_RATE_PER_ADDRESS = env.str("PASSWORD_RESET_RATE_PER_ADDRESS", default="3/h")
PASSWORD_RESET_RATE_PER_CLIENT = env.str("PASSWORD_RESET_RATE_PER_CLIENT", default="10/h")
# Public survey answers per client IP (django-ratelimit); over it, the 429 page.
RATELIMIT_VIEW = "core.views.rate_limited"
RATELIMIT_IP_META_KEY = "core.ratelimits.client_ip"
SURVEY_RATE_LIMIT = env.str("SURVEY_RATE_LIMIT", default="30/m")
# Passwords tried on a shared journey map per client IP; over it, the 429 page.
SHARE_LINK_PASSWORD_RATE = env.str("SHARE_LINK_PASSWORD_RATE", default="5/m")

# Uploads: CSV imports are at most 1 MB (core.forms.CSVFileField); refuse larger bodies early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Celery: an embedded filesystem broker unless CELERY_BROKER_URL names a Redis server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# Delays, reminders and expiry are due-time rows polled by these tasks, never broker ETAs.
CELERY_BEAT_SCHEDULE = {
    "beat-heartbeat": {
        "task": "core.tasks.beat_heartbeat_task",
        "schedule": timedelta(minutes=env.int("BEAT_HEARTBEAT_MINUTES", default=5)),
    },
    "feedback-invitations-dispatch": {
        "task": "feedback.tasks.invitations_dispatch_task",
        "schedule": timedelta(minutes=1),
    },
    "feedback-case-replies-send": {
        "task": "feedback.tasks.case_replies_send_task",
        "schedule": timedelta(minutes=1),
    },
    "feedback-cases-flag-overdue": {
        "task": "feedback.tasks.cases_flag_overdue_task",
        "schedule": timedelta(seconds=env.int("FEEDBACK_CASE_CHECK_SECONDS", default=300)),
    },
    "core-notifications-deliver": {
        "task": "core.tasks.notifications_deliver_task",
        "schedule": timedelta(seconds=env.int("NOTIFICATIONS_DELIVER_SECONDS", default=60)),
    },
    "core-webhooks-deliver": {
        "task": "core.tasks.webhooks_deliver_task",
        "schedule": timedelta(seconds=env.int("WEBHOOK_DELIVER_SECONDS", default=60)),
    },
    "gdpr-respondents-purge-expired": {
        "task": "gdpr.tasks.respondents_purge_expired_task",
        "schedule": crontab(hour=3, minute=30),
    },
    "stakeholders-flag-missing-measurements": {
        "task": "stakeholders.tasks.sla_objectives_flag_missing_task",
        "schedule": crontab(hour=6, minute=0),
    },
}

# Lists count their rows exactly up to this many, and show the database's estimate beyond
# ("page 3 of about 40,000"), so a page of a big table costs what a page of a small one does.
PAGINATION_EXACT_COUNT_LIMIT = env.int("PAGINATION_EXACT_COUNT_LIMIT", default=10_000)
# Webhooks: the waits before each retry (seconds; about 24 hours in all), the failures in a
# row that pause a subscription, the overlap of a rotated secret, and whether private and
# loopback addresses may be called (tests and closed networks only).
WEBHOOK_RETRY_SCHEDULE = env.list(
    "WEBHOOK_RETRY_SCHEDULE", cast=int, default=[60, 300, 1800, 3600, 7200, 14400, 28800, 28800]
)
WEBHOOK_PAUSE_AFTER_FAILURES = env.int("WEBHOOK_PAUSE_AFTER_FAILURES", default=20)
WEBHOOK_SECRET_OVERLAP = timedelta(hours=env.int("WEBHOOK_SECRET_OVERLAP_HOURS", default=24))
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.APITokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # A token acts within its scopes and its user's role; a session within the role.
    "DEFAULT_PERMISSION_CLASSES": [
        "core.api.permissions.TokenScopes",
        "core.api.permissions.RolePermissions",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "PAGE_SIZE": 50,
    # JSON only: a form-encoded body turns every number and boolean into text.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.filters.FilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.ScopedAutoSchema",
    # Per user (token or session) and, for anonymous calls, per IP; a 429 says when to retry.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttling.UserRateThrottle",
        "core.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_RATE_USER", default="5000/hour"),
        "anon": env.str("API_RATE_ANON", default="100/hour"),
    },
    # Anonymous throttling reads the client's address as core.ratelimits.client_ip does.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "EXCEPTION_HANDLER": "core.api.exceptions.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Parcours API",
    "DESCRIPTION": "Customer journeys, stakeholders, follow-up surveys and the GDPR register.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_responses",
        "core.api.schema.blank_text_as_one_string",
    ],
    # Choices that share a field name across models get their own schema names.
    "ENUM_NAME_OVERRIDES": {
        "WebhookEventTypeEnum": "core.webhooks.models.EVENT_TYPE_CHOICES",
        "ChannelEnum": "journeys.models.Touchpoint.Channel",
        "ObservationKindEnum": "journeys.models.Observation.Kind",
        "ActionStatusEnum": "journeys.models.Action.Status",
        "StakeholderKindEnum": "stakeholders.models.Stakeholder.Kind",
        "InterviewStatusEnum": "stakeholders.models.Interview.Status",
        "InvitationStatusEnum": "feedback.models.Invitation.Status",
        "CaseStatusEnum": "feedback.models.Case.Status",
        "DissatisfactionRiskEnum": "journeys.models.DissatisfactionRisk",
        "DataCategoryEnum": "gdpr.models.DataItem.Category",
        "ObservationSeverityEnum": "journeys.models.map.OBSERVATION_SEVERITIES",
        "CaseChannelEnum": "feedback.models.Channel",
        "BuyingRoleEnum": "journeys.models.BuyingRole",
        "StandardComparisonEnum": "journeys.models.MomentOfTruth.Comparison",
        "MeasurementPeriodEnum": "journeys.models.MeasurementPeriod",
        "ComparisonEnum": "stakeholders.models.SLAObjective.Comparison",
        "PeriodEnum": "stakeholders.models.SLAObjective.Period",
    },
}

# Feedback: the host in survey links, the complaint-case deadline, and how many answers a
# stage needs before its survey score replaces the manual emotion score on the map.
PARCOURS_BASE_URL = env.str("PARCOURS_BASE_URL", default="http://127.0.0.1:8000")
# A case's deadline after it is opened, by severity, in seconds; its owner is told when it is
# due soon (FEEDBACK_CASE_DUE_SOON_SECONDS before) and overdue; ESCALATION_SECONDS after the
# deadline it escalates to the journey's escalation contact, as long again to the CX managers.
FEEDBACK_CASE_DEADLINE_SECONDS = {
    "critical": env.int("FEEDBACK_CASE_DEADLINE_CRITICAL_SECONDS", default=4 * 3600),
    "high": env.int("FEEDBACK_CASE_DEADLINE_HIGH_SECONDS", default=24 * 3600),
    "medium": env.int("FEEDBACK_CASE_DEADLINE_MEDIUM_SECONDS", default=48 * 3600),
    "low": env.int("FEEDBACK_CASE_DEADLINE_LOW_SECONDS", default=5 * 24 * 3600),
}
FEEDBACK_CASE_DUE_SOON_SECONDS = env.int("FEEDBACK_CASE_DUE_SOON_SECONDS", default=2 * 3600)
FEEDBACK_CASE_ESCALATION_SECONDS = env.int("FEEDBACK_CASE_ESCALATION_SECONDS", default=24 * 3600)
# A customer spending at least this much a year (in the organisation's currency) is of high
# value: their compensation guideline moves up (feedback/compensation.py).
FEEDBACK_HIGH_VALUE_CUSTOMER = env.int("FEEDBACK_HIGH_VALUE_CUSTOMER", default=1000)
FEEDBACK_MIN_RESPONSES_FOR_SCORE = env.int("FEEDBACK_MIN_RESPONSES_FOR_SCORE", default=10)
# After a case is resolved, its recovery survey goes this long after (seconds) and can be
# answered for RECOVERY_SURVEY_DAYS; a promoter's review invitation goes PROMOTER_..._SECONDS
# after their answer, when the journey's review link asks for it.
FEEDBACK_RECOVERY_SURVEY_DELAY_SECONDS = env.int(
    "FEEDBACK_RECOVERY_SURVEY_DELAY_SECONDS", default=0
)
FEEDBACK_RECOVERY_SURVEY_DAYS = env.int("FEEDBACK_RECOVERY_SURVEY_DAYS", default=14)
FEEDBACK_PROMOTER_FOLLOW_UP_DELAY_SECONDS = env.int(
    "FEEDBACK_PROMOTER_FOLLOW_UP_DELAY_SECONDS", default=24 * 3600
)
# The journey map's "SLA breached" badge: a breach of the current period or of the
# SLA_BREACH_WINDOW_PERIODS - 1 before it (each objective's own period: week, month, quarter).
SLA_BREACH_WINDOW_PERIODS = env.int("SLA_BREACH_WINDOW_PERIODS", default=2)
# GDPR: respondents with no service event for this many months have their personal data
# erased by a nightly beat task (their answers stay, anonymised).
GDPR_RESPONDENT_RETENTION_MONTHS = env.int("GDPR_RESPONDENT_RETENTION_MONTHS", default=24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Axes logs every sign-in at INFO; failures and lockouts are warnings.
    # fpdf2's font subsetting (the Article 30 PDF) logs every glyph at INFO.
    "loggers": {"axes": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
