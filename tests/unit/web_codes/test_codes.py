"""Printed codes: the check symbol catches typos and swaps, and typing them is forgiving.

No database: :mod:`parity.web.surveys.codes` is plain Python.
"""

from __future__ import annotations

import re
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from parity.web.surveys.codes import (
    ALPHABET,
    ENTROPY_BITS,
    LENGTH,
    RANDOM_LENGTH,
    canonical,
    check_symbol,
    code_hash,
    grouped,
    is_valid,
    link_hash,
    new_code,
    normalize,
)
from parity.web.tokens import hash_token, new_token

bodies = st.text(alphabet=ALPHABET, min_size=RANDOM_LENGTH, max_size=RANDOM_LENGTH)
positions = st.integers(min_value=0, max_value=LENGTH - 1)


def _code(body: str) -> str:
    return body + check_symbol(body)


def test_the_alphabet_is_crockfords() -> None:
    assert len(ALPHABET) == len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert ENTROPY_BITS == 55


def test_a_new_code_is_printed_in_groups_and_stored_as_the_keyed_hash_of_its_symbols() -> None:
    display, digest = new_code()
    assert re.fullmatch(rf"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", display)
    assert normalize(display) == display.replace("-", "")
    assert digest == code_hash(display.replace("-", ""))
    assert digest == link_hash(display.lower().replace("-", " "))
    # A copy of the database alone cannot test guesses: the plain SHA-256 is not stored.
    assert digest != hash_token(display.replace("-", ""))


def test_new_codes_differ() -> None:
    assert len({new_code()[0] for _ in range(2000)}) == 2000


@given(bodies)
def test_every_completed_body_is_valid(body: str) -> None:
    assert is_valid(_code(body))
    assert normalize(grouped(_code(body))) == _code(body)


@given(bodies, st.data())
def test_case_spaces_hyphens_and_look_alikes_do_not_matter(body: str, data: st.DataObject) -> None:
    code = _code(body)
    typed = ""
    for symbol in code:
        look_alike = {"0": "oO0", "1": "iIlL1"}.get(symbol, symbol + symbol.lower())
        typed += data.draw(st.sampled_from(look_alike))
        typed += data.draw(st.sampled_from(["", "", " ", "-", "  ", "\u2011"]))
    assert normalize(typed) == code
    assert normalize(f"  {typed}\n") == code


@given(bodies, positions, st.sampled_from(ALPHABET))
def test_any_one_wrong_symbol_is_caught(body: str, at: int, wrong: str) -> None:
    code = _code(body)
    typo = code[:at] + wrong + code[at + 1 :]
    assert (normalize(typo) is None) == (typo != code)


@given(bodies, positions)
def test_any_swap_of_neighbours_is_caught(body: str, at: int) -> None:
    code = _code(body)
    first = min(at, LENGTH - 2)
    swapped = code[:first] + code[first + 1] + code[first] + code[first + 2 :]
    assert (normalize(swapped) is None) == (swapped != code)


def test_every_substitution_and_every_swap_is_caught_whatever_the_code() -> None:
    """Exhaustive: the check is linear, so the change a typo makes to the weighted sum depends
    only on its positions and symbols, not on the rest of the code. Trying every position and
    every pair of symbols on codes that hold them therefore covers every code."""
    for at in range(LENGTH):
        for right in ALPHABET:
            code = _valid_with({at: right})
            for wrong in ALPHABET.replace(right, ""):
                assert not is_valid(code[:at] + wrong + code[at + 1 :]), (at, right, wrong)
    for i, j in combinations(range(LENGTH), 2):
        for a, b in combinations(ALPHABET, 2):
            code = _valid_with({i: a, j: b})
            swapped = code[:i] + b + code[i + 1 : j] + a + code[j + 1 :]
            assert not is_valid(swapped), (i, j, a, b)


def _valid_with(fixed: dict[int, str]) -> str:
    """A valid code with the ``fixed`` symbols at their positions (and zeros or one filler)."""
    if LENGTH - 1 not in fixed:
        return _code("".join(fixed.get(k, "0") for k in range(RANDOM_LENGTH)))
    free = next(k for k in range(RANDOM_LENGTH) if k not in fixed)
    for filler in ALPHABET:
        trial = "".join(fixed.get(k, filler if k == free else "0") for k in range(LENGTH))
        if is_valid(trial):
            return trial
    raise AssertionError("one free position always completes a code")


@given(st.text(max_size=80))
def test_anything_else_is_refused_or_read_as_a_valid_code(text: str) -> None:
    read = normalize(text)
    assert read is None or is_valid(read)


def test_wrong_lengths_and_strangers_are_refused() -> None:
    code = _code("7K3MQ9XD2HT")
    assert normalize(code) == code
    for typed in ("", code[:-1], code + "0", code[:-1] + "U", code[:5] + "*" + code[6:]):
        assert normalize(typed) is None
    assert normalize(code + " " * 60) is None  # too long to be read at all


def test_emailed_link_tokens_are_never_codes() -> None:
    for _ in range(200):
        token, _ = new_token()
        assert normalize(token) is None
        assert canonical(token) == token
    assert canonical(grouped(_code("7K3MQ9XD2HT")).lower()) == _code("7K3MQ9XD2HT")


def test_the_documented_guessing_margin_follows_from_the_entropy_and_the_limit() -> None:
    """docs/rounds-and-surveys.md: T = 2^55 / (N · R · A) minutes, with R = 30 failed look-ups
    a minute per address (the default) and A = 1,000 addresses."""
    from parity.web.environment import DEFAULT_PUBLIC_RATE_LIMIT

    rate, minutes_per_year = DEFAULT_PUBLIC_RATE_LIMIT, 60 * 24 * 365.25
    years = 2**ENTROPY_BITS / (1_000 * rate * 1_000) / minutes_per_year
    assert round(years, -2) == 2_300
    three_weeks = 21 * 24 * 60
    assert 1 / 45_000 < three_weeks / (years * minutes_per_year) < 1 / 35_000
