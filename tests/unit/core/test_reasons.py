"""Reasons cite only numbers that are there: a sentence resting on a missing score is left out."""

from __future__ import annotations

from parity.core.instrument import CORE_CONSTRUCTS
from parity.core.reasons import Side, cited, n, reasons

NAN = float("nan")


def scores(**given: float) -> dict[str, float]:
    return dict.fromkeys(CORE_CONSTRUCTS, 50.0) | given


MASTER = Side("Finance", scores(DIR=92.0, VOI=92.0, DEF=8.0, VAL=70.0), 5)


def test_a_missing_deference_is_left_out_not_printed_as_a_question_mark() -> None:
    servant = Side("IT", scores(DEF=NAN, VOI=8.0, VAL=8.0, DIR=8.0), 5)
    text = reasons("master_servant", (MASTER, servant), ("master", "servant"))
    assert text == [
        "IT has little say in decisions (voice 8/100) while Finance has much (92/100).",
        "IT does not feel of equal worth (equal value 8/100 against 70/100 for Finance).",
    ]
    assert not any("?" in sentence or "deference" in sentence for sentence in text)


def test_the_same_sentence_is_given_when_deference_is_there() -> None:
    servant = Side("IT", scores(DEF=92.0, VOI=8.0, VAL=8.0, DIR=8.0), 5)
    text = reasons("master_servant", (MASTER, servant), ("master", "servant"))
    assert text[0] == (
        "Finance sets IT's priorities (direction 92/100) and IT finds it hard to say no "
        "(deference 92/100)."
    )
    assert len(text) == 3


def test_a_power_sentence_resting_on_a_missing_deference_is_left_out() -> None:
    a = Side("HR", scores(DIR=90.0, TRS=55.0, COM=55.0), 5)
    b = Side("Legal", scores(DEF=NAN, TRS=50.0, COM=50.0), 5)
    text = reasons("developing", (a, b), ("", ""), power=("a", "direction"))
    assert not any("holds the power" in sentence for sentence in text)
    assert text
    assert all("?" not in sentence for sentence in text)


def test_the_weakest_shared_ground_is_a_measured_one() -> None:
    a = Side("HR", scores(VOI=NAN, TRS=30.0), 5, partnering=55.0)
    b = Side("Legal", scores(TRS=40.0), 5, partnering=52.0)
    text = reasons("developing", (a, b), ("", ""))
    assert text[1] == "The weakest shared ground is trust (30 and 40/100): the place to start."


def test_cited_keeps_only_sentences_with_every_number() -> None:
    assert n(81.6) == "82"
    assert cited([f"alternatives {n(81.0)}/100", f"deference {n(NAN)}/100"]) == [
        "alternatives 81/100"
    ]
