from __future__ import annotations

from django.urls import path

from parity.web.insights import (
    network_views,
    quote_views,
    raw_views,
    report_views,
    screen_views,
    views,
)

app_name = "insights"
urlpatterns = [
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/",
        views.organization_results,
        name="organization",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/network/",
        network_views.network_results,
        name="network",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/screen/",
        screen_views.keep_flagged,
        name="screen",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/<int:relationship_id>/",
        views.relationship_results,
        name="relationship",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/<int:relationship_id>/quotes/",
        quote_views.quote_visibility,
        name="quotes",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/report.<str:fmt>",
        report_views.organization_report,
        name="organization_report",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/raw.<str:fmt>",
        raw_views.raw_data_download,
        name="raw_data",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/<int:relationship_id>/report.<str:fmt>",
        report_views.relationship_report,
        name="relationship_report",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:round_id>/results/<int:relationship_id>/workshop.pdf",
        report_views.workshop_pack,
        name="workshop_pack",
    ),
    path("orgs/<slug:slug>/rounds/<int:round_id>/release/", views.release, name="release"),
    path("results/<str:token>/", views.released, name="released"),
]
