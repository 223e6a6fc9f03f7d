"""Settings for the tests: Parity's own settings, with a throw-away data folder.

The environment is set before the real settings are imported, because they read it at import
time; the web tests' conftest explains how the same tests also run on PostgreSQL.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

_DATA_DIR = tempfile.mkdtemp(prefix="parity-tests-")
atexit.register(shutil.rmtree, _DATA_DIR, ignore_errors=True)
os.environ["PARITY_DATA_DIR"] = _DATA_DIR
os.environ.pop("PARITY_SECRET_KEY", None)

from parity.web import environment as _parity_environment  # noqa: E402
from parity.web import settings as _parity  # noqa: E402
from parity.web.settings import *  # noqa: E402, F403

# Fast hashing: the tests create many users; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No manifest to build: the tests never run collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# `parity serve` fills this with collectstatic; whitenoise only needs it to exist.
_parity.STATIC_ROOT.mkdir(exist_ok=True)
# The web tests count in memory, each test from zero (see the conftest); the rate-limit tests
# switch to the shared backends of production explicitly. The database cache stays configured
# under a second name so that its table is created with the test database.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "parity.web.cache.AtomicDatabaseCache",
        "LOCATION": _parity_environment.CACHE_TABLE,
    },
}
# Long work is done in the request, as an install without a worker would; the worker's own
# tests (test_web_worker.py) queue it in the database and run the worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
