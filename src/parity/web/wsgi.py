"""The WSGI application that `parity serve` (or any WSGI server) runs."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from parity.collector import for_large_analyses

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
# A server keeps analyses of large rounds: see parity.collector.
for_large_analyses()
application = get_wsgi_application()
