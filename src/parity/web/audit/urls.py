from __future__ import annotations

from django.urls import path

from parity.web.audit import views

app_name = "audit"
urlpatterns = [
    path("orgs/<slug:slug>/changes/", views.changes, name="changes"),
]
