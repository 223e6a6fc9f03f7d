"""Column names shared by the reader, the engine and every output.

The engine takes a *responses* frame (one row per respondent: ``respondent``, ``party``,
``about``, optional ``wave``, one float column per item with NaN for a skipped answer, and
optional text columns) and an optional *relationships* frame (``party_a``, ``party_b``,
``label``, ``scope``, optionally ``relationship_key``). Keeping the names in one place keeps
io and core in agreement.
"""

from __future__ import annotations

RESPONDENT = "respondent"
PARTY = "party"
ABOUT = "about"
WAVE = "wave"
ID_COLUMNS: tuple[str, ...] = (RESPONDENT, PARTY, ABOUT)
OPTIONAL_COLUMNS: tuple[str, ...] = (WAVE,)
TEXT_COLUMNS: tuple[str, ...] = ("purpose", "persona", "mirror", "comment")

PARTY_A = "party_a"
PARTY_B = "party_b"
LABEL = "label"
SCOPE = "scope"
RELATIONSHIP_COLUMNS: tuple[str, ...] = (PARTY_A, PARTY_B, LABEL, SCOPE)
SCOPES: tuple[str, ...] = ("internal", "external")
#: An optional column of the relationships frame: the caller's own id of the relationship,
#: carried to its result (``RelationshipResult.key``) so the caller finds each result by id.
RELATIONSHIP_KEY = "relationship_key"
