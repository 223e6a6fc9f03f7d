"""The labelled stance corpus keeps the terms it is described by (data/stance/README.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from tests.support.corpus import CORPUS_DIR, stance_corpus

from parity.core.language.stance import STANCES
from parity.training import is_held_apart, read_corpus

KINDS = {"purpose", "persona", "mirror", "comment"}


def test_size_and_balance() -> None:
    corpus = stance_corpus()
    counts = corpus["label"].value_counts()
    assert len(corpus) >= 700
    assert set(counts.index) == set(STANCES)
    assert counts.min() >= 100
    held = corpus[corpus["id"].map(is_held_apart)]
    assert 0.15 < len(held) / len(corpus) < 0.25
    assert held["label"].value_counts().min() >= 30


def test_every_row_is_well_formed() -> None:
    corpus = stance_corpus()
    assert list(corpus.columns) == ["id", "label", "kind", "text", "hard", "about", "party"]
    assert corpus["id"].is_unique
    assert set(corpus["kind"]) <= KINDS
    assert set(corpus["hard"]) <= {"0", "1"}
    assert (corpus["text"].str.strip() != "").all()
    normalised = corpus["text"].str.lower().str.replace(r"\W+", " ", regex=True).str.strip()
    assert normalised.is_unique, corpus.loc[normalised.duplicated(keep=False), "text"].tolist()


def test_the_readme_lists_every_part() -> None:
    readme = (CORPUS_DIR / "README.md").read_text()
    for path in CORPUS_DIR.glob("*.csv"):
        assert f"`{path.name}`" in readme


def test_answers_that_look_like_missing_values_are_kept(tmp_path: Path) -> None:
    (tmp_path / "part.csv").write_text(
        "id,label,kind,text,hard,about\nx-1,neutral,comment,n/a,0,\nx-2,neutral,comment,None,0,\n"
    )
    assert read_corpus(tmp_path)["text"].tolist() == ["n/a", "None"]


def test_the_fresh_set_is_never_part_of_the_training_corpus() -> None:
    fresh = read_corpus(CORPUS_DIR / "fresh")
    assert len(fresh) == 140
    assert fresh["label"].value_counts().to_dict() == dict.fromkeys(STANCES, 20)
    assert not set(fresh["id"]) & set(stance_corpus()["id"])
    assert not set(fresh["text"]) & set(stance_corpus()["text"])


def test_the_outside_set_has_context_every_label_and_question_and_is_never_trained_on() -> None:
    outside = read_corpus(CORPUS_DIR / "outside")
    assert len(outside) >= 400
    assert set(outside["label"]) == set(STANCES)
    assert outside["label"].value_counts()["master"] >= 50
    assert set(outside["question"]) == {"purpose", "persona", "mirror", "comment"}
    assert outside.groupby(["label", "question"]).size().min() >= 5
    assert outside["setting"].nunique() >= 6
    assert (outside["party"] != outside["about"]).all()
    assert (outside[["party", "about", "text"]] != "").all().all()
    assert outside["id"].is_unique
    assert not set(outside["id"]) & set(stance_corpus()["id"])
    # Not even "n/a" or "No." twice: an answer the reader was trained on is not a test of it.
    texts = _normalised(outside["text"])
    assert texts.is_unique
    assert not set(texts) & set(_normalised(stance_corpus()["text"]))
    assert not set(texts) & set(_normalised(read_corpus(CORPUS_DIR / "fresh")["text"]))


def _normalised(texts: pd.Series) -> pd.Series:
    return texts.str.lower().str.replace(r"\W+", " ", regex=True).str.strip()
