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
ALLOWED_HOSTS = os.environ.get("XINBAO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]", "::1", ""}
# Production is declared (XINBAO_ENV=production) or evident (the site answers to a real host name).
PRODUCTION = os.environ.get("XINBAO_ENV", "").strip().lower() == "production" or bool(
    {h.strip() for h in ALLOWED_HOSTS} - LOCAL_HOSTS
)
# The demo key is only acceptable for the demo on this machine; see check_production_settings below.
DEMO_SECRET_KEY = "xinbao-demo-insecure-key-change-me"
SECRET_KEY = os.environ.get("XINBAO_SECRET_KEY", DEMO_SECRET_KEY if DEBUG else "")


def check_production_settings(debug: bool, production: bool, secret_key: str) -> None:
    """Refuse to start (a clear message to the operator, before anything is served) when a
    production site would run with DEBUG pages or a guessable key. Messages are bilingual: they
    go to the operator's console before translations are loaded."""
    from django.core.exceptions import ImproperlyConfigured

    if debug and production:
        raise ImproperlyConfigured(
            "生产环境不能开启调试模式：请设置 XINBAO_DEBUG=0。"
            " / DEBUG must be off in production (XINBAO_ENV=production or a real host in XINBAO_ALLOWED_HOSTS)."
        )
    if debug:
        return
    if not secret_key:
        raise ImproperlyConfigured("XINBAO_DEBUG=0 时必须设置 XINBAO_SECRET_KEY。 / XINBAO_SECRET_KEY must be set.")
    if secret_key == DEMO_SECRET_KEY or len(secret_key) < 50 or len(set(secret_key)) < 10:
        raise ImproperlyConfigured(
            "XINBAO_SECRET_KEY 过短或是演示密钥：请设置至少50个字符的随机密钥，例如"
            " python -c 'import secrets; print(secrets.token_urlsafe(50))'。"
            " / XINBAO_SECRET_KEY must be a random key of at least 50 characters, not the demo key."
        )


check_production_settings(DEBUG, PRODUCTION, SECRET_KEY)
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
    "xinbao.urgent",
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
    "xinbao.core.middleware.SessionRenewalMiddleware",
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
    "xinbao.core.middleware.NoStoreMiddleware",
    "xinbao.core.middleware.BadInputMiddleware",
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
            # Reads through a memory map instead of a read() per page: a year's recompute reads ~10^6 rows
            # scattered over the file (the adoptions' credits and items), about twice as fast mapped.
            " PRAGMA mmap_size=1073741824;"
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
# Axes reads the client's address with the same rule as the audit log (see XINBAO_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "xinbao.core.middleware.request_ip"

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated, e.g.
# "127.0.0.1" for nginx on the same machine). Empty: the socket's address is the client's.
XINBAO_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("XINBAO_TRUSTED_PROXIES", "").split(",") if p.strip()]

# Passwords (等保): the last N passwords cannot be reused; an optional maximum age in days
# (0 = passwords do not expire); a reset link is valid for this many hours and once only.
# Roles whose work uses programs talking to the API (drafting tools, exchange with other systems); only
# they see the API 令牌 menu and may hold a working token. Leaders, duty officers and the
# audit admin work in the pages.
XINBAO_API_ROLES = frozenset(
    r.strip()
    for r in os.environ.get(
        "XINBAO_API_ROLES",
        "officer,special_officer,cppcc_member,signer,hub_editor,hub_chief,hub_director,system_admin,security_admin",
    ).split(",")
    if r.strip()
)
XINBAO_PASSWORD_HISTORY = int(os.environ.get("XINBAO_PASSWORD_HISTORY", "5"))
XINBAO_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("XINBAO_PASSWORD_MAX_AGE_DAYS", "0"))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("XINBAO_RESET_LINK_HOURS", "72")) * 3600

# Audit retention: rows younger than this are never purged (at least 180 days, 等保 asks for 6
# months); ``manage.py audit_purge`` exports older rows to Excel before deleting them.
XINBAO_AUDIT_RETENTION_DAYS = int(os.environ.get("XINBAO_AUDIT_RETENTION_DAYS", "365"))

# Idle timeout: the session expires after this many idle minutes. Requests renew it, at most once a minute
# (core.middleware.SessionRenewalMiddleware), so a page view does not write the session every time.
SESSION_IDLE_MINUTES = int(os.environ.get("XINBAO_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
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
if SECURE_COOKIES and not DEBUG:
    # HTTPS only from now on: browsers refuse plain http to this host for a year.
    SECURE_HSTS_SECONDS = int(os.environ.get("XINBAO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("XINBAO_HSTS_SUBDOMAINS", False)
    SECURE_SSL_REDIRECT = env_bool("XINBAO_SSL_REDIRECT", False)  # usually nginx redirects

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
