"""What Parity says about the words it reads, in German: the feelings a portrait carries and the
contradictions between a side's words and its scores. The writers' own words (the quote, its
image, its traits, a theme's label) stay as they were written (docs/development.md,
"Translations")."""

from __future__ import annotations

import json

from parity.core.language.feelings import FEELING_ADJECTIVES
from parity.core.language.portraits import portrait_of
from parity.core.language.quotes import Quote
from parity.core.language.words import SideWords, contradictions
from parity.core.translation import gettext, speaking

BUTLER = "A butler who never volunteers an idea. Frustrating."
PROUD = "A partner, but I'm not proud of how we work."
#: German writes a number and its percent sign apart, on one line.
PERCENT = "\N{NO-BREAK SPACE}%"


def test_a_portrait_note_says_its_feelings_in_german_and_keeps_the_writers_words() -> None:
    butler = portrait_of(Quote("persona", BUTLER, "servant", 0.9))
    with speaking("de"):
        assert str(butler.note) == "a butler · never volunteers an idea · fühlt sich frustriert"
        assert [str(f) for f in butler.feelings] == ["frustriert"]
        assert str(butler.image) == "a butler"
        assert [str(t) for t in butler.traits] == ["never volunteers an idea"]


def test_a_negated_feeling_reads_as_not_feeling_it_in_german() -> None:
    proud = portrait_of(Quote("persona", PROUD, "partner", 0.9))
    with speaking("de"):
        assert "nicht stolz" in [str(f) for f in proud.feelings]
        assert "fühlt sich " in str(proud.note)
        assert "nicht stolz" in str(proud.note)


def test_the_portrait_stays_english_in_english_and_in_its_json() -> None:
    butler = portrait_of(Quote("persona", BUTLER, "servant", 0.9))
    assert str(butler.note) == "a butler · never volunteers an idea · feels frustrated"
    with speaking("de"):
        assert butler.note == "a butler · never volunteers an idea · feels frustrated"
        assert json.dumps(list(butler.feelings)) == '["frustrated"]'


def test_every_feeling_has_its_own_german_word() -> None:
    with speaking("de"):
        german = {gettext(word) for word in FEELING_ADJECTIVES.values()}
    assert len(german) == len(FEELING_ADJECTIVES)
    assert not german & set(FEELING_ADJECTIVES.values())


def _servant_words(by_question: dict[str, dict[str, int]]) -> SideWords:
    overall: dict[str, int] = {}
    for counts in by_question.values():
        for stance, n in counts.items():
            overall[stance] = overall.get(stance, 0) + n
    return SideWords(sum(overall.values()), by_question, overall)


def test_the_contradictions_of_words_and_scores_read_in_german() -> None:
    words = _servant_words({"purpose": {"servant": 3, "partner": 1}, "persona": {"customer": 4}})
    lines = contradictions(
        "IT",
        "Finance",
        words,
        partnering_score=72.0,
        declared_partner=True,
        label="business partner",
    )
    assert lines == [
        "The relationship is called 'business partner', but 50% of IT's statements speak as "
        "a customer.",
        "75% of IT's purpose statements say its purpose is to serve: does IT see Finance as "
        "its master?",
    ]
    with speaking("de"):
        assert [str(line) for line in lines] == [
            f"Die Beziehung heißt „business partner“, doch 50{PERCENT} der Aussagen von IT "
            "sprechen wie ein Kunde.",
            f"75{PERCENT} der Aussagen von IT über den eigenen Zweck sagen, dieser sei zu "
            "dienen: Sieht IT in Finance den eigenen Herrn?",
        ]


def test_a_partners_scores_beside_servant_words_read_in_german() -> None:
    words = _servant_words({"persona": {"servant": 3, "neutral": 1}})
    (line,) = contradictions(
        "IT",
        "Finance",
        words,
        partnering_score=71.6,
        declared_partner=False,
        label=None,
    )
    assert line == (
        "IT's scores read like a partner (partnering score 72/100), but 75% of its statements "
        "speak as a servant."
    )
    with speaking("de"):
        assert str(line) == (
            "Die Werte von IT lesen sich wie die eines Partners (Partnering-Wert 72/100), doch "
            f"75{PERCENT} der Aussagen von IT sprechen wie ein Diener."
        )
