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


# --- A reason says only what its numbers support ---------------------------------------------


def test_could_not_go_elsewhere_is_said_only_below_the_scales_middle() -> None:
    """Both could go elsewhere, one more easily: "while Nimbus could not" would be false."""
    named = frozenset({"ALT"})
    customer = Side("IT", scores(ALT=90.0, TRX=80.0, VOI=70.0), 5, named_gaps=named)
    supplier = Side("Nimbus", scores(ALT=60.0, VOI=30.0), 5, named_gaps=named)
    text = reasons("customer_supplier", (customer, supplier), ("customer", "supplier"))
    assert text[0] == (
        "IT could go elsewhere more easily (alternatives 90/100) than Nimbus could (60/100)."
    )
    low = Side("Nimbus", scores(ALT=20.0, VOI=30.0), 5, named_gaps=named)
    clear = reasons("customer_supplier", (customer, low), ("customer", "supplier"))
    assert (
        clear[0]
        == "IT could easily go elsewhere (alternatives 90/100) while Nimbus could not (20/100)."
    )


def test_a_master_whose_direction_is_below_the_middle_is_not_said_to_set_priorities() -> None:
    master = Side("Finance", scores(DIR=40.0, VOI=92.0, DEF=8.0, VAL=70.0), 5)
    servant = Side("IT", scores(DEF=92.0, VOI=8.0, VAL=60.0, DIR=8.0), 5)
    text = reasons("master_servant", (master, servant), ("master", "servant"))
    assert not any("sets IT's priorities" in sentence for sentence in text)
    assert "describe Finance as deciding and IT as complying" in text[0]
    assert (
        "IT feels less valued than Finance does (equal value 60/100 against 70/100 for Finance)."
        in text
    )
    assert not any("equal worth" in sentence for sentence in text)


def test_a_wary_side_is_not_said_to_report_low_trust() -> None:
    a = Side("Marketing", scores(TRS=45.0, COM=60.0), 5)
    b = Side("Legal", scores(TRS=55.0, COM=55.0), 5)
    text = reasons("adversarial", (a, b), ("", ""))
    assert text == ["Marketing trusts the other least (trust 45/100)."]


def test_a_developing_relationship_above_the_middle_is_not_said_to_sit_in_it() -> None:
    a = Side("HR", scores(TRS=70.0), 5, partnering=70.0)
    b = Side("Legal", scores(TRS=60.0), 5, partnering=62.0)
    text = reasons("developing", (a, b), ("", ""))
    assert (
        text[0]
        == "Part of the way to a partnership: partnering scores 70 (HR) and 62 (Legal) out of 100."
    )
