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


def load_instrument(choice: str | Path | None, responses: Path | None = None) -> Instrument:
    """The instrument ``choice`` names: a shipped one by id (TPI-2) or a custom one's file
    (TOML or JSON); without a choice, the shipped instrument the responses file's header fits
    (TPI-1 when there is no file). A clear exit if it cannot be used."""
    from parity.core.instrument import (
        InstrumentError,
        default_instrument,
        shipped_instrument,
        shipped_instruments,
    )
    from parity.io.errors import InputFileError
    from parity.io.instrument_file import load_instrument as read_instrument
    from parity.io.responses import instrument_of_header

    try:
        if choice is None:
            return instrument_of_header(responses) if responses else default_instrument()
        if str(choice) in shipped_instruments() or not Path(choice).suffix:
            return shipped_instrument(str(choice))
        return read_instrument(Path(choice))
    except InputFileError as error:
        fail("Nothing was analysed.", str(error))
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
        # Held in a list so that the frame can be handed over below: the analysis reorders it
        # and lets this copy go, rather than keeping two copies of a large file in memory.
        responses = [
            read_responses(
                responses_path, instrument, ignore_unknown_columns=ignore_unknown_columns
            )
        ]
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
            responses.pop(),
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


def write_demo_data(
    outdir: Path, seed: int, instrument: Instrument | None = None
) -> tuple[Path, Path]:
    from parity.demo.company import demo_dataset

    data = demo_dataset(seed=seed, instrument=instrument)
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


def analyse_demo(
    outdir: Path, seed: int, instrument_id: str = "TPI-1"
) -> tuple[Path, Path, Analysis]:
    """Write the demo files, as answered to the shipped instrument ``instrument_id``, to
    ``outdir`` and analyse them as a user's files would be, shown under the default anonymity
    thresholds as `parity analyze` shows them."""
    from parity.core.disclosure import disclose_analysis
    from parity.core.instrument import shipped_instrument

    instrument = shipped_instrument(instrument_id)
    responses, relationships = write_demo_data(outdir, seed, instrument)
    result = run_analysis(
        responses,
        relationships,
        instrument,
        min_respondents=DEFAULT_SCORE_THRESHOLD,
        ignore_unknown_columns=False,
    )
    shown = disclose_analysis(result, DEMO_THRESHOLDS)
    return responses, relationships, shown
