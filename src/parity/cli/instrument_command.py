"""`parity instrument --format qsf|lss`: the instrument as a survey file for Qualtrics or
LimeSurvey, to run the survey there and bring the answers back with `parity import`.

Nothing heavy is imported at module level: `parity --help` stays instant.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from parity.cli.output import write_output

if TYPE_CHECKING:
    from parity.core.instrument import Instrument

#: The survey files, by ``--format`` name, with what they are for.
SURVEY_FORMATS = {
    "qsf": "Qualtrics survey file (Survey, Import Survey)",
    "lss": "LimeSurvey survey structure (Create survey, Import)",
}

F = TypeVar("F", bound=Callable[..., object])


def survey_file_options(command: F) -> F:
    """``--format`` (the table, or a survey file) and ``--output`` of `parity instrument`."""
    command = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the survey file here (standard output without it).",
    )(command)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", *SURVEY_FORMATS]),
        default="table",
        show_default=True,
        help=(
            "The items as a table, or the survey as a Qualtrics (qsf) or LimeSurvey (lss) "
            "file whose answers `parity import` reads back."
        ),
    )(command)


def survey_file_text(instrument: Instrument, fmt: str) -> str:
    from parity.io.survey_files import lss_text, qsf_text

    return qsf_text(instrument) if fmt == "qsf" else lss_text(instrument)


def write_survey_file(instrument: Instrument, fmt: str, output: Path | None) -> None:
    """The survey file to ``output`` (or standard output), with how to run it on stderr."""
    from parity.cli.failure import stderr

    write_output(survey_file_text(instrument, fmt), output)
    if output is None:
        return
    link = "party=<your team>&about=<the other party>"
    stderr().print(
        f"It is a {SURVEY_FORMATS[fmt]} of {instrument.id} v{instrument.version}. "
        f"Give each respondent the survey's link with ?{link}; bring the answers back with "
        "parity import."
    )
