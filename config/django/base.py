"""Settings shared by every environment.

Layering: ``base`` holds everything common and reads the environment; ``local`` (the
default of ``manage.py`` and ``make run``), ``test`` (pytest) and ``production``
(gunicorn) import it and change only what differs. Nothing secret or machine-specific is
written here: it comes from the environment or from ``.env`` (see ``.env.example``).
"""

from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, env

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "django_tasks_db",
    "orbita.core",
    "orbita.accounts",
    "orbita.registry",
    "orbita.imports",
    "orbita.diagnosis",
    "orbita.mentoring",
    "orbita.partnerships",
    "orbita.collaboration",
    "orbita.monitoring",
    "orbita.dashboard",
    "orbita.api",
    "orbita.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "orbita.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "orbita.core.middleware.DatabaseUnavailableMiddleware",
    # AxesMiddleware must be the last one: it turns a lock-out into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "orbita" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orbita.accounts.context_processors.scope",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL=postgres://… switches to PostgreSQL.
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'orbita.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers work while an import writes; the busy timeout waits for a lock
            # instead of failing at once.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out login before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one login from one
# address, that combination is locked for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

LANGUAGE_CODE = "ru"
# Only Russian until another catalogue exists: a browser asking for English would otherwise
# get English plural rules on Russian text («2 школ»).
LANGUAGES = [("ru", _("Русский"))]
LOCALE_PATHS = [BASE_DIR / "orbita" / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
# Front-end libraries are copied from node_modules into var/vendor by `make assets`
# (scripts/vendor.mjs): installed from the npm registry, never committed, never a CDN.
STATICFILES_DIRS = [BASE_DIR / "orbita" / "static", ("vendor", BASE_DIR / "var" / "vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files live outside the web root and are served by views that check scope.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ORBITA_IMPORT_MAX_BYTES = env.int("ORBITA_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)

# E-mail (Django 6.1 MAILERS): the console backend prints messages in development;
# production defaults to SMTP. EMAIL_BACKEND and EMAIL_HOST… come from the environment.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def build_mailers(default_backend: str) -> dict[str, dict[str, object]]:
    backend = env.str("EMAIL_BACKEND", default=default_backend)
    options: dict[str, object] = {}
    if backend == SMTP_BACKEND:
        options = {
            "host": env.str("EMAIL_HOST", default="localhost"),
            "port": env.int("EMAIL_PORT", default=25),
            "username": env.str("EMAIL_HOST_USER", default=""),
            "password": env.str("EMAIL_HOST_PASSWORD", default=""),
            "use_tls": env.bool("EMAIL_USE_TLS", default=False),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = build_mailers("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="orbita@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy with Django's built-in middleware: everything from our own
# origin, no inline scripts; the nonce is there for the rare inline block that needs it.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous request gets 401 with WWW-Authenticate: Token.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "orbita.api.schema.OrbitaAutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "anon": "60/minute",
        "user": "1200/minute",
        "api_token": "10/minute",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Orbita API",
    "DESCRIPTION": (
        "Сетевое наставничество: школы, педагоги, диагностика, партнёрства, наставничество."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Choice sets that share a field name (status, format) get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "MentorStatusEnum": "orbita.mentoring.models.MentorProfile.Status",
        "PairStatusEnum": "orbita.mentoring.models.MentoringPair.Status",
        "PlanItemStatusEnum": "orbita.mentoring.models.PairPlanItem.Status",
        "PlanItemFormatEnum": "orbita.mentoring.models.PairPlanItem.Format",
        "WantedFormatEnum": "orbita.mentoring.models.WantedFormat",
        "WorkFormatEnum": "orbita.mentoring.models.WorkFormat",
        "PairFormEnum": "orbita.mentoring.models.PairForm",
        "RoadmapItemStatusEnum": "orbita.partnerships.models.RoadmapItem.Status",
        "RiskFactorEnum": "orbita.partnerships.models.RiskFactor",
        "RiskLevelEnum": "orbita.partnerships.models.RiskLevel",
        "WeekdayEnum": "orbita.partnerships.models.Weekday",
        "SurveyKindEnum": "orbita.monitoring.models.SurveyKind",
        "QuestionKindEnum": "orbita.monitoring.models.Question.Kind",
        "AssessmentStageEnum": "orbita.monitoring.models.CompetencyAssessment.Stage",
        "AssessorEnum": "orbita.monitoring.models.CompetencyAssessment.Assessor",
        "AudienceEnum": "orbita.monitoring.models.Audience",
        "EventKindEnum": "orbita.collaboration.models.EventKind",
        "MaterialKindEnum": "orbita.collaboration.models.MaterialKind",
        "AudienceRoleEnum": "orbita.collaboration.models.AudienceRole",
        "DirectionEnum": "orbita.collaboration.models.Direction",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Background tasks (Django's django.tasks): the recompute of the diagnosis flags, matching
# runs, reports, reminders. The immediate backend runs a task in-process right after the
# transaction that asked for it commits (development, tests, a single small server); a
# region sets TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker`
# beside gunicorn (docs/deployment.md): the queue is a table of the same database.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Map tiles for the diagnosis map: none by default (the map works offline, points on a
# plain background); e.g. a regional tile server "https://tiles.example.ru/{z}/{x}/{y}.png".
ORBITA_MAP_TILE_URL = env.str("ORBITA_MAP_TILE_URL", default="")

# Demo logins are created only by `load_demo`; this is their shared password.
ORBITA_DEMO_PASSWORD = "orbita-demo"  # noqa: S105
