from __future__ import annotations

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "parity.web.surveys"
    label = "surveys"
    verbose_name = "Surveys"

    def ready(self) -> None:
        from parity.web.language import engine_follows_pages

        # A round records what it asks about whenever its relationships are set.
        from parity.web.surveys import asked  # noqa: F401

        # The engine's and the reports' sentences speak each page's language.
        engine_follows_pages()
