"""The words in `parity analyze` and `parity stance`, as an analyst uses them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from parity.core.analysis import Analysis
from parity.core.language.stance import QUOTE_CONFIDENCE, classify

Run = Callable[..., Result]


def test_the_demo_shows_the_seeds_contradictions(demo_analysis: Analysis) -> None:
    rels = {r.parties: r for r in demo_analysis.relationships}
    finance_it = rels[("Finance", "IT")]
    it_words = next(s.words for s in finance_it.sides if s.party == "IT")
    assert it_words is not None
    assert it_words.dominant() == "servant"
    assert any("called 'business partner'" in c and "IT" in c for c in finance_it.contradictions)
    assert any("does IT see Finance as its master?" in c for c in finance_it.contradictions)
    partners = rels[("Marketing", "Sales")]
    assert partners.contradictions == ()
    assert all(s.words is not None and s.words.dominant() == "partner" for s in partners.sides)


def test_words_of_a_side_below_the_threshold_are_never_shown(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = run("analyze", str(responses), "-r", str(relationships), "--format", "json")
    rel = next(
        r
        for r in json.loads(result.output)["relationships"]
        if r["parties"] == ["Legal", "Nimbus Cloud Services"]
    )
    assert "words" not in rel["sides"]["Legal"]
    strict = run("analyze", str(responses), "--min-respondents", "50", "--format", "json")
    text = strict.output
    assert '"quotes"' not in text
    assert "To serve" not in text


def test_the_table_quotes_the_parties_own_words(run: Run, demo_files: tuple) -> None:
    responses, relationships = demo_files
    result = run("analyze", str(responses), "-r", str(relationships))
    assert "in its own words" in result.output
    assert "does IT see Finance as its master?" in result.output


def test_stance_prints_the_label_and_the_evidence(run: Run) -> None:
    result = run("stance", "We exist to serve the Business")
    assert result.exit_code == 0
    assert "servant" in result.output
    assert "'to serve'" in result.output


def test_a_reading_the_reader_is_unsure_of_says_unclear_with_its_best_guess(run: Run) -> None:
    text = "Some days yes, some days no."
    reading = classify(text)
    assert reading.confidence < QUOTE_CONFIDENCE  # an answer that takes no clear stance
    result = run("stance", text)
    assert f"unclear (best guess: {reading.label})" in result.output
    line = json.loads(run("stance", "--format", "jsonl", text).output)
    assert (line["label"], line["clear"]) == (reading.label, False)
    sure = "Our solicitors have started legal action against the outsourcer."
    assert json.loads(run("stance", "--format", "jsonl", sure).output)["clear"]
    assert "adversary  confidence" in run("stance", sure).output


def test_stance_jsonl_output_has_the_contract_fields(run: Run) -> None:
    result = run("stance", "--format", "jsonl", "To serve the Business.", "We own it together.")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["1", "2"]
    for line in lines:
        assert set(line) >= {"id", "label", "confidence", "clear", "evidence", "scores"}
        assert len(line["scores"]) == 7
        for evidence in line["evidence"]:
            assert {"phrase", "start", "end"} <= set(evidence)


def test_stance_reads_a_jsonl_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "a", "text": "To serve the Business."}\n\n{"text": "Hi"}\n', "utf-8")
    ok = _parity("stance", "--jsonl", str(good), "--format", "jsonl")
    assert ok.returncode == 0, ok.stderr
    assert [json.loads(x)["id"] for x in ok.stdout.splitlines()] == ["a", "3"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\nnot json\n{"id": 1}\n', "utf-8")
    refused = _parity("stance", "--jsonl", str(bad))
    assert refused.returncode == 2
    assert "bad.jsonl, row 2: not valid JSON" in refused.stderr
    assert 'bad.jsonl, row 3: the object has no "text"' in refused.stderr
    assert refused.stdout == ""


def test_stance_reads_plain_lines_and_jsonl_from_stdin() -> None:
    plain = _parity("stance", "--format", "jsonl", stdin="To serve the Business.\n\nWe sue.\n")
    assert [json.loads(x)["id"] for x in plain.stdout.splitlines()] == ["1", "3"]
    piped = _parity("stance", "--jsonl", "-", "--format", "jsonl", stdin='{"text": "x"}\n')
    assert json.loads(piped.stdout)["label"] == "neutral"


def test_stance_reads_each_answer_with_its_question_and_echoes_its_context(
    tmp_path: Path,
) -> None:
    lines = tmp_path / "answers.jsonl"
    rows = [
        {"id": "p", "text": "A partner who listens.", "question": "persona", "party": "HR"},
        {"id": "m", "text": "We are an order-taker.", "question": "mirror", "label": "partner"},
        {"id": "n", "text": "A partner who listens."},
    ]
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    done = _parity("stance", "--jsonl", str(lines), "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    out = {line["id"]: line for line in map(json.loads, done.stdout.splitlines())}
    assert out["p"]["context"] == {"question": "persona", "party": "HR"}
    # The relationship's declared label is context, never confused with the reading's label.
    assert out["m"]["context"] == {"question": "mirror", "label": "partner"}
    assert out["m"]["label"] in {"servant", "master", "provider", "customer", "partner"}
    assert "context" not in out["n"]
    expected = classify("A partner who listens.", question="persona")
    assert out["p"]["label"] == expected.label
    assert out["p"]["confidence"] == round(expected.confidence, 3)


def test_the_question_option_applies_to_statements_given_without_one() -> None:
    text = "A trusted colleague who tells us the truth."
    done = _parity("stance", "--format", "jsonl", "--question", "persona", text)
    line = json.loads(done.stdout)
    assert line["context"] == {"question": "persona"}
    assert line["label"] == classify(text, question="persona").label


def test_a_context_that_is_not_one_is_refused_by_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"text": "fine", "question": "purpose"}\n'
        '{"text": "x", "question": "vision"}\n'
        '{"text": "y", "party": 3}\n',
        "utf-8",
    )
    refused = _parity("stance", "--jsonl", str(bad))
    assert refused.returncode == 2
    assert "bad.jsonl, row 2: \"question\" is 'vision'; it must be one of purpose" in refused.stderr
    assert 'bad.jsonl, row 3: "party" must be a string.' in refused.stderr
    assert refused.stdout == ""
    unknown = _parity("stance", "--question", "vision", "x")
    assert unknown.returncode == 2
    assert "vision" in unknown.stderr


def _parity(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "parity", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
