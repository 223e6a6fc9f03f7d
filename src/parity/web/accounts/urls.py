from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from parity.web.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/invite/<str:token>/", views.accept, name="accept"),
    path("accounts/tokens/", views.api_tokens, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.api_token_revoke, name="token-revoke"),
    path("orgs/<slug:slug>/invite/", views.invite, name="invite"),
]
