"""Parity's one settings file: every value that differs between installs comes from the
environment (see docs/self-hosting.md), and the defaults are those of a laptop install."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from whitenoise.compress import Compressor

from parity.web.environment import (
    DEFAULT_PUBLIC_RATE_LIMIT,
    cache,
    data_dir,
    database,
    env_flag,
    env_int,
    env_list,
    env_switch,
    log_format,
    secret_key,
    single_sign_on,
    stance_reader,
    tasks,
)
from parity.web.error_reporting import start as start_error_reporting
from parity.web.logformat import formatters

# Lets forms and querysets be subscripted (ModelForm[Party]) at run time, as the type stubs want.
django_stubs_ext.monkeypatch()

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
DEBUG = env_flag("PARITY_DEBUG")
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("PARITY_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PARITY_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The operators' admin at /admin/, with only the models parity.web.operator_admin registers.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The API's Swagger UI from the files django-ninja ships, never from a CDN.
    "ninja",
    # Who changed what in an organization (parity.web.audit, docs/privacy.md).
    "auditlog",
    # Locks out password guessers (parity.web.accounts.signin).
    "axes",
    # The optional second factor (parity.web.accounts.two_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Long work off the request path (parity.web.worker): Django's tasks, queued in the database.
    "django_tasks",
    "django_tasks_db",
    "parity.web.orgs",
    "parity.web.accounts",
    "parity.web.surveys",
    "parity.web.insights",
    "parity.web.audit",
]
MIDDLEWARE = [
    # First, so that its hook is on the response the server closes (parity.web.after_response).
    "parity.web.after_response.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language chosen with the header's switch, else the browser's (Accept-Language); the
    # next one keeps a survey's chosen language on its pages, and the API in English
    # (parity.web.language).
    "django.middleware.locale.LocaleMiddleware",
    "parity.web.language.SurveyLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "parity.web.ratelimit.PublicRateLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "parity.web.accounts.two_factor.SecondFactorMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
ROOT_URLCONF = "parity.web.urls"
WSGI_APPLICATION = "parity.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
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

DATABASES = {"default": database(DATA_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Shared by every server process, so that a rate limit is one count whatever the number of
# processes or machines: a table in the database, or Redis with PARITY_REDIS_URL.
CACHES = {"default": cache()}
# Long work (a large organization's PDF) is queued here and done by the worker (parity.web.worker).
TASKS = tasks()

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "orgs:list"
LOGOUT_REDIRECT_URL = "accounts:login"
# Sign-in throttling (parity.web.accounts.signin, docs/self-hosting.md "Signing in"): after
# PARITY_SIGNIN_FAILURES failed sign-ins for one user name, or from one client address, further
# attempts are refused for PARITY_SIGNIN_COOLOFF_MINUTES, before any password is checked.
AUTHENTICATION_BACKENDS = [
    "parity.web.accounts.signin.ThrottledSignIn",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("PARITY_SIGNIN_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("PARITY_SIGNIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A try during the pause starts it again: a guesser who keeps trying stays locked out.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_DISABLE_ACCESS_LOG = True
AXES_CLIENT_IP_CALLABLE = "parity.web.accounts.signin.client_ip"
AXES_LOCKOUT_CALLABLE = "parity.web.accounts.signin.locked_out"
# A refused single sign-on counts as a failure too; its one-time code and state stay out of
# the table of failures.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "state"]
# Single sign-on with an OpenID Connect provider (parity.web.accounts.single_sign_on,
# docs/self-hosting.md "Single sign-on"): off, None, unless PARITY_OIDC_* name a provider.
SINGLE_SIGN_ON = single_sign_on()
if SINGLE_SIGN_ON is not None:
    globals().update(SINGLE_SIGN_ON.client_settings)
    AUTHENTICATION_BACKENDS.append("parity.web.accounts.single_sign_on.SingleSignOnBackend")
# The name that authenticator apps show next to the account.
OTP_TOTP_ISSUER = os.environ.get("PARITY_TOTP_ISSUER", "Parity")

LANGUAGE_CODE = "en"
# The languages of the interface and of the survey (docs/instrument.md, "Translations"); the
# German catalog is shipped compiled (docs/development.md, "Translations"). Dates and numbers
# follow the page's language (Django's localization, always on since 5.0).
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = os.environ.get("PARITY_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [WEB_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are fetched only by a browser's developer tools: compressing them (several MB of
# Swagger UI's) took most of a first start's minute on a small machine.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

EMAIL_HOST = os.environ.get("PARITY_EMAIL_HOST", "")
EMAIL_PORT = env_int("PARITY_EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("PARITY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PARITY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = not env_flag("PARITY_EMAIL_NO_TLS")
# Without SMTP, mail is announced on the console without its addresses or links (see
# parity.web.mailer); PARITY_DEBUG_MAIL=1 prints it whole, for a laptop only.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "parity.web.mailer.QuietConsoleBackend"
)
DEBUG_MAIL = env_flag("PARITY_DEBUG_MAIL")
DEFAULT_FROM_EMAIL = os.environ.get("PARITY_FROM_EMAIL", "parity@localhost")

# Behind a TLS-terminating reverse proxy, PARITY_HTTPS=1 turns on the settings that
# `manage.py check --deploy` asks for.
HTTPS = env_flag("PARITY_HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("PARITY_HSTS_SECONDS", 31536000 if HTTPS else 0)
# HSTS for the host's subdomains too (on by default: Parity has a host name of its own). Being
# preloaded into browsers is the operator's decision, so it is neither on by default nor
# silently ignored: `check --deploy` reports security.W021 until PARITY_HSTS_PRELOAD says 1
# (send the preload directive) or 0 (decided against; the warning is then silenced, and
# Django's "(1 silenced)" says so). The same goes for PARITY_HSTS_SUBDOMAINS=0 and W005.
_HSTS_SUBDOMAINS = env_switch("PARITY_HSTS_SUBDOMAINS")
_HSTS_PRELOAD = env_switch("PARITY_HSTS_PRELOAD")
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HSTS_SUBDOMAINS is not False
SECURE_HSTS_PRELOAD = _HSTS_PRELOAD is True
SILENCED_SYSTEM_CHECKS = [
    *(["security.W005"] if _HSTS_SUBDOMAINS is False else []),
    *(["security.W021"] if _HSTS_PRELOAD is False else []),
]
X_FRAME_OPTIONS = "DENY"
# The record of changes keeps who made each change, never from which address; a change to a
# relationship or membership names the party or account rather than its number.
AUDITLOG_DISABLE_REMOTE_ADDR = True
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
# Every page says that its scripts, styles, fonts and images come from Parity itself: no inline
# script or style, no other site (data: images are the icons inside vendored style sheets).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# The public token pages (survey links, codes, released results): failed look-ups (unknown
# links or codes) per client address and minute, 0 for no limits at all; each working link has
# a generous limit of its own. And how many reverse proxies stand in front (parity.web.ratelimit).
PUBLIC_RATE_LIMIT = env_int("PARITY_PUBLIC_RATE_LIMIT", DEFAULT_PUBLIC_RATE_LIMIT)
PROXY_COUNT = env_int("PARITY_PROXY_COUNT", 0)

# Error reports to Sentry only when PARITY_SENTRY_DSN is set, masked like the logs
# (parity.web.error_reporting; needs the sentry extra).
SENTRY_ENABLED = start_error_reporting(os.environ.get("PARITY_SENTRY_DSN", "").strip())

# How free-text answers are read (docs/method.md, "Reading the words"): light or embeddings.
PARITY_STANCE_READER = stance_reader()

# Every line is masked (parity.web.logmask): no survey or results token, printed code or e-mail
# address reaches the logs. Django's own loggers lose the handlers it gives them by default,
# which would print unmasked, and pass their records to the masked one instead. Two of them
# never log below INFO, since what they print at DEBUG no mask can clean: the templates' whole
# page contexts (a respondent's answers), and each SQL statement with its values.
_LOG_LEVEL = os.environ.get("PARITY_LOG_LEVEL", "WARNING")
_NEVER_DEBUG = "INFO" if _LOG_LEVEL.strip().upper() == "DEBUG" else _LOG_LEVEL
# PARITY_LOG_FORMAT=json writes one JSON object a line, masked the same (parity.web.logformat).
LOG_FORMAT = log_format()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask": {"()": "parity.web.logmask.MaskFilter"}},
    "formatters": formatters(),
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask"], "formatter": LOG_FORMAT}
    },
    "loggers": {
        "django": {"handlers": [], "level": _LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.template": {"level": _NEVER_DEBUG},
        "django.db.backends": {"level": _NEVER_DEBUG},
    },
    "root": {"handlers": ["console"], "level": _LOG_LEVEL},
}
