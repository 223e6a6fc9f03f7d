"""`parity import`'s reading of survey tool exports: each tool's file, written as the tool
writes it from the demo's answers, comes back as the same responses, and analyses the same."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tests.unit.survey_tools import tool_files
from tests.unit.survey_tools.tool_files import (
    GOOGLE_ABOUT,
    GOOGLE_PARTY,
    SECRET_EMAIL,
    SECRET_IP,
    SECRET_NAME,
)

from parity.core.analysis import analyze
from parity.core.instrument import Instrument, default_instrument, shipped_instrument
from parity.demo import demo_dataset
from parity.io.analysis_json import analysis_json
from parity.io.errors import InputFileError
from parity.io.responses import read_responses_bytes
from parity.io.survey_tools import import_answers, mapping_toml, write_csv

Builder = Callable[[pd.DataFrame, Instrument], bytes]


def answers(instrument: Instrument | None = None, rows: int = 120) -> pd.DataFrame:
    """The demo's first responses, seconds whole (as the tools record them)."""
    frame = demo_dataset(instrument=instrument).responses.head(rows).copy()
    frame["seconds"] = frame["seconds"].round()
    return frame


def own_csv(frame: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """The same answers read from Parity's own responses file."""
    data = frame.to_csv(index=False).encode("utf-8")
    return read_responses_bytes(data, "responses.csv", instrument)


def renumbered(frame: pd.DataFrame, first: int = 1) -> pd.DataFrame:
    """Respondents numbered ``first``, … as a tool without the demo's ids numbers them (Google
    Forms has no id: the row number, from 2 below the header, stands for it)."""
    out = frame.copy()
    out["respondent"] = [str(n) for n in range(first, len(out) + first)]
    return out


GOOGLE_MAPPING = f'[columns]\n"{GOOGLE_PARTY}" = "party"\n"{GOOGLE_ABOUT}" = "about"\n'

#: Each tool: its builder, its file name, the first respondent number when the tool numbers
#: them (0: the demo's ids are kept), whether the file has the seconds, and the mapping file
#: it needs.
CASES: dict[str, tuple[Builder, str, int, bool, str | None]] = {
    "qualtrics": (tool_files.qualtrics, "export.csv", 0, True, None),
    "qualtrics-legacy": (tool_files.qualtrics_legacy, "legacy.csv", 0, True, None),
    "surveymonkey": (tool_files.surveymonkey, "monkey.csv", 0, True, None),
    "google-forms": (tool_files.google_forms, "form.csv", 2, False, GOOGLE_MAPPING),
    "microsoft-forms": (tool_files.microsoft_forms, "forms.xlsx", 1, True, None),
    "limesurvey": (tool_files.limesurvey, "lime.csv", 1, True, None),
}
TOOL_OF = {"qualtrics-legacy": "qualtrics"}


@pytest.fixture(scope="module")
def tpi1_answers() -> pd.DataFrame:
    return answers()


@pytest.mark.parametrize("case", list(CASES))
def test_each_tool_gives_back_the_answers_and_the_analysis(
    case: str, tpi1_answers: pd.DataFrame
) -> None:
    build, name, numbered, timed, mapping = CASES[case]
    instrument = default_instrument()
    data = build(tpi1_answers, instrument)
    result = import_answers(data, name, mapping_file=(mapping, "map.toml") if mapping else None)
    assert not result.problems, str(result.error)
    assert result.tool.key == TOOL_OF.get(case, case)
    assert result.instrument.id == "TPI-1"
    expected_frame = renumbered(tpi1_answers, numbered) if numbered else tpi1_answers
    if not timed:
        expected_frame = expected_frame.drop(columns="seconds")
    expected = own_csv(expected_frame, instrument)
    assert result.frame is not None
    pd.testing.assert_frame_equal(result.frame, expected)
    written = write_csv(result).decode("utf-8")
    for secret in (SECRET_EMAIL, SECRET_IP, SECRET_NAME):
        assert secret not in written
    again = read_responses_bytes(written.encode("utf-8"), "responses.csv", instrument)
    pd.testing.assert_frame_equal(again, expected)
    assert analysis_json(analyze(again, None, instrument)) == analysis_json(
        analyze(expected, None, instrument)
    )


def test_tpi2_is_found_from_the_headers_and_compared_items_read() -> None:
    instrument = shipped_instrument("TPI-2")
    frame = answers(instrument, rows=40)
    result = import_answers(tool_files.limesurvey(frame, instrument), "lime.csv")
    assert not result.problems, str(result.error)
    assert result.instrument.id == "TPI-2"
    assert result.frame is not None
    pd.testing.assert_frame_equal(result.frame, own_csv(renumbered(frame), instrument))


def test_tpi2_comparisons_exported_as_choice_text_are_read_at_their_ends_and_middle() -> None:
    instrument = shipped_instrument("TPI-2")
    frame = answers(instrument, rows=60)
    data = tool_files.qualtrics(frame, instrument)
    compared = instrument.comparison_item_ids
    ends = frame[list(compared)].isin([1.0, 4.0, 7.0]).sum().sum()
    assert ends > 0  # the file holds the wordings of ends and middles, not only numbers
    result = import_answers(data, "export.csv")
    assert not result.problems, str(result.error)
    assert result.instrument.id == "TPI-2"
    assert result.frame is not None
    pd.testing.assert_frame_equal(result.frame, own_csv(frame, instrument))


def test_an_agreement_label_is_no_answer_to_a_comparison() -> None:
    instrument = shipped_instrument("TPI-2")
    frame = answers(instrument, rows=5)
    item = instrument.comparison_item_ids[0]
    frame[item] = [1.0, 2.0, 3.0, 4.0, 7.0]
    data = tool_files.qualtrics(frame, instrument).decode("utf-8")
    low = instrument.items[instrument.item_ids.index(item)].anchor_wording(frame["about"][0])[0]
    assert low in data
    data = data.replace(low, "Strongly agree", 1)
    result = import_answers(data.encode("utf-8"), "export.csv")
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.row == 4
    assert problem.message.startswith('"Strongly agree" is not an answer; an answer is a whole')
    assert "About the same" in problem.message


def test_the_tool_can_be_named_and_a_wrong_one_is_refused(tpi1_answers: pd.DataFrame) -> None:
    data = tool_files.surveymonkey(tpi1_answers.head(5), default_instrument())
    assert import_answers(data, "m.csv", tool="surveymonkey").frame is not None
    wrong = import_answers(data, "m.csv", tool="google-forms")
    assert wrong.problems
    assert wrong.frame is None


def test_an_unknown_layout_names_the_tools() -> None:
    with pytest.raises(InputFileError) as raised:
        import_answers(b"when,what\n1,2\n", "mystery.csv")
    text = str(raised.value)
    assert text.startswith("mystery.csv, row 1:")
    assert "--from" in text
    assert "limesurvey" in text


# --- the shared Qualtrics exports ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "first_row", "columns"),
    [("qualtrics_sample_3header.csv", 4, 20), ("qualtrics_sample_legacy_2header.csv", 3, 16)],
)
def test_the_shared_qualtrics_exports_are_read_and_their_missing_items_named(
    name: str, first_row: int, columns: int, reference_export: Callable[[str], Path]
) -> None:
    path = reference_export(name)
    result = import_answers(path.read_bytes(), path.name)
    assert result.tool.key == "qualtrics"
    assert len(result.export.columns) == columns
    assert [row for row, _ in result.export.rows] == [first_row]
    assert result.mapping.targets[result.export.columns[0 if "legacy" in name else 8].key] == (
        "respondent"
    )
    ip = next(c for c in result.export.columns if "IPAddress" in c.texts)
    assert ip.role == "personal"
    assert ip.key not in result.mapping.targets
    messages = [str(p) for p in result.problems]
    items = next(m for m in messages if "items" in m)
    assert items.startswith(f"{name}: no column holds the TPI-1 items OUT1, OUT2, STK1")
    assert "TRS3 (24 of 24)" in items
    assert any(m.startswith(f"{name}: no column holds party or about") for m in messages)
    assert result.frame is None


def test_a_shared_export_with_a_mapping_reaches_its_answers(
    reference_export: Callable[[str], Path],
) -> None:
    """The 3-header sample's Q1 mapped to OUT1: its answer (2) is read from row 4, and the
    other problems (no party, other items) still name the file."""
    path = reference_export("qualtrics_sample_3header.csv")
    result = import_answers(
        path.read_bytes(), path.name, mapping_file=('[columns]\n"Q1" = "OUT1"\n', "map.toml")
    )
    assert result.mapping.targets["Q1"] == "OUT1"
    assert result.mapping.notes["Q1"] == "from map.toml"
    assert "items OUT2, STK1," in str(result.error)
    assert "(23 of 24)" in str(result.error)


# --- bad input ------------------------------------------------------------------------------


def test_an_unknown_label_is_a_problem_with_its_row_and_column(
    tpi1_answers: pd.DataFrame,
) -> None:
    frame = tpi1_answers.head(6).copy()
    data = tool_files.qualtrics(frame, default_instrument()).decode("utf-8")
    data = data.replace("Strongly agree", "Totally agree", 1)
    data = data.replace("Somewhat disagree", "Kind of", 1)
    result = import_answers(data.encode("utf-8"), "export.csv")
    assert result.frame is None
    texts = [str(p) for p in result.problems]
    assert len(texts) == 2
    assert all(t.startswith("export.csv, row ") for t in texts)
    assert any('"Totally agree" is not an answer' in t and ", column Q1_" in t for t in texts)
    assert any('"Kind of" is not an answer' in t for t in texts)
    first = result.problems[0]
    assert first.row is not None
    assert first.row >= 4


def test_an_empty_party_is_told_in_the_export_s_row_and_column(
    tpi1_answers: pd.DataFrame,
) -> None:
    frame = tpi1_answers.head(5).copy()
    frame.loc[frame.index[2], "party"] = ""
    result = import_answers(tool_files.surveymonkey(frame, default_instrument()), "monkey.csv")
    assert [str(p) for p in result.problems] == [
        "monkey.csv, row 5, column party: the cell is empty; every response needs a "
        "respondent, a party and an about."
    ]


def test_missing_party_and_about_columns_are_named(tpi1_answers: pd.DataFrame) -> None:
    data = tool_files.google_forms(tpi1_answers.head(5), default_instrument())
    result = import_answers(data, "form.csv")
    assert result.tool.key == "google-forms"
    assert next(str(p) for p in result.problems).startswith(
        "form.csv: no column holds party or about"
    )


def test_two_columns_for_one_item_are_a_duplicate_mapping(tpi1_answers: pd.DataFrame) -> None:
    data = tool_files.limesurvey(tpi1_answers.head(5), default_instrument()).decode("utf-8")
    data = data.replace("Q1[OUT2]", "OUT1 - again", 1)
    result = import_answers(data.encode("utf-8"), "lime.csv")
    duplicate = [str(p) for p in result.problems if "all mapped to OUT1" in p.message]
    assert duplicate == [
        'lime.csv, row 1, column OUT1 - again: the columns "Q1[OUT1]" (column K) and '
        '"OUT1 - again" (column L) are all mapped to OUT1; keep one of them, or say which one '
        "is which in a mapping file (--mapping)."
    ]
    settled = import_answers(
        data.encode("utf-8"),
        "lime.csv",
        mapping_file=('[columns]\n"OUT1 - again" = "OUT2"\n', "map.toml"),
    )
    assert not settled.problems, str(settled.error)


def test_a_mapping_file_mapping_two_columns_to_one_target_is_refused(
    tpi1_answers: pd.DataFrame,
) -> None:
    data = tool_files.limesurvey(tpi1_answers.head(3), default_instrument())
    result = import_answers(
        data,
        "lime.csv",
        mapping_file=('[columns]\n"Q1[OUT1]" = "OUT2"\n"Q1[OUT2]" = "OUT2"\n', "map.toml"),
    )
    texts = [str(p) for p in result.problems]
    assert (
        'map.toml, column Q1[OUT2]: "Q1[OUT1]" and "Q1[OUT2]" are both mapped to OUT2; keep one.'
        in texts
    )


def test_a_mapping_file_cannot_write_personal_columns_or_name_unknown_ones(
    tpi1_answers: pd.DataFrame,
) -> None:
    data = tool_files.limesurvey(tpi1_answers.head(3), default_instrument())
    result = import_answers(
        data,
        "lime.csv",
        mapping_file=('[columns]\nipaddr = "comment"\nnothere = "wave"\nseed = "OUT9"\n', "m.toml"),
    )
    texts = [str(p) for p in result.problems]
    assert 'm.toml, column ipaddr: "ipaddr" holds personal data, which is never written.' in texts
    assert 'm.toml, column nothere: "nothere" is not a column of lime.csv.' in texts
    assert any(t.startswith("m.toml, column seed: 'OUT9' is not a Parity column") for t in texts)


def test_the_saved_mapping_reads_back_to_the_same_mapping(tpi1_answers: pd.DataFrame) -> None:
    instrument = default_instrument()
    data = tool_files.google_forms(tpi1_answers.head(8), instrument)
    first = import_answers(data, "form.csv", mapping_file=(GOOGLE_MAPPING, "map.toml"))
    saved = mapping_toml(first.mapping, first.export, first.tool.key)
    again = import_answers(data, "form.csv", mapping_file=(saved, "saved.toml"))
    assert again.mapping.targets == first.mapping.targets
    assert again.csv == first.csv


def test_a_workbook_s_problem_names_the_sheet_row(tpi1_answers: pd.DataFrame) -> None:
    from openpyxl import load_workbook

    data = tool_files.microsoft_forms(tpi1_answers.head(6), default_instrument())
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    sheet["H5"] = "Totally"
    sheet["I7"] = 9
    changed = io.BytesIO()
    book.save(changed)
    result = import_answers(changed.getvalue(), "forms.xlsx")
    assert result.tool.key == "microsoft-forms"
    rows = [(p.row, p.message.split(";")[0]) for p in result.problems]
    assert rows == [(5, '"Totally" is not an answer'), (7, '"9" is not an answer')]
    assert result.problems[0].column == default_instrument().items[0].wording("the other team")


def test_a_repeated_respondent_names_both_rows_of_the_export(tpi1_answers: pd.DataFrame) -> None:
    frame = tpi1_answers.head(5).copy()
    frame.loc[frame.index[3], "respondent"] = frame["respondent"].iloc[1]
    result = import_answers(tool_files.qualtrics(frame, default_instrument()), "export.csv")
    # Three header rows: the second response is row 5, the fourth row 7.
    assert [str(p) for p in result.problems] == [
        f'export.csv, row 7, column ResponseId: respondent "{frame["respondent"].iloc[1]}" '
        "already answered in row 5; each respondent answers once."
    ]


def test_a_column_of_bad_cells_is_counted_not_listed_cell_by_cell(
    tpi1_answers: pd.DataFrame,
) -> None:
    frame = tpi1_answers.head(80).copy()
    data = tool_files.limesurvey(frame, default_instrument()).decode("utf-8")
    lines = data.split("\r\n")
    header = lines[0].split(",")
    first, second = header.index("Q1[OUT1]"), header.index("Q1[OUT2]")
    bad = []
    for line in lines[1:-1]:
        cells = line.split(",")
        cells[first] = cells[second] = "x"
        bad.append(",".join(cells))
    result = import_answers("\r\n".join([lines[0], *bad, ""]).encode("utf-8"), "lime.csv")
    error = result.error
    assert error.total == 160
    assert len(error.problems) == 50
    assert [p.row for p in error.problems] == sorted(p.row or 0 for p in error.problems)
    assert str(error).endswith("… and 110 more problems")


def test_bad_cells_are_reported_with_the_missing_columns(tpi1_answers: pd.DataFrame) -> None:
    data = tool_files.google_forms(tpi1_answers.head(4), default_instrument()).decode("utf-8")
    data = data.replace("Strongly agree", "Mostly", 1)
    result = import_answers(data.encode("utf-8"), "form.csv")
    texts = [str(p) for p in result.error.problems]
    assert len(texts) == 2
    assert texts[0].startswith("form.csv: no column holds party or about")
    assert texts[1].startswith("form.csv, row ")
    assert '"Mostly" is not an answer' in texts[1]
