"""Settings for quizsite, read from the environment.

Defaults suit development (SQLite, local-memory cache); production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from quizsite.secret_key import development_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development)."
        )
    # Random, made once per checkout in a git-ignored file (quizsite/secret_key.py).
    SECRET_KEY = development_secret_key(BASE_DIR / ".secret_key")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Daphne's runserver serves ASGI (HTTP and the live game's WebSockets) in development;
    # it must come before django.contrib.staticfiles, whose runserver it replaces.
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",
    # One app per concern, in their layers (docs/architecture.md): each imports only
    # those listed before it (import-linter's contract in pyproject.toml).
    "quizzes.core",
    "quizzes.accounts",
    "quizzes.sources",
    "quizzes.questions",
    "quizzes.attempts",
    "quizzes.documents",
    "quizzes.flashcards",
    "quizzes.classes",
    "quizzes.live",
    "quizzes.reports",
    "quizzes.interop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Refuses NUL characters and integers beyond 64 bits before any view (quizsite/boundary.py).
    "quizsite.boundary.InputBoundaryMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in user's time zone for the request (not read without a session cookie).
    "quizzes.accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Vary: HX-Request on the responses of views that answer htmx with a fragment.
    "quizzes.core.htmx.VaryOnHtmxMiddleware",
    # Turns a sign-in that axes locked out into its page (quizzes/accounts/throttle.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "quizsite.urls"
WSGI_APPLICATION = "quizsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,  # each app's templates/<app>/; the base template is quizzes.core's
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "quizzes.flashcards.context_processors.user_studies",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The rating's write is the app's one prepared statement (flashcards/services.py):
    # planned once per connection, not for every rating. Django's cursors bind parameters
    # client-side and never prepare, so these two settings change nothing else.
    # Added to any options DATABASE_URL gives (?sslmode=…, ?options=…).
    db_options = DATABASES["default"].setdefault("OPTIONS", {})
    db_options["prepare_threshold"] = 0
    db_options["options"] = f"{db_options.get('options', '')} -c plan_cache_mode=force_generic_plan"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and WAL let concurrent requests wait instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# The live game's pushes (docs/live.md): through Redis every app server reaches every
# socket; without REDIS_URL (make run, tests) one process's memory, which suits one process.
ASGI_APPLICATION = "quizsite.asgi.application"
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out sign-in before any password is checked. Then
# ModelBackend with a per-request user load compiled once (quizzes/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "quizzes.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"  # still picks the date and number formats
FORMAT_MODULE_PATH = ["quizsite.formats"]  # one date-and-time format (formats/en_GB)
TIME_ZONE = "UTC"
# The app is in English only and has no translations. Without the translation machinery,
# every reverse(), number and date shown stops asking the request's active language
# (a context-local lookup each time: ~3 % of the question screen's CPU).
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "quizsite.storage.StaticFilesStorage"  # WhiteNoise's, URLs remembered
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# In development files are looked up per request instead of every app's static files being
# scanned when the middleware is built. WhiteNoise's own default reads settings.DEBUG when the
# middleware is built, which the test runner has turned off by then, so each test client
# would scan them all again.
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads (question imports) are small text files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
QUIZZES_MAX_UPLOAD_BYTES = int(os.environ.get("QUIZZES_MAX_UPLOAD_BYTES", 2 * 1024 * 1024))

SEEDS_DIR = BASE_DIR / "seeds"

# Background tasks (django.tasks): drafting questions from a teacher's document. Queued in
# the database (django-tasks-db), run by `manage.py db_worker`, which `make run` starts;
# the tests run them at once (tests/conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Sign-in throttling (django-axes; docs/deploy.md): a username and an address together are
# locked for the cool-off after AXES_FAILURE_LIMIT failures, counted in the database
# (shared by every app server, never evicted); a success clears them. Staff unlock in the
# admin (Axes → Access attempts) or with `manage.py axes_reset_username <name>`.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries while locked are refused without a write: hammering neither extends the lock nor
# grows its row (axes appends each try's form data to it).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_DISABLE_ACCESS_LOG = True  # no row per successful sign-in: failures are what count
AXES_CLIENT_IP_CALLABLE = "quizzes.accounts.throttle.client_address"
AXES_USERNAME_CALLABLE = "quizzes.accounts.throttle.attempted_username"
AXES_LOCKOUT_CALLABLE = "quizzes.accounts.throttle.lockout_response"
# Reverse proxies in front of the app that append the client's address to
# X-Forwarded-For (1 behind one nginx); 0: the client is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Content-Security-Policy (Django's own, docs/deploy.md): everything from this origin, no
# inline script or style, nothing framed. A template that needs an inline <script> gives it
# {% csp_nonce_attr %}; the nonce is added to the header only on pages that use it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # data: for Pico CSS's own small SVG icons (a select's chevron, a checkbox's tick),
    # which its stylesheet carries as data: URLs; images only, never script.
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features the app never uses, refused to every page and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# E-mail (password resets): printed to the console in development; in production sent
# through the SMTP server the environment names (docs/deploy.md).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "NATO Study <noreply@localhost>")
if DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS: dict[str, dict[str, object]] = {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
