from __future__ import annotations

from django.urls import path

from parity.web.insights import views

app_name = "insights"
urlpatterns = [
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/",
        views.organization_results,
        name="organization",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/<int:relationship_id>/",
        views.relationship_results,
        name="relationship",
    ),
    path("orgs/<slug:slug>/rounds/<int:round_id>/release/", views.release, name="release"),
    path("results/<str:token>/", views.released, name="released"),
]
