"""Importing parties and relationships from CSV: read, check, preview, then save all or nothing.

The files are read by :mod:`parity.io`, so the web reports bad cells in the same sentences as
the CLI ("relationships.csv, row 4, column scope: ..."). On top of the file checks come the
checks only the organization can answer: a label Parity does not know, a pair that already has
a relationship. The result is an :class:`ImportPlan` the user confirms; :func:`apply_plan`
then saves it in one transaction.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import IntegrityError, transaction

from parity.core.schema import RELATIONSHIP_COLUMNS
from parity.io.csvfile import CsvFile, stripped
from parity.io.errors import ProblemLog
from parity.io.relationships import read_relationships_bytes
from parity.web.names import control_character_problem
from parity.web.orgs.models import Function, Label, Party, PartyKind, Relationship, Scope
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


@dataclass(frozen=True)
class ImportPlan:
    """What a confirmed import will create; it fits in the session between preview and save."""

    file: str
    parties: tuple[NewParty, ...]
    relationships: tuple[NewRelationship, ...]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportPlan:
        return cls(
            file=data["file"],
            parties=tuple(NewParty(**p) for p in data["parties"]),
            relationships=tuple(NewRelationship(**r) for r in data["relationships"]),
        )


class ImportConflictError(Exception):
    """The organization changed between the preview and the save; nothing was saved."""


def normalise_label(text: str) -> str | None:
    """The :class:`Label` for ``text``; any other label that says "partner" counts as partner."""
    cleaned = " ".join(text.lower().replace("_", " ").split())
    if not cleaned:
        return Label.NONE
    if cleaned in Label.values:
        return cleaned
    return Label.PARTNER if "partner" in cleaned else None


def plan_relationships(data: bytes, name: str, tenant: Tenant) -> ImportPlan:
    """Check a relationships CSV against the organization; raise every problem at once."""
    frame = read_relationships_bytes(data, name)
    frame.index = _spreadsheet_rows(data, name)
    known = {p.name.lower(): p for p in tenant.parties()}
    problems = ProblemLog(name)
    planned: list[tuple[int, NewRelationship]] = []
    for row, cells in frame.iterrows():
        relationship = _relationship_row(int(str(row)), cells, known, problems)
        if relationship is not None:
            planned.append((int(str(row)), relationship))
    _check_existing_pairs(planned, tenant, problems)
    problems.raise_if_any()
    relationships = tuple(r for _, r in planned)
    return ImportPlan(name, _implied_parties(relationships, known), relationships)


def _spreadsheet_rows(data: bytes, name: str) -> pd.Index[Any]:
    """The spreadsheet row of each relationship the reader returned (it numbers them from 0)."""
    csv = CsvFile(data, name)
    csv.select(RELATIONSHIP_COLUMNS, ignore_unknown=False)
    rows = csv.read_rows(text_columns=RELATIONSHIP_COLUMNS, keep_empty=RELATIONSHIP_COLUMNS)
    assert rows is not None  # the reader has already accepted the same bytes
    return rows.index


def _relationship_row(
    row: int, cells: pd.Series[Any], known: dict[str, Party], problems: ProblemLog
) -> NewRelationship | None:
    label = normalise_label(str(cells["label"]))
    if label is None:
        choices = ", ".join(f'"{value}"' for value in Label.values)
        problems.add(
            f'"{cells["label"]}" is not a label Parity knows; use one of {choices} '
            '(any other label containing "partner" counts as partner).',
            row,
            "label",
        )
    a, b = str(cells["party_a"]), str(cells["party_b"])
    for column, party in (("party_a", a), ("party_b", b)):
        if len(party) > _NAME_LENGTH:
            problems.add(f"the name is longer than {_NAME_LENGTH} characters.", row, column)
        elif (problem := control_character_problem(party, "party's name")) is not None:
            problems.add(problem, row, column)
    if (problem := control_character_problem(str(cells["label"]), "label")) is not None:
        problems.add(problem, row, "label")
        return None
    if label is None:
        return None
    scope = cells["scope"]
    return NewRelationship(a, b, label, _implied_scope(a, b, known) if pd.isna(scope) else scope)


def _implied_scope(a: str, b: str, known: dict[str, Party]) -> str:
    """An empty scope is external when either party is a known outside firm."""
    kinds = {known[name.lower()].kind for name in (a, b) if name.lower() in known}
    return Scope.EXTERNAL if PartyKind.OUTSIDE_FIRM in kinds else Scope.INTERNAL


def _check_existing_pairs(
    planned: list[tuple[int, NewRelationship]], tenant: Tenant, problems: ProblemLog
) -> None:
    existing = {
        frozenset((r.party_a.name.lower(), r.party_b.name.lower())) for r in tenant.relationships()
    }
    for row, relationship in planned:
        if frozenset((relationship.party_a.lower(), relationship.party_b.lower())) in existing:
            problems.add(
                f'"{relationship.party_a}" and "{relationship.party_b}" already have a '
                "relationship in this organization; change it there, or remove this row.",
                row,
            )


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


def plan_parties(data: bytes, name: str, tenant: Tenant) -> ImportPlan:
    """Check a parties CSV (``name, kind, function[, description]``); existing names are kept."""
    csv = CsvFile(data, name)
    present = csv.select(PARTY_COLUMNS, ignore_unknown=False)
    if "name" not in present:
        csv.report_missing(["name"], "every row names a party.")
    frame = csv.read_rows(text_columns=PARTY_COLUMNS, keep_empty=PARTY_COLUMNS)
    if frame is None or frame.empty:
        raise csv.problems.error()
    known = {p.name.lower() for p in tenant.parties()}
    columns = {c: stripped(frame[c]) if c in frame else _blank(frame) for c in PARTY_COLUMNS}
    planned: dict[str, NewParty] = {}
    for position, row in enumerate(frame.index):
        cells = {c: str(columns[c][position]) for c in PARTY_COLUMNS}
        party = _party_row(int(row), cells, csv.problems)
        if party is not None and party.name.lower() not in known:
            _add_once(planned, party, int(row), csv.problems)
    csv.problems.raise_if_any()
    return ImportPlan(name, tuple(planned.values()), ())


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
        issues.append(("name", "the cell is empty; each row names one party."))
    elif len(name) > _NAME_LENGTH:
        issues.append(("name", f"the name is longer than {_NAME_LENGTH} characters."))
    elif (problem := control_character_problem(name, "party's name")) is not None:
        issues.append(("name", problem))
    if kind and kind.lower() not in _KINDS:
        message = f'"{kind}" is not a kind of party; use "department" or "outside firm".'
        issues.append(("kind", message))
    if function and function.lower() not in _FUNCTIONS:
        listed = ", ".join(str(label) for label in Function.labels)
        issues.append(("function", f'"{function}" is not a function Parity knows; use {listed}.'))
    return issues


def _add_once(planned: dict[str, NewParty], party: NewParty, row: int, log: ProblemLog) -> None:
    if party.name.lower() in planned:
        log.add(f'"{party.name}" is listed twice; keep one row per party.', row, "name")
        return
    planned[party.name.lower()] = party


def apply_plan(plan: ImportPlan, tenant: Tenant) -> None:
    """Save the whole plan or nothing; :class:`ImportConflictError` if the database refuses."""
    try:
        with transaction.atomic():
            _save(plan, tenant)
    except IntegrityError as error:
        raise ImportConflictError(
            "The organization changed since the preview (a party or relationship in the file "
            "was added meanwhile), so nothing was imported; upload the file again."
        ) from error


def _save(plan: ImportPlan, tenant: Tenant) -> None:
    org = tenant.organization
    for new in plan.parties:
        Party.objects.create(organization=org, **new.__dict__)
    parties = {p.name.lower(): p for p in tenant.parties()}
    for relationship in plan.relationships:
        Relationship.objects.create(
            organization=org,
            party_a=parties[relationship.party_a.lower()],
            party_b=parties[relationship.party_b.lower()],
            label=relationship.label,
            scope=relationship.scope,
        )
