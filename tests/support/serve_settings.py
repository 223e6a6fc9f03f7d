"""Settings for the `parity serve` processes that the two-server test starts: Parity's own,
read from the environment as in production, except that the static files are collected as
plain copies.

Every start of `parity serve` runs ``collectstatic``, and the shipped storage hashes and
compresses (gzip and Brotli) every file, the API's bundled documentation pages among them:
most of a minute of CPU per server on a small machine. What the test looks at (answers stored
once, shared limits, the shared results cache) does not depend on how static files are named.
"""

from __future__ import annotations

from parity.web.settings import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
