"""Column names shared by the reader, the engine and every output.

The engine takes a *responses* frame (one row per respondent: ``respondent``, ``party``,
``about``, optional ``wave``, one float column per item with NaN for a skipped answer,
optional text columns and optional respondent attributes) and an optional *relationships*
frame (``party_a``, ``party_b``, ``label``, ``scope``, optionally ``relationship_key``).
Keeping the names in one place keeps io and core in agreement.
"""

from __future__ import annotations

RESPONDENT = "respondent"
PARTY = "party"
ABOUT = "about"
WAVE = "wave"
ID_COLUMNS: tuple[str, ...] = (RESPONDENT, PARTY, ABOUT)
#: Optional: the time the respondent took to answer, in seconds (a number, not negative; empty
#: where not known). Only the respondent screen reads it (:mod:`parity.core.screen`, speeders).
SECONDS = "seconds"
OPTIONAL_COLUMNS: tuple[str, ...] = (WAVE, SECONDS)
TEXT_COLUMNS: tuple[str, ...] = ("purpose", "persona", "mirror", "comment")
#: Optional columns describing the respondent, by which a side is split into segments
#: (:mod:`parity.core.segments`): free text, trimmed, except ``tenure``, a band of
#: :data:`TENURE_BANDS`. Empty where not given.
ROLE = "role"
LEVEL = "level"
LOCATION = "location"
TENURE = "tenure"
SEGMENT_COLUMNS: tuple[str, ...] = (ROLE, LEVEL, LOCATION, TENURE)
#: Years in the organization, as bands; each band runs from its start (in
#: :data:`TENURE_BAND_STARTS`, same position) up to, not including, the next band's start.
TENURE_BANDS: tuple[str, ...] = ("<1", "1-3", "3-10", "10+")
TENURE_BAND_STARTS: tuple[float, ...] = (0.0, 1.0, 3.0, 10.0)

PARTY_A = "party_a"
PARTY_B = "party_b"
LABEL = "label"
SCOPE = "scope"
RELATIONSHIP_COLUMNS: tuple[str, ...] = (PARTY_A, PARTY_B, LABEL, SCOPE)
SCOPES: tuple[str, ...] = ("internal", "external")
#: An optional column of the relationships frame: the caller's own id of the relationship,
#: carried to its result (``RelationshipResult.key``) so the caller finds each result by id.
RELATIONSHIP_KEY = "relationship_key"
