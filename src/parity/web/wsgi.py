"""The WSGI application that `parity serve` (or any WSGI server) runs."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
application = get_wsgi_application()
