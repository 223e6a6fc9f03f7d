"""What the file commands run: reading and analysing a responses file, and the demo files.

Shared by `parity analyze`, `parity report` and `parity demo` (and the tests), and kept out of
the command group (`parity.cli.main`) so that no command module imports the group that imports
it. Nothing heavy is imported at module level: `parity --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from parity.cli.failure import fail
from parity.core.policy import DEFAULT_SCORE_THRESHOLD, Thresholds

if TYPE_CHECKING:
    from parity.core.analysis import Analysis
    from parity.core.instrument import Instrument


def load_instrument(path: Path | None) -> Instrument:
    """The instrument of ``path`` (TOML or JSON), or TPI-1; a clear exit if it is broken."""
    from parity.core.instrument import InstrumentError, default_instrument
    from parity.io.instrument_file import load_instrument as read_instrument

    if path is None:
        return default_instrument()
    try:
        return read_instrument(path)
    except InstrumentError as error:
        fail("The instrument cannot be used.", str(error))


def run_analysis(
    responses_path: Path,
    relationships_path: Path | None,
    instrument: Instrument,
    *,
    min_respondents: int,
    ignore_unknown_columns: bool,
    reader: str = "light",
    keep_flagged: bool = False,
) -> Analysis:
    import warnings

    from pandas.errors import ParserWarning

    from parity.core.analysis import analyze
    from parity.io.errors import InputFileError

    # The readers turn every malformed row into a Problem; pandas' own warning about the same
    # row would only repeat it in a less helpful form.
    warnings.simplefilter("ignore", ParserWarning)
    from parity.io.relationships import read_relationships
    from parity.io.responses import read_responses

    try:
        responses = read_responses(
            responses_path, instrument, ignore_unknown_columns=ignore_unknown_columns
        )
        relationships = read_relationships(relationships_path) if relationships_path else None
    except InputFileError as error:
        count = error.total
        detail = str(error)
        if any("not a known column" in p.message for p in error.problems):
            detail += "\n(--ignore-unknown-columns drops columns Parity does not know.)"
        fail(
            f"Nothing was analysed: {count} problem{'s' if count != 1 else ''} in the input.",
            detail,
        )
    from parity.core.language.embedding import EmbeddingsUnavailableError

    try:
        return analyze(
            responses,
            relationships,
            instrument,
            min_respondents=min_respondents,
            stance_reader=reader,
            keep_flagged=keep_flagged,
        )
    except EmbeddingsUnavailableError as error:
        fail("Nothing was analysed.", str(error))


#: The demo's pilot round and this round in one file, with a ``wave`` column (for the trends).
HISTORY_FILE = "responses-two-rounds.csv"


def write_demo_data(outdir: Path, seed: int) -> tuple[Path, Path]:
    from parity.demo.company import demo_dataset

    data = demo_dataset(seed=seed)
    outdir.mkdir(parents=True, exist_ok=True)
    responses = outdir / "responses.csv"
    relationships = outdir / "relationships.csv"
    data.responses.to_csv(responses, index=False)
    data.relationships.to_csv(relationships, index=False)
    data.parties.to_csv(outdir / "parties.csv", index=False)
    data.expected.to_csv(outdir / "expected-archetypes.csv", index=False)
    data.history().to_csv(outdir / HISTORY_FILE, index=False)
    return responses, relationships


#: The demo is shown under the default anonymity thresholds, as `parity analyze` shows files.
DEMO_THRESHOLDS = Thresholds()


def analyse_demo(outdir: Path, seed: int) -> tuple[Path, Path, Analysis]:
    """Write the demo files to ``outdir`` and analyse them as a user's files would be, shown
    under the default anonymity thresholds as `parity analyze` shows them."""
    from parity.core.disclosure import disclose_analysis
    from parity.core.instrument import default_instrument

    responses, relationships = write_demo_data(outdir, seed)
    result = run_analysis(
        responses,
        relationships,
        default_instrument(),
        min_respondents=DEFAULT_SCORE_THRESHOLD,
        ignore_unknown_columns=False,
    )
    shown = disclose_analysis(result, DEMO_THRESHOLDS)
    return responses, relationships, shown
