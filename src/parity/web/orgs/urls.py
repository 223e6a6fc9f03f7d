from __future__ import annotations

from django.urls import path

from parity.web.orgs import import_views, member_views, party_views, relationship_views, views

app_name = "orgs"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("new/", views.organization_create, name="create"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
    path("<slug:slug>/parties/new/", party_views.party_create, name="party-create"),
    path("<slug:slug>/parties/<int:pk>/edit/", party_views.party_edit, name="party-edit"),
    path("<slug:slug>/parties/<int:pk>/delete/", party_views.party_delete, name="party-delete"),
    path(
        "<slug:slug>/relationships/new/",
        relationship_views.relationship_create,
        name="relationship-create",
    ),
    path(
        "<slug:slug>/relationships/<int:pk>/edit/",
        relationship_views.relationship_edit,
        name="relationship-edit",
    ),
    path(
        "<slug:slug>/relationships/<int:pk>/delete/",
        relationship_views.relationship_delete,
        name="relationship-delete",
    ),
    path("<slug:slug>/import/", import_views.import_upload, name="import"),
    path("<slug:slug>/import/preview/", import_views.import_preview, name="import-preview"),
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
