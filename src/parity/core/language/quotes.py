"""One quoted answer, the unit every quote rule is applied to, and the key of a side.

They live apart from :mod:`parity.core.language.words` so that the modules that choose quotes
for other purposes (portraits, themes) and the module that gathers a side's words can all use
them without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Longer answers are not quoted: a quote is read out in a room, and a long answer is more
#: likely to carry details that tell who wrote it.
QUOTE_CHARS = 160
#: A side as the results are filed under it: its values of the grouping columns, in order.
SideKey = tuple[Any, ...]


@dataclass(frozen=True)
class Quote:
    """A side's answer to one question (``column``), with the stance read in it."""

    column: str
    text: str
    label: str
    confidence: float
