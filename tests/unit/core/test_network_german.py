"""The organization's network and round robin speak German when asked: their sentences are
kept in English inside the organization's view (cached, and shown in any language) and read
in German under ``speaking("de")``, with the parties' names and the numbers in their place."""

from __future__ import annotations

import pickle

import pandas as pd

from parity.core.analysis import RelationshipResult, SideResult
from parity.core.network import Network, network
from parity.core.roundrobin import (
    PARTNERING_CODE,
    ConstructSRM,
    RoundRobin,
    findings_of,
    round_robin,
    share_sentence,
)
from parity.core.translation import Sentence, speaking

ROLES = {"master_servant": ("master", "servant"), "customer_supplier": ("customer", "supplier")}


def _rel(a: str, b: str, archetype: str, lead: str | None = None) -> RelationshipResult:
    """A relationship of ``a`` and ``b``; ``lead`` holds the leading role of an asymmetric
    archetype (master, customer)."""
    parties = (min(a, b), max(a, b))
    roles: dict[str, str] = {}
    if lead is not None:
        other = parties[1] if lead == parties[0] else parties[0]
        roles = {lead: ROLES[archetype][0], other: ROLES[archetype][1]}
    return RelationshipResult(
        parties=parties,
        wave=None,
        label=None,
        scope="internal",
        archetype=archetype,
        roles=roles,
        confidence=0.9,
        partnering_index=60.0,
        name_only=False,
        sides=(
            SideResult(parties[0], parties[1], 5, shown=True),
            SideResult(parties[1], parties[0], 5, shown=True),
        ),
        gaps={},
        power={},
        mutual_need={},
        parity={},
        reasons=(),
    )


def _network() -> Network:
    return network(
        [
            _rel("IT", "Sales", "master_servant", lead="Sales"),
            _rel("IT", "Finance", "master_servant", lead="Finance"),
            _rel("IT", "Marketing", "customer_supplier", lead="Marketing"),
            _rel("Sales", "Marketing", "partnership"),
            _rel("Sales", "HR", "developing"),
            _rel("Legal", "HR", "detached"),
        ]
    )


def _shown(sentences: tuple[str, ...]) -> str:
    """The sentences as a page shows them, one after the other."""
    return " ".join(str(s) for s in sentences)


def test_the_network_findings_read_in_german_with_names_and_counts() -> None:
    net = _network()
    english = " ".join(net.sentences)
    assert (
        "IT is the servant or supplier in 3 relationships (to Finance, Marketing and Sales)"
        in english
    )
    with speaking("de"):
        german = _shown(net.sentences)
    assert "Am zentralsten: " in german
    assert (
        "IT ist in 3 Beziehungen Diener oder Lieferant (gegenüber Finance, Marketing und Sales)"
        in german
    )
    assert "Durch echte Partnerschaften verbunden: Marketing und Sales." in german
    assert "Ganz ohne partnerschaftliche Beziehung: Finance, IT und Legal." in german
    assert " and " not in german
    assert _shown(net.sentences) == english


def test_a_network_without_a_true_partnership_says_so_in_german() -> None:
    net = network([_rel("A", "B", "detached"), _rel("B", "C", "adversarial")])
    with speaking("de"):
        assert "Keine zwei Parteien sind durch eine echte Partnerschaft verbunden." in _shown(
            net.sentences
        )


def _robin() -> RoundRobin:
    """A round robin of five parties: IT rates everyone low on voice, everyone rates Legal
    low on voice and HR high on the partnering score."""
    parties = ("Finance", "HR", "IT", "Legal", "Sales")
    effects = ConstructSRM(
        construct="VOI",
        shares={"perceiver": 0.6, "target": 0.1, "relationship": 0.3},
        generalized_reciprocity=None,
        dyadic_reciprocity=None,
        reliability={"perceiver": 0.8, "target": 0.8},
        perceiver_effects={"IT": -24.0},
        target_effects={"Legal": -18.4},
        relationship_effects={},
    )
    partnering = ConstructSRM(
        construct=PARTNERING_CODE,
        shares={"perceiver": 0.2, "target": 0.5, "relationship": 0.3},
        generalized_reciprocity=None,
        dyadic_reciprocity=None,
        reliability={"perceiver": 0.2, "target": 0.9},
        perceiver_effects={},
        target_effects={"HR": 21.0},
        relationship_effects={},
    )
    return RoundRobin(
        wave=None,
        members=parties,
        left_out=(),
        ratings=19,
        constructs=(effects, partnering),
        findings=findings_of((effects, partnering)),
        pair_findings=(),
    )


def test_the_round_robin_reads_in_german_with_names_and_numbers() -> None:
    robin = _robin()
    voice, partnering, trust = robin.findings
    assert robin.headline.startswith(
        "5 parties rated each other (Finance, HR, IT, Legal and Sales): 19 of the 20 possible "
        "ratings (95%)"
    )
    assert voice.sentence == (
        "IT rates everyone low on voice (‘we have an equal say’): perceiver effect −24 points. "
        "Look at IT's own stance before blaming its partners."
    )
    with speaking("de"):
        headline = str(robin.headline)
        voice_de, trust_de, partnering_de = (str(f.sentence) for f in (voice, trust, partnering))
        share = str(share_sentence(robin.constructs[0]))
    assert headline.startswith(
        "5 Parteien haben einander bewertet (Finance, HR, IT, Legal und Sales): 19 der 20 "
        "möglichen Bewertungen (95\u00a0%)"
    )
    assert voice_de == (
        "IT bewertet alle anderen niedrig beim Konstrukt Mitsprache („wir reden "
        "gleichberechtigt mit“): Wahrnehmendeneffekt −24 Punkte. Betrachten Sie die eigene "
        "Haltung von IT, bevor Sie die Verantwortung bei den Partnern suchen."
    )
    assert trust_de.startswith("Alle anderen bewerten Legal niedrig beim Konstrukt Mitsprache")
    assert "Zieleffekt −18 Punkte" in trust_de
    assert partnering_de.startswith("Alle anderen bewerten HR hoch beim Konstrukt Partnering-Wert")
    assert "+21 Punkte" in partnering_de
    assert share == (
        "Beim Konstrukt Mitsprache liegen die Unterschiede vor allem darin, wer bewertet "
        "(Wahrnehmende 60\u00a0%, Ziel 10\u00a0%, Beziehung 30\u00a0%)."
    )
    assert str(robin.headline) == robin.headline


def test_a_relationship_effect_reads_in_german() -> None:
    parties = ("A", "B", "C", "D", "E")
    rows = [
        (p, q, 90.0 if (p, q) == ("A", "B") else 50.0 + 3 * i + 2 * j)
        for i, p in enumerate(parties)
        for j, q in enumerate(parties)
        if p != q
    ]
    means = pd.DataFrame(rows, columns=["party", "about", "TRS"]).set_index(["party", "about"])
    robin = round_robin(means)
    assert robin is not None
    (pair,) = robin.pair_findings
    assert pair.sentence.startswith("A rates B higher on trust (‘we trust them’)")
    with speaking("de"):
        german = str(pair.sentence)
    assert german.startswith(
        "A bewertet B beim Konstrukt Vertrauen („wir vertrauen der anderen Seite“) höher"
    )
    assert "Beziehungseffekt +" in german


def test_the_sentences_survive_pickling_in_both_languages() -> None:
    net, robin = _network(), _robin()
    kept = pickle.loads(pickle.dumps((net, robin)))
    copy_net, copy_robin = kept
    assert copy_net.sentences == net.sentences
    assert all(isinstance(s, Sentence) for s in copy_net.sentences)
    assert [f.sentence for f in copy_robin.findings] == [f.sentence for f in robin.findings]
    with speaking("de"):
        assert _shown(copy_net.sentences) == _shown(net.sentences)
        assert "Wahrnehmendeneffekt" in str(copy_robin.findings[0].sentence)
    assert " and " in _shown(copy_net.sentences)
