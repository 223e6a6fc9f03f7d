"""The demo's time taken, and a few respondents who did not really answer.

Real survey exports carry the time each respondent took, and every real round has a few rows
that are nobody's view: someone who clicked the middle of every scale, someone who agreed with
everything, someone who raced through, a row pasted twice. The demo has them too, so that the
respondent screen (docs/method.md §2a) is seen at work in the demo's output and tests.

They are added to one side, Sales about IT, six of them. The web application leaves flagged
respondents out only in groups at least as large as the anonymity threshold (5 by default), and
does not look for copies (its ballots are single-use, so two alike are two people): the five
rows that are not a copy are left out there too. The screen leaves them out of every score, so
the demo's archetypes and figures are those of the respondents who answered.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from parity.core.instrument import Instrument
from parity.core.schema import ABOUT, PARTY, RESPONDENT, SECONDS

#: The side whose answers include the careless rows: (party, about).
CARELESS_SIDE = ("Sales", "IT")

#: Seconds an attentive respondent takes per rated item (median), and for the open questions.
SECONDS_PER_ITEM = 7.0
SECONDS_FOR_TEXTS = 90.0


def with_time_taken(
    responses: pd.DataFrame, instrument: Instrument, rng: np.random.Generator
) -> pd.DataFrame:
    """``responses`` with a ``seconds`` column: the answered items times a per-person pace
    (log-normal around :data:`SECONDS_PER_ITEM`, never under 4 s an item), plus time for the
    open questions."""
    answered = responses.loc[:, list(instrument.item_ids)].notna().sum(axis=1).to_numpy()
    pace = np.maximum(SECONDS_PER_ITEM * rng.lognormal(0.0, 0.3, size=len(responses)), 4.0)
    out = responses.copy()
    out[SECONDS] = np.round(answered * pace + SECONDS_FOR_TEXTS * rng.uniform(0.5, 1.5, len(out)))
    return out


def with_careless(responses: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """``responses`` (with ``seconds``) and six careless rows of :data:`CARELESS_SIDE`: one
    answer throughout (1, 4, then 7), agreement with every statement, a real-looking set of
    answers given in one second an item, and a copy of the side's first row."""
    party, about = CARELESS_SIDE
    side = responses[(responses[PARTY] == party) & (responses[ABOUT] == about)]
    if side.empty:
        return responses
    items = list(instrument.item_ids)
    first = side.iloc[0]
    agree = {i.id: (4.0 if i.compares else 6.0 + (k % 2)) for k, i in enumerate(instrument.items)}
    rows = [
        _row(party, about, "ones", dict.fromkeys(items, 1.0), 240.0),
        _row(party, about, "middle", dict.fromkeys(items, 4.0), 300.0),
        _row(party, about, "sevens", dict.fromkeys(items, 7.0), 280.0),
        _row(party, about, "agreeing", agree, 320.0),
        _row(party, about, "racing", {i: first[i] for i in items}, float(len(items))),
        {**first.to_dict(), RESPONDENT: f"{first[RESPONDENT]}-again"},
    ]
    added = pd.DataFrame(rows, columns=responses.columns).astype(responses.dtypes.to_dict())
    return pd.concat([responses, added], ignore_index=True)


def _row(
    party: str, about: str, name: str, answers: dict[str, float], seconds: float
) -> dict[str, object]:
    return {RESPONDENT: f"CARELESS-{name}", PARTY: party, ABOUT: about, **answers, SECONDS: seconds}
