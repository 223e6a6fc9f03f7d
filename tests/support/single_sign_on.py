"""Turning single sign-on on for one test, as an operator would: the ``PARITY_OIDC_*``
variables of a running provider, read by Parity's own rule (``environment.single_sign_on``),
then the settings and the URLs that depend on them. Off again afterwards."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.urls import clear_url_caches
from tests.support.oidc_provider.process import Provider

from parity.web.environment import SingleSignOn, single_sign_on

BACKEND = "parity.web.accounts.single_sign_on.SingleSignOnBackend"


def _reload_urls(settings: Any) -> None:
    """The URL configuration again: the ``oidc/`` pages exist only when it is on."""
    importlib.reload(importlib.import_module(settings.ROOT_URLCONF))
    clear_url_caches()


@contextmanager
def switched_on(
    settings: Any, monkeypatch: pytest.MonkeyPatch, provider: Provider
) -> Iterator[SingleSignOn]:
    for name, value in provider.parity_environment().items():
        monkeypatch.setenv(name, value)
    config = single_sign_on()
    assert config is not None
    for name, value in config.client_settings.items():
        setattr(settings, name, value)
    settings.SINGLE_SIGN_ON = config
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    _reload_urls(settings)
    try:
        yield config
    finally:
        settings.SINGLE_SIGN_ON = None
        _reload_urls(settings)
