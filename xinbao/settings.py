"""Django settings for xinbao.

Everything that differs between the demo, tests and production comes from environment
variables (see README.md, "生产部署 / Production"). Defaults give the offline SQLite demo.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("XINBAO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("XINBAO_DEBUG", True)
# The demo key is only acceptable with DEBUG on; production must set XINBAO_SECRET_KEY.
SECRET_KEY = os.environ.get("XINBAO_SECRET_KEY", "xinbao-demo-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("XINBAO_SECRET_KEY must be set when XINBAO_DEBUG is off")
ALLOWED_HOSTS = os.environ.get("XINBAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("XINBAO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# The domain apps, in dependency order. Each has the same shape (see ../shared/DESIGN.md).
XINBAO_APPS = [
    "xinbao.core",
    "xinbao.audit",
    "xinbao.orgs",
    "xinbao.notify",
    "xinbao.items",
    "xinbao.publications",
    "xinbao.instructions",
    "xinbao.commissions",
    "xinbao.scoring",
    "xinbao.insights",
    "xinbao.api",
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    *XINBAO_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "xinbao.core.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "xinbao.orgs.middleware.AdminSeparationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "xinbao.core.middleware.RequestContextMiddleware",
    "xinbao.core.middleware.ForcePasswordChangeMiddleware",
    # Axes must come last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "xinbao.urls"
WSGI_APPLICATION = "xinbao.wsgi.application"
ASGI_APPLICATION = "xinbao.asgi.application"

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
                "xinbao.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL through DATABASE_URL (postgres://user@host/db).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'xinbao.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web process read and write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=5000; PRAGMA cache_size=-64000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth and security ----------------------------------------------------------------------
AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "xinbao.orgs.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "xinbao.orgs.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failures lock the account for 15 minutes (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("XINBAO_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("XINBAO_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False

# Idle timeout: the session expires after this many idle minutes (every request renews it).
SESSION_IDLE_MINUTES = int(os.environ.get("XINBAO_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Behind HTTPS in production; the demo runs on plain http://127.0.0.1.
SECURE_COOKIES = env_bool("XINBAO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: only our own origin; no inline script anywhere in our templates.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("XINBAO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("XINBAO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("XINBAO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Files are served only by views that check the read policy; behind nginx they answer with
# X-Accel-Redirect to this internal location (docs/security.md). Empty: Django streams them.
XINBAO_PROTECTED_MEDIA_PREFIX = os.environ.get("XINBAO_PROTECTED_MEDIA_PREFIX", "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
XINBAO_MAX_ATTACHMENT_MB = int(os.environ.get("XINBAO_MAX_ATTACHMENT_MB", "20"))
# An office's own letterhead (.docx) for the 通报 and the 简报 (docs/decisions/0006-document-builder.md).
XINBAO_LETTERHEADS = {
    kind: path
    for kind, path in (
        ("notice", os.environ.get("XINBAO_LETTERHEAD_NOTICE", "")),
        ("issue", os.environ.get("XINBAO_LETTERHEAD_ISSUE", "")),
    )
    if path
}

# --- Background work (Django Tasks backport, database backend) ------------------------------
TASKS = {"default": {"BACKEND": os.environ.get("XINBAO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Email (optional; the in-app inbox always works) ----------------------------------------
EMAIL_HOST = os.environ.get("XINBAO_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("XINBAO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("XINBAO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("XINBAO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("XINBAO_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("XINBAO_EMAIL_FROM", "xinbao@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.locmem.EmailBackend"
)

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XINBAO_LOG_LEVEL", "WARNING")},
}

# Lockout is per account (username), so rotating addresses cannot get around it; axes warns
# because it would prefer IP-based locking too, which on an office NAT locks out whole buildings.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
