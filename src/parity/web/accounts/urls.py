from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from parity.web.accounts import two_factor, views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.SignIn.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_reset/", views.PasswordReset.as_view(), name="password_reset"),
    path(
        "accounts/password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/two-factor/", two_factor.setup, name="two-factor"),
    path("accounts/two-factor/verify/", two_factor.verify, name="two-factor-verify"),
    path("accounts/invite/<str:token>/", views.accept, name="accept"),
    path("accounts/tokens/", views.api_tokens, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke/", views.api_token_revoke, name="token-revoke"),
    path("orgs/<slug:slug>/invite/", views.invite, name="invite"),
]
