from __future__ import annotations

from typing import Any

from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from parity.web.api.routes import api
from parity.web.health import healthz, livez, readyz
from parity.web.operator_admin import operator_site


class _Icon(RedirectView):
    """Parity's icon where a browser asks for it without a page naming it (a PDF or a JSON
    answer in a tab): the pages name the same file in their head."""

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return static("parity/icon.svg")


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="orgs:list"), name="home"),
    path("favicon.ico", _Icon.as_view(), name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("readyz", readyz, name="readyz"),
    path("api/", api.urls),
    path("admin/", operator_site.urls),
    # The header's language switch: Django's set_language (POST), kept in a cookie.
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("parity.web.accounts.urls")),
    path("orgs/", include("parity.web.orgs.urls")),
    path("", include("parity.web.audit.urls")),
    path("", include("parity.web.insights.urls")),
    path("", include("parity.web.surveys.urls")),
]
# Single sign-on's pages (sign-in at the provider, its answer) exist only when it is configured.
if settings.SINGLE_SIGN_ON is not None:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
