"""Importing parties and relationships from CSV: read, check, preview, then save all or nothing.

The files are read by :mod:`parity.io`, so the web reports bad cells in the same sentences as
the CLI ("relationships.csv, row 4, column scope: ..."). On top of the file checks come the
checks only the organization can answer: a label Parity does not know, a pair that already has
a relationship. The result is an :class:`ImportPlan` the user confirms; :func:`apply_plan`
then saves it in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, ngettext, override

from parity.io.csvfile import CsvFile, stripped
from parity.io.errors import ProblemLog
from parity.io.relationships import check_relationships
from parity.web.audit.bulk import create_recorded
from parity.web.names import clean_label, control_character_problem, label_problem
from parity.web.orgs import services
from parity.web.orgs.models import Function, Party, PartyKind, Relationship, Scope
from parity.web.orgs.tenancy import Tenant

PARTY_COLUMNS = ("name", "kind", "function", "description")
_NAME_LENGTH = Party._meta.get_field("name").max_length or 120
_KINDS = {
    "department": PartyKind.DEPARTMENT,
    "outside_firm": PartyKind.OUTSIDE_FIRM,
    "outside firm": PartyKind.OUTSIDE_FIRM,
    "external": PartyKind.OUTSIDE_FIRM,
}
_FUNCTIONS = {
    **{value: value for value in Function.values},
    **{str(label).lower(): value for value, label in Function.choices},
}


@dataclass(frozen=True)
class NewParty:
    name: str
    kind: str = PartyKind.DEPARTMENT
    function: str = Function.OTHER
    description: str = ""


@dataclass(frozen=True)
class NewRelationship:
    party_a: str
    party_b: str
    label: str
    scope: str


class Existing(StrEnum):
    """What an import does with a row the organization already has."""

    #: Relationships: list the row as a problem, so nothing is imported (the default).
    REFUSE = "refuse"
    #: Keep what the organization has and import the other rows (parties: the default).
    SKIP = "skip"
    #: Write the file's label and scope (a party's kind, function, description) over it.
    UPDATE = "update"


@dataclass(frozen=True)
class ImportPlan:
    """What a confirmed import will create and change; it fits in the session between preview
    and save. ``updated`` are rows the organization has, to be written over; ``skipped`` counts
    those left as they are."""

    file: str
    parties: tuple[NewParty, ...]
    relationships: tuple[NewRelationship, ...]
    updated_parties: tuple[NewParty, ...] = ()
    updated_relationships: tuple[NewRelationship, ...] = ()
    skipped: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """What the import did, in one sentence (shown once it is saved)."""
        done = [
            ngettext("added %(n)s party", "added %(n)s parties", len(self.parties)),
            ngettext(
                "added %(n)s relationship", "added %(n)s relationships", len(self.relationships)
            ),
        ]
        counts = [len(self.parties), len(self.relationships)]
        changed = len(self.updated_parties) + len(self.updated_relationships)
        if changed:
            done.append(
                ngettext(
                    "updated %(n)s row the organization had",
                    "updated %(n)s rows the organization had",
                    changed,
                )
            )
            counts.append(changed)
        if self.skipped:
            done.append(
                ngettext(
                    "skipped %(n)s row it already had",
                    "skipped %(n)s rows it already had",
                    self.skipped,
                )
            )
            counts.append(self.skipped)
        said = ", ".join(part % {"n": n} for part, n in zip(done, counts, strict=True))
        return gettext("From %(file)s: %(done)s.") % {"file": self.file, "done": said}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportPlan:
        return cls(
            file=data["file"],
            parties=tuple(NewParty(**p) for p in data["parties"]),
            relationships=tuple(NewRelationship(**r) for r in data["relationships"]),
            updated_parties=tuple(NewParty(**p) for p in data.get("updated_parties", ())),
            updated_relationships=tuple(
                NewRelationship(**r) for r in data.get("updated_relationships", ())
            ),
            skipped=int(data.get("skipped", 0)),
        )


class ImportConflictError(Exception):
    """The organization changed between the preview and the save; nothing was saved."""


def normalise_label(text: str) -> str:
    """The label as the organization writes it (web/names.py: free text; empty is "none")."""
    return clean_label(text)


def plan_relationships(
    data: bytes,
    name: str,
    tenant: Tenant,
    *,
    ignore_unknown: bool = False,
    existing: Existing = Existing.REFUSE,
) -> ImportPlan:
    """Check a relationships CSV against the organization; raise every problem at once: the
    file's own (empty cells, a scope, a pair listed twice) with the organization's (a name too
    long, a pair it already has when ``existing`` refuses them)."""
    frame, problems = check_relationships(data, name, ignore_unknown=ignore_unknown)
    if frame is None:
        problems.raise_if_any()
        raise problems.error()
    known = {p.name.lower(): p for p in tenant.parties()}
    planned: list[tuple[int, NewRelationship]] = []
    # Each row as a plain mapping of its cells: a Series a row (``iterrows``) cost more than
    # every check of the row together, on a file of thirty thousand relationships.
    columns = list(frame.columns)
    values = zip(*(frame[column].tolist() for column in columns), strict=True)
    for row, cells in zip(frame.index, values, strict=True):
        relationship = _relationship_row(
            int(str(row)), dict(zip(columns, cells, strict=True)), known, problems
        )
        if relationship is not None:
            planned.append((int(str(row)), relationship))
    new, updated, skipped = _sort_existing(planned, tenant, problems, existing)
    problems.raise_if_any()
    return ImportPlan(
        name,
        _implied_parties(new, known),
        new,
        updated_relationships=updated,
        skipped=skipped,
    )


def _relationship_row(
    row: int, cells: Mapping[str, Any], known: dict[str, Party], problems: ProblemLog
) -> NewRelationship | None:
    """One row, or None when its problems (found here or by the file's reader) leave it out."""
    fine = True
    a, b = cells["party_a"], cells["party_b"]
    for column, party in (("party_a", a), ("party_b", b)):
        if pd.isna(party):
            fine = False  # the reader reported the empty cell
        elif len(party) > _NAME_LENGTH:
            problems.add(_name_too_long(), row, column)
            fine = False
        elif (problem := control_character_problem(party, "party's name")) is not None:
            problems.add(problem, row, column)
            fine = False
    if (problem := label_problem(str(cells["label"]))) is not None:
        problems.add(problem, row, "label")
        fine = False
    scope = cells["scope"]
    if fine and a != b and a.lower() == b.lower():
        problems.add(
            gettext('"%(name)s" is party_a again; a relationship needs two parties.') % {"name": b},
            row,
            "party_b",
        )
        return None
    if not fine or a == b:
        return None  # the reader reported the same party twice
    if not pd.isna(scope) and scope not in Scope.values:
        return None  # the reader reported the scope
    label = normalise_label(str(cells["label"]))
    return NewRelationship(a, b, label, _implied_scope(a, b, known) if pd.isna(scope) else scope)


def _implied_scope(a: str, b: str, known: dict[str, Party]) -> str:
    """An empty scope is external when either party is a known outside firm."""
    kinds = {known[name.lower()].kind for name in (a, b) if name.lower() in known}
    return Scope.EXTERNAL if PartyKind.OUTSIDE_FIRM in kinds else Scope.INTERNAL


def _sort_existing(
    planned: list[tuple[int, NewRelationship]],
    tenant: Tenant,
    problems: ProblemLog,
    existing: Existing,
) -> tuple[tuple[NewRelationship, ...], tuple[NewRelationship, ...], int]:
    """The new rows, the rows to write over the organization's, and how many are skipped: a
    row the organization has with the same label and scope is skipped even when ``existing``
    updates, so that the preview lists only what changes."""
    have = {
        frozenset((r.party_a.name.lower(), r.party_b.name.lower())): (r.label, r.scope)
        for r in tenant.relationships()
    }
    new: list[NewRelationship] = []
    updated: list[NewRelationship] = []
    skipped = 0
    for row, relationship in planned:
        kept = have.get(frozenset((relationship.party_a.lower(), relationship.party_b.lower())))
        if kept is None:
            new.append(relationship)
        elif existing is Existing.UPDATE and kept != (relationship.label, relationship.scope):
            updated.append(relationship)
        elif existing is not Existing.REFUSE:
            skipped += 1
        else:
            problems.add(
                gettext(
                    '"%(a)s" and "%(b)s" already have a relationship in this organization; '
                    "choose to skip or update the rows the organization has, or remove this row."
                )
                % {"a": relationship.party_a, "b": relationship.party_b},
                row,
            )
    return tuple(new), tuple(updated), skipped


def _implied_parties(
    planned: tuple[NewRelationship, ...], known: dict[str, Party]
) -> tuple[NewParty, ...]:
    """Parties named in the file but not yet in the organization, created as departments."""
    names: dict[str, str] = {}
    for relationship in planned:
        for name in (relationship.party_a, relationship.party_b):
            if name.lower() not in known:
                names.setdefault(name.lower(), name)
    return tuple(NewParty(name) for name in names.values())


def plan_parties(
    data: bytes,
    name: str,
    tenant: Tenant,
    *,
    ignore_unknown: bool = False,
    existing: Existing = Existing.SKIP,
) -> ImportPlan:
    """Check a parties CSV (``name, kind, function[, description]``); the parties the
    organization has are kept as they are, or written over when ``existing`` updates them."""
    csv = CsvFile(data, name)
    present = csv.select(PARTY_COLUMNS, ignore_unknown=ignore_unknown)
    if "name" not in present:
        csv.report_missing(["name"], gettext("every row names a party."))
    frame = csv.read_rows(text_columns=PARTY_COLUMNS, keep_empty=PARTY_COLUMNS)
    if frame is None or frame.empty or "name" not in present:
        raise csv.problems.error()
    known = {p.name.lower(): p for p in tenant.parties()}
    columns = {c: stripped(frame[c]) if c in frame else _blank(frame) for c in PARTY_COLUMNS}
    planned: dict[str, NewParty] = {}
    rows: dict[str, int] = {}
    for position, row in enumerate(frame.index):
        cells = {c: str(columns[c][position]) for c in PARTY_COLUMNS}
        party = _party_row(int(row), cells, csv.problems)
        if party is not None and _add_once(planned, party, int(row), csv.problems):
            rows[party.name.lower()] = int(row)
    new = tuple(p for key, p in planned.items() if key not in known)
    have = tuple(p for key, p in planned.items() if key in known)
    if existing is Existing.REFUSE:
        for party in have:
            csv.problems.add(
                gettext(
                    '"%(name)s" is already a party of this organization; choose to skip or '
                    "update the rows the organization has, or remove this row."
                )
                % {"name": party.name},
                rows[party.name.lower()],
                "name",
            )
    csv.problems.raise_if_any()
    if existing is Existing.UPDATE:
        # A party the file describes as the organization does is left as it is: the preview
        # lists only what changes.
        changed = tuple(p for p in have if not _described_alike(p, known[p.name.lower()]))
        return ImportPlan(name, new, (), updated_parties=changed, skipped=len(have) - len(changed))
    return ImportPlan(name, new, (), skipped=len(have))


def _described_alike(row: NewParty, party: Party) -> bool:
    return (row.kind, row.function, row.description) == (
        party.kind,
        party.function,
        party.description,
    )


def _blank(frame: pd.DataFrame) -> Any:
    return np.full(len(frame), "", dtype=object)


def _party_row(row: int, cells: dict[str, str], problems: ProblemLog) -> NewParty | None:
    issues = _party_issues(cells)
    for column, message in issues:
        problems.add(message, row, column)
    if issues:
        return None
    return NewParty(
        cells["name"],
        _KINDS.get(cells["kind"].lower(), PartyKind.DEPARTMENT),
        _FUNCTIONS.get(cells["function"].lower(), Function.OTHER),
        cells["description"],
    )


def _party_issues(cells: dict[str, str]) -> list[tuple[str, str]]:
    """(column, message) for each problem of one parties row."""
    name, kind, function = cells["name"], cells["kind"], cells["function"]
    issues: list[tuple[str, str]] = []
    if not name:
        issues.append(("name", gettext("the cell is empty; each row names one party.")))
    elif len(name) > _NAME_LENGTH:
        issues.append(("name", _name_too_long()))
    elif (problem := control_character_problem(name, "party's name")) is not None:
        issues.append(("name", problem))
    if kind and kind.lower() not in _KINDS:
        message = gettext(
            '"%(kind)s" is not a kind of party; use "department" or "outside firm".'
        ) % {"kind": kind}
        issues.append(("kind", message))
    if function and function.lower() not in _FUNCTIONS:
        with override("en"):  # the words the file may use, whatever the page's language
            listed = ", ".join(str(label) for label in Function.labels)
        message = gettext('"%(function)s" is not a function Parity knows; use %(functions)s.')
        issues.append(("function", message % {"function": function, "functions": listed}))
    return issues


def _name_too_long() -> str:
    return gettext("the name is longer than %(most)s characters.") % {"most": _NAME_LENGTH}


def _add_once(planned: dict[str, NewParty], party: NewParty, row: int, log: ProblemLog) -> bool:
    if party.name.lower() in planned:
        log.add(
            gettext('"%(name)s" is listed twice; keep one row per party.') % {"name": party.name},
            row,
            "name",
        )
        return False
    planned[party.name.lower()] = party
    return True


def apply_plan(plan: ImportPlan, tenant: Tenant) -> None:
    """Save the whole plan or nothing; :class:`ImportConflictError` if the database refuses."""
    try:
        with transaction.atomic():
            _save(plan, tenant)
    except (IntegrityError, KeyError, services.MapError) as error:
        raise ImportConflictError(
            gettext(
                "The organization changed since the preview (a party or relationship in the "
                "file was added, removed or changed meanwhile), so nothing was imported; upload "
                "the file again."
            )
        ) from error


def _save(plan: ImportPlan, tenant: Tenant) -> None:
    org = tenant.organization
    create_recorded([Party(organization=org, **new.__dict__) for new in plan.parties])
    parties = {p.name.lower(): p for p in tenant.parties()}
    services.describe_parties(
        tenant,
        [
            (parties[changed.name.lower()], changed.kind, changed.function, changed.description)
            for changed in plan.updated_parties
        ],
    )
    create_recorded(
        [
            Relationship(
                organization=org,
                party_a=parties[relationship.party_a.lower()],
                party_b=parties[relationship.party_b.lower()],
                label=relationship.label,
                scope=relationship.scope,
            )
            for relationship in plan.relationships
        ]
    )
    _update_relationships(plan.updated_relationships, tenant, parties)


def _update_relationships(
    rows: tuple[NewRelationship, ...], tenant: Tenant, parties: dict[str, Party]
) -> None:
    """The file's label and scope over the organization's, all at once, under the rules the
    pages and the API follow (:func:`services.relabel_relationships`; future rounds only: the
    rounds that asked keep what they asked)."""
    by_pair = {frozenset((r.party_a_id, r.party_b_id)): r for r in tenant.relationships()}
    changes = []
    for row in rows:
        a, b = parties[row.party_a.lower()], parties[row.party_b.lower()]
        changes.append((by_pair[frozenset((a.pk, b.pk))], row.label, row.scope))
    services.relabel_relationships(tenant, changes)
