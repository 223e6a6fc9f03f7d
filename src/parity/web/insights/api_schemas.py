"""What the results API returns, typed: a round's relationships as in the analysis JSON
(:mod:`parity.io.analysis_schema`), with the few keys the API adds or changes.

The API discloses more carefully than the file: a hidden side also says ``fewer_than`` (the
threshold it fell short of), the screen is the one the pages show (counts and reasons only
where at least the threshold met them), and each relationship carries its id.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import Field

from parity.io.analysis_schema import (
    Contract,
    HiddenSide,
    Instrument,
    Organization,
    Relationship,
    ShownSide,
)


class WithheldSide(HiddenSide):
    """A side below the round's score threshold, as the API gives it."""

    fewer_than: int = Field(description="The score threshold the side fell short of.")


class ResultRelationship(Relationship):
    """One relationship of the round, disclosed and rounded as the pages show it."""

    relationship_id: int
    sides: Mapping[str, ShownSide | WithheldSide] = Field(
        description="Party to its side: what its members answered about the other."
    )


class NoViews(Contract):
    """The organization-wide views of a round whose results are not published yet: none."""


class ScreenedSideOut(Contract):
    party: str
    about: str
    flagged: int = Field(description="At least the threshold; a smaller count is not listed.")
    kept: bool
    reasons: list[str] = Field(description="Reason codes at least the threshold met.")


class ScreenOut(Contract):
    """The respondent screen as the round's pages show it."""

    kept_flagged: bool
    threshold: int
    sides: list[ScreenedSideOut]


class RoundResultsOut(Contract):
    format_version: int
    round: int
    name: str
    status: str = Field(description="`provisional`, `closed` or `released`.")
    instrument: Instrument
    min_respondents: int
    text_threshold: int
    gap_convention: str
    relationships: list[ResultRelationship]
    organization: Organization | NoViews = Field(
        description="The organization-wide views; an empty object until published."
    )
    screen: ScreenOut
