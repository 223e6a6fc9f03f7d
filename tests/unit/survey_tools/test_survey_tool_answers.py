"""Properties of reading an answer cell as a tool writes it: a number or a scale label."""

from __future__ import annotations

import csv
import io
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.core.instrument import default_instrument
from parity.io.errors import InputFileError
from parity.io.survey_tools import Imported, import_answers
from parity.io.survey_tools.answers import AGREEMENT_LABELS, answer_value, scale_labels

INSTRUMENT = default_instrument()
LABELS = scale_labels(INSTRUMENT)
LOW, HIGH = INSTRUMENT.scale_min, INSTRUMENT.scale_max


def read(cell: str) -> float | None:
    return answer_value(cell, LOW, HIGH, LABELS)


def respaced(text: str, spaces: list[str]) -> str:
    words = text.split()
    gaps = [*spaces, *[" "] * len(words)][: len(words) - 1]
    return "".join(w + g for w, g in zip(words, [*gaps, ""], strict=True))


@given(st.integers(LOW, HIGH), st.sampled_from(["", " ", "  "]), st.sampled_from(["", ".0"]))
def test_a_number_on_the_scale_is_itself(point: int, pad: str, decimals: str) -> None:
    assert read(f"{pad}{point}{decimals}{pad}") == float(point)


@given(st.integers().filter(lambda n: not LOW <= n <= HIGH))
def test_a_number_off_the_scale_is_not_an_answer(point: int) -> None:
    assert read(str(point)) is None


@given(
    st.integers(0, 6),
    st.lists(st.sampled_from([" ", "  ", "\t"]), max_size=4),
    st.sampled_from([str.lower, str.upper, str.title, str]),
)
def test_a_label_in_any_case_and_spacing_is_its_point(
    offset: int, spaces: list[str], case: object
) -> None:
    label = AGREEMENT_LABELS[offset]
    assert callable(case)
    written = f" {respaced(str(case(label)), spaces)} "
    assert read(written) == float(LOW + offset)


@given(st.text(alphabet=" \t", max_size=3))
def test_an_empty_cell_is_a_skipped_answer(cell: str) -> None:
    value = read(cell)
    assert value is not None
    assert math.isnan(value)


@given(st.text(max_size=20))
def test_anything_else_is_refused_never_misread(cell: str) -> None:
    value = read(cell)
    text = " ".join(cell.lower().split())
    if value is None:
        return
    if math.isnan(value):
        assert not cell.strip()
    else:
        assert LOW <= value <= HIGH
        assert value == int(value)
        assert text in LABELS or text.lstrip("+").split(".")[0].split(",")[0].isdigit()


def test_the_instrument_s_own_labels_are_the_scale() -> None:
    assert [LABELS[" ".join(label.lower().split())] for label in INSTRUMENT.scale_labels] == list(
        range(LOW, HIGH + 1)
    )
    assert read("Totally agree") is None
    assert read("3.5") is None


TOOL_HEADERS = st.sampled_from(
    [
        ["Timestamp", "party", "about", "OUT1"],
        ["id", "submitdate", "lastpage", "startlanguage", "party", "about", "Q1[OUT1]"],
        ["Respondent ID", "Collector ID", "party", "about"],
        ["StartDate", "ResponseId", "Duration (in seconds)", "party", "about", "Q1"],
        ["ID", "Start time", "Completion time", "party", "about"],
        ["V1", "V2", "OUT1"],
        ["what", "ever"],
    ]
)
CELLS = st.sampled_from(
    ["", " ", "1", "7", "8", "Agree", "agree ", "x", '"', "a,b", "IT", "Sales", "\n", "é",
     "2026-03-02 09:00:00", "-5", "3.5", '{"ImportId":"QID1"}']
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TOOL_HEADERS, st.lists(st.lists(CELLS, max_size=9), max_size=5), st.sampled_from(",;"))
def test_no_export_crashes_the_import(header: list[str], rows: list[list[str]], sep: str) -> None:
    """Any file ends as responses or as problems in sentences naming the file, never as a
    traceback."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows([header, *rows])
    data = buffer.getvalue().encode("utf-8")
    outcome: Imported | InputFileError
    try:
        outcome = import_answers(data, "fuzz.csv")
    except InputFileError as error:
        outcome = error
    if isinstance(outcome, InputFileError):
        assert outcome.problems
        assert all(p.file == "fuzz.csv" and p.message for p in outcome.problems)
    elif outcome.problems:
        assert outcome.frame is None
        assert all(p.file == "fuzz.csv" and p.message for p in outcome.problems)
        assert str(outcome.error)
    else:
        assert outcome.frame is not None
