from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "parity.web.audit"
    label = "audit"
    verbose_name = "Record of changes"

    def ready(self) -> None:
        from parity.web.audit.registration import register_models

        register_models()
