"""A hand-made HR side whose members disagree: business partners and administrators."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from tests.support.builders import answers_for, moved

#: Voice levels (1-7) of two clear groups, and of one group that agrees with itself.
PARTNERS = (6, 7, 6, 7, 6, 6, 7, 6)
ADMINISTRATORS = (2, 3, 2, 2, 3, 2, 3)
ALIKE = ((4, 5, 4, 4, 5, 4, 5, 4), (4, 5, 4, 5, 4, 4, 5))


def hr_rows(role: str, voice: Sequence[int], start: int) -> list[dict[str, object]]:
    """HR respondents about Sales of one role: their voice levels as given, everything else
    middling, no two alike (:func:`moved`)."""
    rows = []
    for k, level in enumerate(voice):
        answers = moved(answers_for({"VOI": level, "VAL": 4, "OUT": 5}), k + 1)
        person = {"respondent": f"hr{start + k}", "party": "HR", "about": "Sales", "role": role}
        rows.append({**person, **answers})
    return rows


def sales_rows(n: int) -> list[dict[str, object]]:
    """Sales about HR, all of one role."""
    rows = []
    for k in range(n):
        answers = moved(answers_for({"VOI": 5, "OUT": 5, "NEED": 3}), k + 1)
        person = {"respondent": f"s{k}", "party": "Sales", "about": "HR", "role": "rep"}
        rows.append({**person, **answers})
    return rows


def hr_side(
    partners: Sequence[int] = PARTNERS, administrators: Sequence[int] = ADMINISTRATORS
) -> pd.DataFrame:
    """HR (partners, then administrators) about Sales, and eight of Sales about HR."""
    rows = hr_rows("business partner", partners, 0)
    rows += hr_rows("administrator", administrators, len(partners))
    return pd.DataFrame([*rows, *sales_rows(8)])
