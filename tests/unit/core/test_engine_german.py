"""The engine speaks German when asked: its reasons, archetypes, construct words and the other
sentences it keeps are English in the analysis (and the JSON) and German where shown under
``speaking("de")``, with the parties' names and the numbers in their place."""

from __future__ import annotations

import json
import pickle

import pandas as pd
from tests.support.builders import responses, side

from parity.core.analysis import analyze
from parity.core.archetypes import ARCHETYPES, INSUFFICIENT
from parity.core.instrument import CORE_CONSTRUCTS, default_instrument
from parity.core.presentation import Headline, with_interval
from parity.core.reasons import Side, reasons, too_few
from parity.core.screen import REASON_WORDS, SPEEDER
from parity.core.translation import Sentence, speaking
from parity.core.vocabulary import (
    ARCHETYPE_NAMES,
    ARCHETYPE_PHRASES,
    CONFIDENCE_MEANING,
    Shown,
    archetype_meaning,
    archetype_name,
    archetype_words,
    construct,
    construct_short,
    role_words,
)
from parity.core.wording import listed

MASTER = {"DIR": 6.5, "VOI": 6.5, "DEF": 1.5, "ONEED": 6.0}
SERVANT = {"DEF": 6.5, "VOI": 1.5, "VAL": 1.5, "DIR": 1.5, "ALT": 2.0}


def _master_servant() -> list[str]:
    data = responses(side("Finance", "IT", 5, MASTER), side("IT", "Finance", 6, SERVANT))
    rows = pd.DataFrame(
        [("IT", "Finance", "business partner", "internal")],
        columns=["party_a", "party_b", "label", "scope"],
    )
    (rel,) = analyze(data, rows).relationships
    return list(rel.reasons)


def test_the_reasons_of_a_relationship_read_in_german_with_names_and_numbers() -> None:
    english = _master_servant()
    with speaking("de"):
        german = [str(r) for r in english]
    assert german[0] == (
        "Sie heißt „business partner“, aber die Antworten beschreiben eine Herr-Diener-Beziehung."
    )
    assert any(
        r.startswith("Finance legt die Prioritäten von IT fest (Steuerung 92/100)") for r in german
    )
    assert all(r != e for r, e in zip(german, english, strict=True))


def test_the_english_reasons_are_unchanged() -> None:
    english = _master_servant()
    assert english[0] == (
        "It is called 'business partner', but the answers describe a master–servant relationship."
    )
    assert [str(r) for r in english] == english
    assert json.loads(json.dumps(english)) == english


def test_a_reason_kept_and_restored_still_translates() -> None:
    (reason,) = [r for r in _master_servant() if "priorities" in r]
    restored = pickle.loads(pickle.dumps(reason))
    assert restored == reason
    with speaking("de"):
        assert str(restored) == str(reason)
        assert "Prioritäten von IT" in str(restored)


def test_a_construct_word_inside_a_reason_is_german() -> None:
    scores = dict.fromkeys(CORE_CONSTRUCTS, 50.0)
    a = Side("HR", scores | {"TRS": 30.0}, 5, low_agreement=("TRS", "VOI"), partnering=55.0)
    b = Side("Legal", scores | {"TRS": 40.0}, 5, partnering=52.0)
    said = reasons("developing", (a, b), ("", ""))
    assert said[1] == "The weakest shared ground is trust (30 and 40/100): the place to start."
    with speaking("de"):
        german = [str(r) for r in said]
    assert german[1] == (
        "Die schwächste gemeinsame Grundlage ist „Vertrauen“ (30 und 40/100): "
        "Hier sollten Sie ansetzen."
    )
    assert "Vertrauen, Mitsprache" in german[-1]
    assert "trust, voice" in said[-1]


def test_a_hidden_side_is_named_in_german() -> None:
    sentence = too_few("IT", "Sales", 5)
    with speaking("de"):
        assert str(sentence) == (
            "IT hat weniger als 5 Befragte zu Sales (die Anonymitätsschwelle): "
            "Die Antworten dieser Seite werden nicht gezeigt."
        )


def test_every_archetype_has_german_words() -> None:
    for code in (*ARCHETYPES, INSUFFICIENT):
        english = (archetype_name(code), archetype_words(code), archetype_meaning(code))
        with speaking("de"):
            german = (archetype_name(code), archetype_words(code), archetype_meaning(code))
            phrase = str(ARCHETYPE_PHRASES[code])
        assert all(g and g != e for g, e in zip(german, english, strict=True)), code
        assert phrase != ARCHETYPE_PHRASES[code], code


def test_archetype_words_keep_german_nouns_capitalised() -> None:
    assert archetype_words("master_servant") == "master–servant"
    with speaking("de"):
        assert archetype_words("partnership") == "echte Partnerschaft"
        assert archetype_name("partnership") == "Echte Partnerschaft"


def test_the_tables_stay_english_and_show_german() -> None:
    assert ARCHETYPE_NAMES["detached"] == "Detached"
    assert CONFIDENCE_MEANING.startswith("the share of ")
    names = Shown(ARCHETYPE_NAMES)
    with speaking("de"):
        assert f"{ARCHETYPE_NAMES['detached']}" == "Distanziert"
        assert names["detached"] == "Distanziert"
        assert str(CONFIDENCE_MEANING).startswith("der Anteil von ")
        assert f"{REASON_WORDS[SPEEDER]}" == "mit weniger als 2 Sekunden je Aussage"
        assert role_words("servant") == "Diener"
    assert names["detached"] == "Detached"
    assert set(names) == set(ARCHETYPE_NAMES)


def test_construct_words_in_german() -> None:
    english = construct("TRS")
    assert english == default_instrument().constructs["TRS"]
    with speaking("de"):
        german = construct("TRS")
        short = construct_short("OUT")
        assert str(short) == "gemeinsames Ergebnis"
    assert (german.name, german.short) == ("Vertrauen", "Vertrauen")
    assert german.gloss == "wir vertrauen der anderen Seite"
    assert german.meaning.startswith("Wir vertrauen der anderen Seite;")
    assert (german.code, german.key, german.items) == (english.code, english.key, english.items)
    assert isinstance(short, Sentence)
    assert short == "shared outcome"


def test_lists_intervals_and_headline_in_german() -> None:
    headline = Headline(name_only=2, called_partner=3, untold=1)
    assert headline.sentence == (
        "2 of 3 relationships called partner are partners in name only. "
        "1 more called partner has too few answers to tell."
    )
    with speaking("de"):
        assert listed(["a", "b", "c"]) == "a, b und c"
        assert with_interval(-18, (-30, -6), signed=True) == "−18 (−30 bis −6)"
        assert headline.sentence.startswith("Partner nur dem Namen nach: 2 von 3 ")
    assert listed(["a", "b", "c"]) == "a, b and c"
    assert with_interval(-18, (-30, -6), signed=True) == "−18 (−30 to −6)"
