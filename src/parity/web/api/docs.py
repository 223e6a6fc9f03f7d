"""Who may read the API's interactive documentation (``/api/docs``).

The Swagger UI page is for signed-in users: it is served from the files django-ninja ships
(``ninja`` is an installed app, so its templates and static files are used, never a CDN).
The OpenAPI document itself (``/api/openapi.json``) describes routes, not data, and stays
readable by the scripts that generate clients from it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from ninja.openapi.views import openapi_json

View = Callable[..., Any]


def members_only_docs(view: View) -> View:
    """``view`` behind the sign-in page, unless it is the OpenAPI document."""
    if getattr(view, "func", None) is openapi_json:
        return view
    return login_required(view)
