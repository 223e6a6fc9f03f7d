"""The provider's settings: its own SQLite file and signing key, both in the test's folder.

``PROVIDER_DIR`` names that folder; the key (``signing-key.pem``) is generated there by the test
(:mod:`tests.support.oidc_provider.process`), never kept in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

_FOLDER = Path(os.environ["PROVIDER_DIR"])

DEBUG = False
SECRET_KEY = "provider-under-test-" + "x7Qm2LpZ9vR4tW8yB1nC5dF3gH6jK0sA"
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
    "tests.support.oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.support.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    },
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _FOLDER / "provider.sqlite3"}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/accounts/login/"
# Other cookie names than Parity's, should both ever share a host in a test.
SESSION_COOKIE_NAME = "provider_session"
CSRF_COOKIE_NAME = "provider_csrftoken"
USE_TZ = True
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (_FOLDER / "signing-key.pem").read_text(encoding="ascii"),
    "OAUTH2_VALIDATOR_CLASS": "tests.support.oidc_provider.claims.ClaimsValidator",
    "SCOPES": {
        "openid": "Sign you in",
        "email": "Your e-mail address",
        "profile": "Your name",
    },
}
