"""Settings for huanjie, read from the environment (see README: 部署).

DATABASE_URL     sqlite:///... (default: $HUANJIE_DATA_DIR/huanjie.sqlite3) or postgres://...
SECRET_KEY       optional; a random key is kept in $HUANJIE_DATA_DIR/secret_key otherwise
DEBUG            false by default
ALLOWED_HOSTS    comma-separated, default 127.0.0.1,localhost
HUANJIE_DATA_DIR where the SQLite database, uploads and backups live (default ./var)
HUANJIE_AUDIT_KEY the Ed25519 key file that signs the audit chain's checkpoints (default: created in the data dir)
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from huanjie.env import data_dir, env_bool, env_file, env_int, env_list, env_proxy_count, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = data_dir(PROJECT_DIR / "var")

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = secret_key(DATA_DIR)
# The audit chain's checkpoints are signed with a key kept out of the database (docs/audit.md):
# $HUANJIE_DATA_DIR/audit-checkpoint.key, created on first use, unless the deployment names its file.
AUDIT_CHECKPOINT_KEY_FILE = env_file("HUANJIE_AUDIT_KEY")
AUDIT_CHECKPOINT_JOURNAL = DATA_DIR / "audit-checkpoints.jsonl"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "huanjie.audit.adminsite.ReadOnlyAdminConfig",  # django.contrib.admin, read-only (audit/adminsite.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs page's Swagger UI from its static files, not from a CDN
    "huanjie.audit",
    "huanjie.accounts",
    "huanjie.roster",
    "huanjie.reelection",
    "huanjie.visits",
    "huanjie.ledgers",
    "huanjie.notices",
    "huanjie.candidates",
    "huanjie.voting",
    "huanjie.charter",
    "huanjie.contingency",
    "huanjie.projects",
    "huanjie.training",
    "huanjie.jointoffice",
    "huanjie.handover",
    "huanjie.ops",
    "huanjie.personaldata",
    "huanjie.holidays",
    "huanjie.office",
    "huanjie.letters",
    "huanjie.web",
    "huanjie.api",
    "huanjie.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "huanjie.web.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "huanjie.web.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "huanjie.urls"
WSGI_APPLICATION = "huanjie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "huanjie.web.context.site",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'huanjie.sqlite3'}")
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as error:  # dj_database_url raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a database URL: {error}") from error
    engine = str(config["ENGINE"])
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers go on while a ballot is written; IMMEDIATE takes the write lock at
        # BEGIN so that two writers queue instead of failing half-way with "database is locked".
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"DATABASE_URL uses {engine}; huanjie supports SQLite and PostgreSQL.")
    config["ATOMIC_REQUESTS"] = False
    config["TEST"] = {"NAME": f"test_{config.get('NAME') or 'huanjie'}"} if engine.endswith("postgresql") else {}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed logins and owner-code guesses allowed per key in the window before a lock-out.
HUANJIE_LOGIN_MAX_FAILURES = env_int("HUANJIE_LOGIN_MAX_FAILURES", default=5, minimum=1)
HUANJIE_LOGIN_WINDOW_SECONDS = env_int("HUANJIE_LOGIN_WINDOW_SECONDS", default=900, minimum=1)
# Staff roles that must use two-step sign-in (e.g. "supervisor,working_group"); none by default.
HUANJIE_TWO_FACTOR_REQUIRED_ROLES = env_list("HUANJIE_TWO_FACTOR_REQUIRED_ROLES", default=[])
# An owner signed in with the code from the letter stays signed in on that phone this many days
# from sign-in (not from the last visit), then signs in again. 30: NIST SP 800-63B §4.1.3 asks a
# single-factor (AAL1) session to re-authenticate at least every 30 days, and the busiest stretch
# of a re-election (candidates' notice to the vote, 15 + 7 days at least) fits in one session.
# The personal-data download asks for the letter's code again whatever the session's age.
HUANJIE_OWNER_SESSION_DAYS = env_int("HUANJIE_OWNER_SESSION_DAYS", default=30, minimum=1)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every request when it is missing
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the package; `collectstatic` is optional
# Roster files of a 20,000-unit community are a few MB; 50 MB is refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
HUANJIE_MAX_IMPORT_BYTES = env_int("HUANJIE_MAX_IMPORT_BYTES", default=20 * 1024 * 1024, minimum=1024)

# Secure by default; a laptop demo sets DEBUG=true (make run does).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("HUANJIE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("HUANJIE_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("HUANJIE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Preloading is the deployment's own decision, hard to undo (browsers would refuse plain HTTP on the
# domain and every subdomain for months after): off unless HUANJIE_HSTS_PRELOAD=true asks for it.
SECURE_HSTS_PRELOAD = env_bool("HUANJIE_HSTS_PRELOAD", default=False)
# Django's deploy check warns when preload is off; here that is the default on purpose.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# How many reverse proxies stand in front of huanjie (nginx alone: 1), each appending to
# X-Forwarded-For; the throttles key each client by the address the outermost one saw
# (accounts/clients.py, README 部署). 0: clients connect directly and the header is ignored.
HUANJIE_TRUSTED_PROXIES = env_proxy_count("HUANJIE_TRUSTED_PROXIES")
BEHIND_PROXY = env_bool("HUANJIE_BEHIND_PROXY", default=HUANJIE_TRUSTED_PROXIES > 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"huanjie": {"handlers": ["console"], "level": env_str("HUANJIE_LOG_LEVEL", "INFO")}},
}
