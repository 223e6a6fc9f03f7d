"""Answers collected in another survey tool, brought into a round: checked, previewed, then put
in the round's ballot box together.

A facilitator who ran the instrument in the survey tool the organization already pays for
(``parity instrument --format qsf``, say) brings its export here. The file is read by the same
importer as ``parity import`` (:mod:`parity.io.survey_tools`), with the round's instrument, and
each row's ``party`` and ``about`` must name a side of the round. Every problem is listed at
once, and nothing is kept until the facilitator confirms the preview.

Confirmed answers go where survey answers go. Each becomes a ballot, with an invitation of the
kind "imported", already used, so that the round page's counts and their rule hold as for
e-mail links and codes; the ballots are mixed into responses like any others and sealed when
the round closes (:mod:`.sealing`). What the export says of the person (its response ids, names,
addresses, dates) is never kept: only the answers, the attributes the round asks, and the time
taken, rounded as the survey rounds it (:mod:`.timing`).

Between the preview and the confirmation, the checked answers wait in the facilitator's session
(on the server), words included; confirming or choosing another file deletes them.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from parity.core.instrument import Instrument
from parity.core.schema import SEGMENT_COLUMNS
from parity.io.errors import InputFileError, Problem
from parity.io.survey_tools import TOOLS, Imported, import_answers
from parity.web.surveys.answering import clean_draft
from parity.web.surveys.attributes import asked_of
from parity.web.surveys.models import (
    TEXT_FIELDS,
    Ballot,
    Invitation,
    InvitationKind,
    Round,
    RoundState,
)
from parity.web.surveys.rounds import Side, invitation_for, sides_of
from parity.web.surveys.sealing import mix_if_due, promise_thresholds
from parity.web.surveys.timing import seconds_taken
from parity.web.tokens import new_token

#: The most problems one message lists (the rest are counted).
MAX_LISTED = 20


class AnswerImportError(Exception):
    """Answers that cannot be brought in now, said as a sentence (the round closed, say)."""


@dataclass(frozen=True)
class SideAnswers:
    """How many answers of the file go to one side of the round."""

    relationship: int
    party: int
    about: int
    name: str
    count: int


@dataclass
class AnswerPlan:
    """What the file holds, checked: the tool, each column's fate, the answers per side."""

    file: str
    tool: str
    instrument: str
    columns: list[tuple[str, str]] = field(default_factory=list)
    sides: list[SideAnswers] = field(default_factory=list)
    ballots: list[dict[str, Any]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.ballots)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> AnswerPlan:
        return cls(
            file=str(stored["file"]),
            tool=str(stored["tool"]),
            instrument=str(stored["instrument"]),
            columns=[(str(a), str(b)) for a, b in stored["columns"]],
            sides=[SideAnswers(**side) for side in stored["sides"]],
            ballots=list(stored["ballots"]),
        )


def tool_choices() -> list[tuple[str, str]]:
    """The upload form's tools: detection first, then each tool the importer knows."""
    return [("", gettext("Detect it from the file")), *((key, t.name) for key, t in TOOLS.items())]


def plan_answers(
    data: bytes,
    file: str,
    round_: Round,
    *,
    tool: str | None = None,
    mapping: tuple[str, str] | None = None,
) -> AnswerPlan:
    """The answers of ``file`` for ``round_``, or :class:`InputFileError` with every problem.

    ``mapping`` is the text and name of a mapping file, as ``parity import --mapping`` takes.
    """
    instrument = round_.questions()
    try:
        result = import_answers(data, file, tool=tool, instrument=instrument, mapping_file=mapping)
    except ValueError as error:  # an unknown tool, named by the caller
        raise InputFileError([Problem(file, None, None, str(error))]) from None
    if result.problems or result.frame is None:
        raise result.error
    plan = AnswerPlan(file, result.tool.name, instrument.id, _columns(result))
    _fill(plan, result, round_, instrument)
    return plan


def _columns(result: Imported) -> list[tuple[str, str]]:
    """Each column of the export and what it becomes ("" where it is left out)."""
    return [(c.key, result.mapping.targets.get(c.key, "")) for c in result.export.columns]


def _fill(plan: AnswerPlan, result: Imported, round_: Round, instrument: Instrument) -> None:
    """The plan's ballots, each at the side its row names; every row naming no side is a
    problem, and all of them are raised together."""
    assert result.frame is not None
    sides = {(s.party.name.casefold(), s.other.name.casefold()): s for s in sides_of(round_)}
    asked = asked_of(round_.attributes)
    rows = [number for number, _ in result.export.rows]
    column = result.mapping.source_of("party")
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    found: dict[str, Side] = {}
    for index, record in enumerate(result.frame.to_dict("records")):
        party, about = str(record["party"]), str(record["about"])
        side = sides.get((party.casefold(), about.casefold()))
        if side is None:
            problems.append(Problem(plan.file, rows[index], column, _no_side(party, about, round_)))
            continue
        found[side.key] = side
        counts[side.key] = counts.get(side.key, 0) + 1
        plan.ballots.append(_ballot(side, record, instrument, asked))
    if problems:
        raise InputFileError(problems[:MAX_LISTED], len(problems))
    plan.sides = [
        SideAnswers(s.relationship.pk, s.party.pk, s.other.pk, str(s), counts[key])
        for key, s in found.items()
    ]


def _no_side(party: str, about: str, round_: Round) -> str:
    return gettext(
        "%(party)s about %(about)s is not a side of %(round)s: the party and the party it is "
        "about must be the two parties of one of the round's relationships, named as Parity "
        "names them."
    ) % {"party": party, "about": about, "round": round_.name}


def _ballot(
    side: Side, record: Mapping[Hashable, Any], instrument: Instrument, asked: dict[str, list[str]]
) -> dict[str, Any]:
    """One row as a ballot would hold it; what the survey would not keep is dropped here."""
    raw: dict[str, Any] = {}
    for item_id in instrument.item_ids:
        value = record.get(item_id)
        if value is not None and _given(value):
            raw[item_id.lower()] = int(value)
    for name in (*TEXT_FIELDS, *SEGMENT_COLUMNS):
        value = record.get(name)
        if _given(value):
            raw[name] = str(value)
    seconds = record.get("seconds")
    taken = seconds_taken(0, int(seconds)) if seconds is not None and _given(seconds) else None
    return {
        "relationship": side.relationship.pk,
        "party": side.party.pk,
        "about": side.other.pk,
        "answers": clean_draft(raw, instrument, asked),
        "seconds": taken,
    }


def _given(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return not (isinstance(value, str) and not value.strip())


def bring_in(plan: AnswerPlan, round_: Round) -> int:
    """Put the plan's answers in the round's ballot box, all or none; how many."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        locked = Round.objects.select_related("organization").select_for_update().get(pk=round_.pk)
        if locked.sealed_at is not None or locked.state is RoundState.CLOSED:
            raise AnswerImportError(
                gettext("%(round)s has closed; its answers are sealed.") % {"round": locked.name}
            )
        sides = {s.key: s for s in sides_of(locked)}
        promise_thresholds(locked)
        invitations, ballots = [], []
        for ballot in plan.ballots:
            side = sides.get(f"{ballot['relationship']}-{ballot['party']}")
            if side is None:
                raise AnswerImportError(
                    gettext("The round's relationships changed; check the file again.")
                )
            invitation = invitation_for(locked, side, new_token()[1])
            invitation.kind, invitation.used_at = InvitationKind.IMPORTED, today
            invitations.append(invitation)
            ballots.append(
                Ballot(
                    round=locked,
                    relationship=side.relationship,
                    party=side.party,
                    about=side.other,
                    answers=ballot["answers"],
                    seconds=ballot["seconds"],
                )
            )
        Invitation.objects.bulk_create(invitations)
        Ballot.objects.bulk_create(ballots)
    for side_answers in plan.sides:
        mix_if_due(round_.pk, side_answers.relationship, side_answers.party)
    return len(ballots)
