"""Adding, changing and removing the parties and relationships of an organization (facilitators
only).

Both kinds of row on the organization's map have the same three pages: a form to add one, the
same form to change one, and a confirmation before removing one, which offers to archive it
instead (and only that, once a round has asked about it), each returning to the organization's
page. The rules are those of :mod:`parity.web.orgs.services`, which the API calls too. So one
:class:`MapRows` serves both; :data:`PARTIES` and :data:`RELATIONSHIPS` say only how each kind is
found, edited and named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.contrib import messages
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext, gettext_noop

from parity.web.orgs import services
from parity.web.orgs.forms import PartyForm, RelationshipForm
from parity.web.orgs.models import Party, Relationship
from parity.web.orgs.tenancy import Tenant, tenant_view

R = TypeVar("R", Party, Relationship)


@dataclass(frozen=True)
class MapRows(Generic[R]):
    """One kind of row on the map: its pages under ``<slug>/<plural>/``, named ``<name>-…``."""

    plural: str
    name: str
    model: type[R]
    find: Callable[[Tenant, int], R]
    form: Callable[[Tenant, QueryDict | None, R], ModelForm[R]]
    #: How the messages and the confirmation name a row.
    named: Callable[[R], str]
    #: The message once removed (marked, translated when said), ``%(name)s`` the row's name.
    removed: str
    #: What removing a row does besides, said on the confirmation.
    consequence: str
    #: The use cases: remove a row (or say why not), archive it, and whether a round refers to it.
    remove: Callable[[R], None]
    archive: Callable[[R], None]
    in_a_round: Callable[[R], bool]

    def urls(self) -> list[URLPattern]:
        """The three pages, named ``<name>-create``, ``<name>-edit`` and ``<name>-delete``."""
        pages = (
            ("new/", "create", self.create),
            ("<int:pk>/edit/", "edit", self.edit),
            ("<int:pk>/delete/", "delete", self.delete),
        )
        prefix = f"<slug:slug>/{self.plural}/"
        return [
            path(prefix + route, tenant_view(edit=True)(view), name=f"{self.name}-{verb}")
            for route, verb, view in pages
        ]

    def create(self, request: HttpRequest, tenant: Tenant) -> HttpResponse:
        return self._form_page(request, tenant, self.model(organization=tenant.organization))

    def edit(self, request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
        return self._form_page(request, tenant, self.find(tenant, pk))

    def delete(self, request: HttpRequest, tenant: Tenant, pk: int) -> HttpResponse:
        row = self.find(tenant, pk)
        if request.method != "POST":
            context = {
                "organization": tenant.organization,
                "thing": self.named(row),
                "consequence": gettext(self.consequence),
                "in_a_round": self.in_a_round(row),
                "archived": row.archived_at is not None,
            }
            return render(request, "orgs/confirm_remove.html", context)
        if request.POST.get("action") == "archive":
            self.archive(row)
            messages.success(
                request,
                gettext(
                    "Archived %(name)s: it leaves the map and new rounds, and stays in the "
                    "rounds that asked about it."
                )
                % {"name": self.named(row)},
            )
            return redirect("orgs:detail", slug=tenant.organization.slug)
        try:
            self.remove(row)
        except services.MapError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, gettext(self.removed) % {"name": self.named(row)})
        return redirect("orgs:detail", slug=tenant.organization.slug)

    def _form_page(self, request: HttpRequest, tenant: Tenant, row: R) -> HttpResponse:
        form = self.form(tenant, request.POST or None, row)
        if request.method == "POST" and form.is_valid():
            try:
                form.save()
            except services.MapError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, gettext("Saved %(name)s.") % {"name": self.named(row)})
                return redirect("orgs:detail", slug=tenant.organization.slug)
        context = {"form": form, "tenant": tenant, "organization": tenant.organization}
        return render(request, f"orgs/{self.name}_form.html", context)


PARTIES = MapRows(
    "parties",
    "party",
    Party,
    Tenant.party,
    form=lambda tenant, data, party: PartyForm(data, instance=party, tenant=tenant),
    named=lambda party: party.name,
    removed=gettext_noop("Removed %(name)s and its relationships."),
    consequence=gettext_noop("Its relationships are removed with it."),
    remove=services.remove_party,
    archive=services.archive_party,
    in_a_round=services.party_in_a_round,
)

RELATIONSHIPS = MapRows(
    "relationships",
    "relationship",
    Relationship,
    Tenant.relationship,
    form=lambda tenant, data, pair: RelationshipForm(data, instance=pair, tenant=tenant),
    named=lambda pair: gettext("the relationship %(pair)s") % {"pair": pair},
    removed=gettext_noop("Removed %(name)s."),
    consequence=gettext_noop("The two parties stay."),
    remove=services.remove_relationship,
    archive=services.archive_relationship,
    in_a_round=services.relationship_in_a_round,
)
