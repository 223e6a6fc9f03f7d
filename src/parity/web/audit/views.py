"""The "Changes" page of an organization: its record of changes, for its owners only."""

from __future__ import annotations

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parity.web.orgs.tenancy import Tenant, tenant_view

#: Entries on one page, newest first.
PER_PAGE = 100
_ACTIONS = {
    LogEntry.Action.CREATE: "added",
    LogEntry.Action.UPDATE: "changed",
    LogEntry.Action.DELETE: "removed",
}


@dataclass(frozen=True)
class Change:
    """One field of one entry: its name, and what it was and became ("" for nothing)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    when: object
    who: str
    what: str
    action: str
    changes: list[Change]


def _who(entry: LogEntry) -> str:
    if entry.actor is not None:
        return str(entry.actor.get_username())
    if entry.actor_email:
        return "a former account"
    return "Parity itself"


def _changes(entry: LogEntry) -> list[Change]:
    shown = []
    raw = entry.changes_dict
    display = entry.changes_display_dict
    names = {name: str(_verbose_name(entry, name)) for name in raw}
    for name, values in raw.items():
        if name == "organization":  # the page's own organization, on every entry
            continue
        label = names[name]
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", ...}
            verb = "added" if values.get("operation") == "add" else "removed"
            objects = ", ".join(str(value) for value in values.get("objects", []))
            shown.append(Change(label, "", f"{verb}: {objects}"))
            continue
        before, after = (_shown(value) for value in display.get(label, values))
        shown.append(Change(label, before, after))
    return shown


def _verbose_name(entry: LogEntry, name: str) -> str:
    model = entry.content_type.model_class()
    try:
        return str(model._meta.get_field(name).verbose_name) if model else name
    except FieldDoesNotExist:
        return name


def _shown(value: object) -> str:
    return "" if value in (None, "None") else str(value)


@tenant_view(manage=True)
def changes(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    entries = (
        LogEntry.objects.filter(additional_data__organization=tenant.organization.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        Entry(
            when=entry.timestamp,
            who=_who(entry),
            what=f"{entry.content_type.name.capitalize()} “{entry.object_repr}”",
            action=_ACTIONS.get(entry.action, "accessed"),
            changes=_changes(entry),
        )
        for entry in page.object_list
    ]
    return render(
        request,
        "audit/changes.html",
        {"tenant": tenant, "organization": tenant.organization, "rows": rows, "page": page},
    )
