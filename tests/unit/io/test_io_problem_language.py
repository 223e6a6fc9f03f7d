"""A file's problems are English as data and speak the reader's language where they are shown:
the message, the words that locate it, and the count of the problems left unlisted."""

from __future__ import annotations

import json
import pickle

import pytest

from parity.core.translation import speaking
from parity.io import InputFileError, Problem
from parity.io.relationships import read_relationships_bytes

_FILE = b"party_a,party_b,label,scope\nHR,Legal,partner,sideways\n,IT,partner,internal\n"


def _problems() -> InputFileError:
    with pytest.raises(InputFileError) as raised:
        read_relationships_bytes(_FILE, "map.csv")
    return raised.value


def test_a_problem_is_english_unless_a_language_is_spoken() -> None:
    scope = _problems().problems[0]
    assert str(scope) == (
        'map.csv, row 2, column scope: "sideways" is not a scope; use "internal" or '
        '"external", or leave the cell empty.'
    )
    with speaking("en"):
        assert str(scope).startswith("map.csv, row 2, column scope: ")


def test_a_problem_is_german_under_german() -> None:
    error = _problems()
    with speaking("de"):
        assert str(error.problems[0]) == (
            "map.csv, Zeile 2, Spalte scope: „sideways“ ist kein Geltungsbereich; verwenden Sie "
            "„internal“ oder „external“, oder lassen Sie die Zelle leer."
        )
        assert str(error).splitlines()[1] == (
            "map.csv, Zeile 3, Spalte party_a: die Zelle ist leer; jede Zeile nennt zwei Parteien."
        )


def test_the_message_stays_english_as_data_whatever_is_spoken() -> None:
    problem = _problems().problems[0]
    with speaking("de"):
        english = (
            '"sideways" is not a scope; use "internal" or "external", or leave the cell empty.'
        )
        assert problem.message == english
        assert json.loads(json.dumps({"message": problem.message})) == {"message": english}
        again = pickle.loads(pickle.dumps(problem))
        assert str(again) == str(problem)


def test_the_locating_words_and_the_count_left_are_german_under_german() -> None:
    problems = [Problem("a.csv", 2, None, "x."), Problem("a.csv", None, "OUT1", "y.")]
    error = InputFileError(problems, total=3)
    with speaking("de"):
        assert str(error).splitlines() == [
            "a.csv, Zeile 2: x.",
            "a.csv, Spalte OUT1: y.",
            "… und 1 weiteres Problem",
        ]
        assert str(InputFileError(problems, total=5)).endswith("… und 3 weitere Probleme")
    assert str(error).splitlines()[-1] == "… and 1 more problem"
