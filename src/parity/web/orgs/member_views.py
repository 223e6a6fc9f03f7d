"""The owner's pages: the members (roles, removal, pending invitations), the organization's
settings, and deleting the organization.

Every view here is ``tenant_view(manage=True)``: only owners reach it, facilitators and
viewers get 403 and outsiders 404 (see :mod:`parity.web.orgs.tenancy`). That at least one owner
remains is checked in :mod:`parity.web.orgs.members`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from parity.web.accounts.models import Invite
from parity.web.orgs import services
from parity.web.orgs.forms import OrganizationForm
from parity.web.orgs.members import (
    LastOwnerError,
    change_role,
    delete_organization,
    remove_member,
)
from parity.web.orgs.models import Role
from parity.web.orgs.tenancy import Tenant, signed_in, tenant_view

#: What the members page says once a member's role changed (marked, translated when said).
_NOW = {
    Role.OWNER: gettext_noop("%(name)s is now an owner."),
    Role.FACILITATOR: gettext_noop("%(name)s is now a facilitator."),
    Role.VIEWER: gettext_noop("%(name)s is now a viewer."),
}


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, label=gettext_lazy("Role"))


def _context(tenant: Tenant, **more: object) -> dict[str, object]:
    return {"tenant": tenant, "organization": tenant.organization, **more}


def _members_page(tenant: Tenant) -> HttpResponse:
    return redirect("orgs:members", slug=tenant.organization.slug)


@tenant_view(manage=True)
def members(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    rows = [
        (membership, RoleForm(initial={"role": membership.role}, prefix=f"m{membership.pk}"))
        for membership in tenant.memberships().order_by("user__username")
    ]
    pending = Invite.objects.filter(
        organization=tenant.organization, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("email")
    return render(request, "orgs/members.html", _context(tenant, rows=rows, pending=pending))


@tenant_view(manage=True)
def member_role(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    membership = tenant.membership(pk)
    form = RoleForm(request.POST or None, prefix=f"m{membership.pk}")
    if request.method != "POST":
        return _members_page(tenant)
    if not form.is_valid():
        messages.error(request, gettext("Choose owner, facilitator or viewer."))
        return _members_page(tenant)
    role = Role(form.cleaned_data["role"])
    name = membership.user.get_username()
    try:
        change_role(membership, role)
    except LastOwnerError as error:
        messages.error(request, str(error))
        return _members_page(tenant)
    messages.success(request, gettext(_NOW[role]) % {"name": name})
    if membership.user_id == signed_in(request).pk and role != Role.OWNER:
        return redirect("orgs:detail", slug=tenant.organization.slug)
    return _members_page(tenant)


@tenant_view(manage=True)
def member_remove(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    membership = tenant.membership(pk)
    name = membership.user.get_username()
    if request.method == "POST":
        try:
            remove_member(membership)
        except LastOwnerError as error:
            messages.error(request, str(error))
            return _members_page(tenant)
        messages.success(
            request,
            gettext("%(name)s no longer belongs to %(org)s.")
            % {"name": name, "org": tenant.organization.name},
        )
        if membership.user_id == signed_in(request).pk:
            return redirect("orgs:list")
        return _members_page(tenant)
    context = _context(
        tenant,
        thing=gettext("%(name)s from %(org)s") % {"name": name, "org": tenant.organization.name},
        consequence=gettext("%(name)s can no longer see %(org)s.")
        % {"name": name, "org": tenant.organization.name},
    )
    return render(request, "orgs/members_remove.html", context)


@tenant_view(manage=True)
def invite_withdraw(request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
    invite = get_object_or_404(
        Invite.objects.filter(organization=tenant.organization, accepted_at__isnull=True), pk=pk
    )
    if request.method == "POST":
        invite.delete()
        messages.success(
            request,
            gettext("Withdrew the invitation to %(email)s; its link is dead.")
            % {"email": invite.email},
        )
    return _members_page(tenant)


@tenant_view(manage=True)
def organization_settings(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = OrganizationForm(request.POST or None, instance=tenant.organization)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            gettext("Saved the settings of %(org)s.") % {"org": tenant.organization.name},
        )
        return redirect("orgs:detail", slug=tenant.organization.slug)
    return render(request, "orgs/settings.html", _context(tenant, form=form))


@tenant_view(manage=True)
def organization_delete(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """Deleting asks for the organization's name typed out, after listing what goes with it."""
    organization = tenant.organization
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_deletion(organization, form.cleaned_data["name"])
        except services.MapError as error:
            form.add_error("name", str(error))
        else:
            name = organization.name
            delete_organization(organization)
            messages.success(
                request, gettext("Deleted %(name)s and everything in it.") % {"name": name}
            )
            return redirect("orgs:list")
    context = _context(tenant, form=form, losses=services.losses_of(organization).sentences())
    return render(request, "orgs/delete.html", context)


class DeleteForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Type the organization's name to confirm"), max_length=200
    )
