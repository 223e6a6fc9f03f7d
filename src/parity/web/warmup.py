"""Readying a server's engine before it takes its first request.

The engine prepares much of what it needs on first use: the stance, feelings and traits
lexicons compile their expressions, the stance model and the word vectors load, SciPy's special
functions and clustering import, and Django imports every view module when it first resolves a
URL. In a server that just started, the first results page of each worker paid for all of it,
about half a second on top of the analysis (docs/method.md §8). :func:`warm_up` does that work
once, in the server's main process before it starts its workers, so that every worker inherits
it: the first facilitator to open a results page waits for the analysis alone.

It warms by doing, not by listing: it analyses a small sample drawn with the demo's own
samplers (two sides with written answers) and builds its organization view, so whatever the
analysis comes to load lazily later is loaded here too. No database is touched.
"""

from __future__ import annotations

import logging
import time

import numpy as np
import pandas as pd

_log = logging.getLogger(__name__)

#: Respondents of each side of the sample: enough that its words are read and quoted
#: (the quote threshold is 7) and its sides scored.
SAMPLE_PER_SIDE = 8
#: The sample's generator seed: the same sample on every start.
SAMPLE_SEED = 2026


def warm_up() -> float | None:
    """Import the views and run the engine once on a small sample; the seconds it took.

    The sample is read with the light reader, whatever the server's: the embeddings reader's
    model runs on thread pools that a fork would leave behind, so each worker loads it itself.

    A failure is logged and the server starts all the same (None): its surveys do not need the
    engine, and a results page meets the same failure and says so."""
    try:
        return _warm_up()
    except Exception:
        _log.exception("Readying the engine failed; the first results page will do it.")
        return None


def _warm_up() -> float:
    from django.urls import get_resolver

    from parity.core.analysis import analyze
    from parity.core.disclosure import Thresholds, disclose_analysis
    from parity.core.language.readers import LIGHT_READER
    from parity.core.organization import organization_view

    start = time.perf_counter()
    get_resolver().url_patterns  # noqa: B018 - imports every view module, as a first request does
    responses, relationships = sample()
    analysis = analyze(responses, relationships, stance_reader=LIGHT_READER)
    organization_view(disclose_analysis(analysis, Thresholds()))
    seconds = time.perf_counter() - start
    _log.info("Engine ready in %.2f s", seconds)
    return seconds


def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Responses (with written answers) and the relationship of the demo's first relationship,
    :data:`SAMPLE_PER_SIDE` respondents a side."""
    from parity.core.instrument import default_instrument
    from parity.demo.company import RELATIONSHIPS
    from parity.demo.profiles import PROFILES
    from parity.demo.sampling import sample_side
    from parity.demo.voices import sample_voices

    rng = np.random.default_rng(SAMPLE_SEED)
    instrument = default_instrument()
    chosen = RELATIONSHIPS[0]
    sides = (
        (chosen.party_a, chosen.party_b, chosen.profile_a),
        (chosen.party_b, chosen.party_a, chosen.profile_b),
    )
    frames = []
    for number, (party, about, profile) in enumerate(sides):
        answers = sample_side(
            PROFILES[profile],
            SAMPLE_PER_SIDE,
            rng,
            party=party,
            about=about,
            instrument=instrument,
            id_prefix=f"W{number}-",
        )
        texts = sample_voices(
            PROFILES[profile], SAMPLE_PER_SIDE, rng, other=about, scope=chosen.scope
        )
        frames.append(pd.concat([answers, texts.drop(columns="stance")], axis=1))
    declared = pd.DataFrame(
        [
            {
                "party_a": chosen.party_a,
                "party_b": chosen.party_b,
                "label": chosen.label,
                "scope": chosen.scope,
            }
        ]
    )
    return pd.concat(frames, ignore_index=True), declared
