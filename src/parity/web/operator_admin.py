"""The operators' admin at ``/admin/``: accounts, organizations, memberships, API tokens and
colleague invitations, for the people who run the install (docs/self-hosting.md, "The admin").

Only an active superuser opens it, and one who turned the second factor on must have given
a code in this session (the same rule as every page: :mod:`parity.web.accounts.two_factor`).
Signing in happens on Parity's own sign-in page, with its throttling and second factor.

What the admin never shows: respondents' data. The survey models (invitations with their
e-mail addresses, ballots, answers) are not registered, and nothing registered here links to
them: an organization or an account cannot be deleted from the admin, since Django's
confirmation page would list every survey row the deletion takes with it. An account is
deactivated instead (:mod:`parity.web.accounts.deactivation`). API tokens show their name,
owner and dates, never their hash; colleague invitations their organization, role and state,
never the invited address.

The site is Django's admin with explicit registrations only (``SimpleAdminConfig``): the
admin classes that installed apps bring (auditlog's, django-otp's, axes', the task queue's) are
not on it.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django_otp import user_has_device

from parity.web.accounts.deactivation import deactivate, end_sessions
from parity.web.accounts.models import ApiToken, Invite
from parity.web.orgs.models import Membership, Organization


def is_operator(user: Any) -> bool:
    """An active superuser (staff too) whose session gave its second-factor code, if it has one."""
    if not (user.is_active and user.is_staff and user.is_superuser):
        return False
    return not user_has_device(user) or bool(getattr(user, "is_verified", lambda: False)())


class OperatorSite(admin.AdminSite):
    site_header = "Parity administration"
    site_title = "Parity administration"
    index_title = "Accounts and organizations"
    # The admin's link to "view site" goes to the organizations.
    site_url = "/"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_operator(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        """Parity's sign-in page (throttled, second factor), then back here; a signed-in
        account that is not an operator is told so."""
        target = request.GET.get("next") or reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")
        user = request.user
        if user.is_active and user.is_staff and user.is_superuser:
            verify = reverse("accounts:two-factor-verify")
            return redirect(f"{verify}?{urlencode({'next': target})}")
        return render(request, "operators/not_an_operator.html", status=403)


operator_site = OperatorSite(name="admin")
_Row = TypeVar("_Row", bound=Model)


#: The admin history's entry for an account made inactive or active again (django_admin_log).
_ACTIVE_CHANGED = [{"changed": {"fields": ["Active"]}}]


@admin.action(description="Deactivate the selected accounts (they can no longer sign in)")
def deactivate_accounts(
    modeladmin: admin.ModelAdmin[User], request: HttpRequest, queryset: QuerySet[User]
) -> None:
    me = request.user.pk or 0
    own = queryset.filter(pk=me).exists()
    accounts = list(queryset.exclude(pk=me))
    for user in accounts:
        deactivate(user)
        modeladmin.log_change(request, user, _ACTIVE_CHANGED)
    modeladmin.message_user(request, f"Deactivated {len(accounts)} account(s).")
    if own:
        modeladmin.message_user(
            request,
            "Your own account stays active: another operator can deactivate it.",
            messages.WARNING,
        )


@admin.action(description="Make the selected accounts active again")
def reactivate_accounts(
    modeladmin: admin.ModelAdmin[User], request: HttpRequest, queryset: QuerySet[User]
) -> None:
    accounts = list(queryset.filter(is_active=False))
    for user in accounts:
        user.is_active = True
        user.save(update_fields=["is_active"])
        modeladmin.log_change(request, user, _ACTIVE_CHANGED)
    modeladmin.message_user(request, f"Made {len(accounts)} account(s) active again.")


class AccountAdmin(UserAdmin[User]):
    """Django's account admin, with deactivation instead of deletion."""

    list_display = ("username", "email", "is_active", "is_superuser", "last_login", "date_joined")
    list_filter = ("is_active", "is_superuser", "is_staff")
    actions = (deactivate_accounts, reactivate_accounts)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """Unticking "active" on the account's page ends its sessions, as the action does."""
        super().save_model(request, obj, form, change)
        if change and not obj.is_active:
            end_sessions(obj)


class MembershipInline(admin.TabularInline[Membership, Organization]):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    inlines = (MembershipInline,)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organization", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "organization__name")
    autocomplete_fields = ("user", "organization")


@admin.action(description="Revoke the selected tokens")
def revoke_tokens(
    modeladmin: admin.ModelAdmin[ApiToken], request: HttpRequest, queryset: QuerySet[ApiToken]
) -> None:
    modeladmin.log_deletions(request, queryset)
    revoked = queryset.delete()[0]
    modeladmin.message_user(request, f"Revoked {revoked} token(s); scripts using them now fail.")


class SeenAndActedOn(admin.ModelAdmin[_Row]):
    """An admin of rows made elsewhere: none added, changed or deleted here, only listed and
    acted on by the admin's own actions (revoke, withdraw)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ApiTokenAdmin(SeenAndActedOn[ApiToken]):
    """Tokens are made by their owners on the account page; here they are seen and revoked."""

    list_display = ("name", "user", "created_at", "last_used_on")
    search_fields = ("name", "user__username")
    fields = ("name", "user", "created_at", "last_used_on")
    readonly_fields = fields
    actions = (revoke_tokens,)


@admin.display(description="state")
def invite_state(invite: Invite) -> str:
    if invite.accepted_at is not None:
        return "accepted"
    return "open" if invite.usable else "expired"


@admin.action(description="Withdraw the selected open invitations")
def withdraw_invites(
    modeladmin: admin.ModelAdmin[Invite], request: HttpRequest, queryset: QuerySet[Invite]
) -> None:
    withdrawn = queryset.filter(accepted_at__isnull=True).delete()[0]
    modeladmin.message_user(
        request, f"Withdrew {withdrawn} invitation(s); their links no longer work."
    )


class InviteAdmin(SeenAndActedOn[Invite]):
    """A list without pages of their own: every page of one invitation would name it by its
    address (its ``__str__``), and the address is not the operator's business."""

    list_display = ("organization", "role", invite_state, "invited_by", "created_at", "expires_at")
    list_display_links = None
    list_filter = ("role",)
    actions = (withdraw_invites,)

    def action_checkbox(self, obj: Invite) -> SafeString:
        """Django's box names the row by ``__str__``, which holds the address."""
        label = f"Select the invitation to {obj.organization} for an action"
        box = forms.CheckboxInput({"class": "action-select", "aria-label": label})
        return box.render(ACTION_CHECKBOX_NAME, str(obj.pk))

    def get_urls(self) -> list[URLPattern]:
        """Only the list: no page of one invitation, no history, no deletion page."""
        view = self.admin_site.admin_view(self.changelist_view)
        info = (self.opts.app_label, self.opts.model_name)
        return [path("", view, name="{}_{}_changelist".format(*info))]


operator_site.register(User, AccountAdmin)
operator_site.register(Organization, OrganizationAdmin)
operator_site.register(Membership, MembershipAdmin)
operator_site.register(ApiToken, ApiTokenAdmin)
operator_site.register(Invite, InviteAdmin)
