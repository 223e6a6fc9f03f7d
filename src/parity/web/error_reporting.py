"""Optional error reports to Sentry: on only when ``PARITY_SENTRY_DSN`` is set, and only with
the ``sentry`` extra installed (``pip install 'parity[sentry]'``).

An error report is read by more people than the logs, on another company's servers, so it gets
less: no personal data (``send_default_pii=False``: no cookies, no user, no client address), no
request bodies (a survey page's body is a respondent's answers), no local variables of the
traceback's frames (they hold answers too), no performance traces. What remains (the message,
the traceback's lines, the URL, the log lines before the error) passes through the logs' mask
(:mod:`parity.web.logmask`) before it leaves: no survey link, code or e-mail address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ImproperlyConfigured

from parity.web.logformat import masked

if TYPE_CHECKING:
    from sentry_sdk.types import Breadcrumb, BreadcrumbHint, Event, Hint

INSTALL_HINT = (
    "PARITY_SENTRY_DSN is set, but the error reporting extra is not installed: "
    "pip install 'parity[sentry]', or unset PARITY_SENTRY_DSN."
)


def masked_event(event: Event, hint: Hint) -> Event:
    """Sentry's ``before_send``: the event with every string in it masked."""
    return cast("Event", masked(event))


def masked_breadcrumb(crumb: Breadcrumb, hint: BreadcrumbHint) -> Breadcrumb:
    """Sentry's ``before_breadcrumb``: log lines and requests before the error, masked."""
    return cast("Breadcrumb", masked(crumb))


def start(dsn: str, **overrides: Any) -> bool:
    """Send error reports to ``dsn``; nothing (False) when it is empty. ``overrides`` are
    Sentry's own options, for a transport under test."""
    if not dsn:
        return False
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(INSTALL_HINT) from error
    sentry_sdk.init(
        dsn=dsn,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=masked_event,
        before_breadcrumb=masked_breadcrumb,
        **overrides,
    )
    return True
