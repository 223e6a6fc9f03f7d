from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "parity.web.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        """Put the results routes on the project's one API object before its URLs are built."""
        from parity.web.insights.api import register

        register()
