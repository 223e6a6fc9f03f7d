from __future__ import annotations

from django.urls import path

from parity.web.surveys import answer_import_views, respondent_views, round_views, sheet_views

app_name = "surveys"
urlpatterns = [
    path("orgs/<slug:slug>/rounds/", round_views.round_list, name="round-list"),
    path("orgs/<slug:slug>/rounds/new/", round_views.round_create, name="round-create"),
    path("orgs/<slug:slug>/rounds/<int:pk>/", round_views.round_detail, name="round-detail"),
    path("orgs/<slug:slug>/rounds/<int:pk>/edit/", round_views.round_edit, name="round-edit"),
    path("orgs/<slug:slug>/rounds/<int:pk>/close/", round_views.round_close, name="round-close"),
    path("orgs/<slug:slug>/rounds/<int:pk>/remind/", round_views.round_remind, name="round-remind"),
    path("orgs/<slug:slug>/rounds/<int:pk>/send/", round_views.round_send, name="round-send"),
    path(
        "orgs/<slug:slug>/rounds/<int:pk>/answers/import/",
        answer_import_views.answers_upload,
        name="answers-import",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:pk>/answers/preview/",
        answer_import_views.answers_preview,
        name="answers-preview",
    ),
    path("orgs/<slug:slug>/rounds/<int:pk>/invite/", round_views.round_invite, name="round-invite"),
    path(
        "orgs/<slug:slug>/rounds/<int:pk>/codes/<uuid:batch>/",
        sheet_views.code_sheet,
        name="code-sheet",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:pk>/codes/<uuid:batch>/done/",
        sheet_views.code_sheet_done,
        name="code-sheet-done",
    ),
    path(
        "orgs/<slug:slug>/rounds/<int:pk>/codes/<uuid:batch>/void/",
        sheet_views.code_void,
        name="code-void",
    ),
    path("s/", respondent_views.enter, name="enter"),
    path("s/<str:token>/", respondent_views.answer, name="answer"),
    path("s/<str:token>/thanks/", respondent_views.thanks, name="thanks"),
]
