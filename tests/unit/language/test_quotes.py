"""Quotes are evidence of a stance only when the reading is confident."""

from __future__ import annotations

import pandas as pd

from parity.core.language.words import words_by_side


def _statements(clear: list[bool]) -> pd.DataFrame:
    n = len(clear)
    return pd.DataFrame(
        {
            "party": ["IT"] * n,
            "about": ["Sales"] * n,
            "question": ["purpose"] * n,
            "text": [f"We do what Sales asks, case {i}." for i in range(n)],
            "label": ["servant"] * n,
            "confidence": [0.9 if c else 0.4 for c in clear],
            "clear": clear,
        }
    )


def test_an_unsure_reading_is_counted_but_never_quoted() -> None:
    words = words_by_side(_statements([False, False, True]), ["party", "about"])[("IT", "Sales")]
    assert words.overall == {"servant": 3}
    assert [q.text for q in words.quotes] == ["We do what Sales asks, case 2."]
    unsure = words_by_side(_statements([False, False]), ["party", "about"])[("IT", "Sales")]
    assert unsure.quotes == ()
    assert unsure.statements == 2
