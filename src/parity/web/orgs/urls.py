"""The organization pages under ``/orgs/``. Every page of one organization keeps ``<slug:slug>``
in its own pattern, where the tenancy tests look for it; the parties' and the relationships'
pages come from :meth:`.map_views.MapRows.urls`."""

from __future__ import annotations

from django.urls import path

from parity.web.orgs import import_views, member_views, views
from parity.web.orgs.map_views import PARTIES, RELATIONSHIPS

app_name = "orgs"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
    path("<slug:slug>/parties/names/", views.party_names, name="party-names"),
    *PARTIES.urls(),
    *RELATIONSHIPS.urls(),
    path("<slug:slug>/import/", import_views.import_upload, name="import"),
    path("<slug:slug>/import/preview/", import_views.import_preview, name="import-preview"),
    path("<slug:slug>/import/<int:job_id>/", import_views.import_job, name="import-job"),
    path("<slug:slug>/members/", member_views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/role/", member_views.member_role, name="member-role"),
    path("<slug:slug>/members/<int:pk>/remove/", member_views.member_remove, name="member-remove"),
    path(
        "<slug:slug>/invites/<int:pk>/withdraw/",
        member_views.invite_withdraw,
        name="invite-withdraw",
    ),
    path("<slug:slug>/settings/", member_views.organization_settings, name="settings"),
    path("<slug:slug>/delete/", member_views.organization_delete, name="delete"),
]
