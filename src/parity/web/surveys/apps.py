from __future__ import annotations

from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "parity.web.surveys"
    label = "surveys"
    verbose_name = "Surveys"
