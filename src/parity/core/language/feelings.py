"""Feelings the writer expresses and traits they ascribe to the other party.

The persona question ("If Finance were a person, how would you describe them, and how do you
feel about them?") is where a relationship shows its character. A facilitator has to be able to
see *why* Parity read "resentment" into an answer, so the reader is a lexicon, not a model: every
feeling and trait comes with the exact words that carry it, as character offsets into the
original text. The lexicons are data (``lexicon/feelings.toml`` and ``lexicon/traits.toml``),
so wording can be improved without touching code; each one is compiled into a single regular
expression, once per process.

How a text is read:

1. Each lexicon is matched left to right. Multi-word cues are tried before single words, so an
   idiom that contains a negator ("never says thank you", "can't wait") is read as itself.
2. A cue is negated when a negator ("not", "don't", "never", "no longer", "hardly", "lack of",
   "fails to" …) stands at most ``NEGATION_WINDOW`` words before it, with no clause boundary
   (punctuation, "and", "but" …) between, and the negator is not part of another cue. "Nothing
   but", "not only" and "couldn't be more" are not negators. The evidence of a negated cue runs
   from the negator to the end of the cue ("not supportive").
3. A negated trait keeps its name and flips its polarity ("not supportive" is ``supportive``,
   −1). A negated feeling follows its lexicon entry: it flips, is dropped ("I'm not angry" is not
   evidence of anything), or turns into another feeling ("I don't trust them" is ``distrust``).
4. Cues with the same name and polarity are gathered into one feeling or trait, in the order
   they first appear. The overall ``polarity`` weighs every piece of evidence equally.

The first call compiles both lexicons (a few tenths of a second); after that a typical
twenty-word answer takes a fraction of a millisecond, and 10 KB of text a few tens of
milliseconds at most.

Known limits, on purpose: the reader does not resolve who feels what ("they are frustrated with
us" reads as the writer's frustration), ignores intensifiers, and reads English only; text in
another language usually yields an empty reading.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from parity.core.translation import N_

__all__ = [
    "FEELING_ADJECTIVES",
    "FEELING_NAMES",
    "FEELING_POLARITY",
    "NEGATION_WINDOW",
    "TRAIT_NAMES",
    "Feeling",
    "FeelingsReading",
    "LexiconError",
    "Sign",
    "Span",
    "Trait",
    "read_feelings",
]

Sign = Literal[-1, 1]

#: The feelings the reader can report, with the polarity each has when expressed plainly.
FEELING_POLARITY: Mapping[str, Sign] = MappingProxyType(
    {
        "frustration": -1,
        "resentment": -1,
        "anger": -1,
        "fear": -1,
        "anxiety": -1,
        "distrust": -1,
        "contempt": -1,
        "sadness": -1,
        "helplessness": -1,
        "pride": 1,
        "trust": 1,
        "warmth": 1,
        "gratitude": 1,
        "respect": 1,
        "admiration": 1,
        "hope": 1,
        "relief": 1,
        "enthusiasm": 1,
    }
)
FEELING_NAMES: tuple[str, ...] = tuple(FEELING_POLARITY)
#: How a feeling reads after "feels": the adjective of each of the reader's feelings (marked for
#: the catalog: a portrait shows it in the reader's language).
FEELING_ADJECTIVES: Mapping[str, str] = MappingProxyType(
    {
        "frustration": N_("frustrated"),
        "resentment": N_("resentful"),
        "anger": N_("angry"),
        "fear": N_("afraid"),
        "anxiety": N_("anxious"),
        "distrust": N_("distrustful"),
        "contempt": N_("contemptuous"),
        "sadness": N_("sad"),
        "helplessness": N_("helpless"),
        "pride": N_("proud"),
        "trust": N_("trusting"),
        "warmth": N_("warm"),
        "gratitude": N_("grateful"),
        "respect": N_("respectful"),
        "admiration": N_("admiring"),
        "hope": N_("hopeful"),
        "relief": N_("relieved"),
        "enthusiasm": N_("enthusiastic"),
    }
)

#: The normalised adjectives a trait can be reported as.
TRAIT_NAMES: tuple[str, ...] = (
    "demanding",
    "ungrateful",
    "controlling",
    "dismissive",
    "arrogant",
    "slow",
    "bureaucratic",
    "unreliable",
    "secretive",
    "rigid",
    "chaotic",
    "distant",
    "aggressive",
    "transactional",
    "supportive",
    "reliable",
    "generous",
    "fair",
    "collaborative",
    "competent",
    "responsive",
    "open",
    "trustworthy",
    "visionary",
    "friendly",
    "patient",
    "respectful",
    "appreciative",
    "flexible",
    "organised",
    "humble",
)

#: How many words may stand between a negator and the cue it negates ("not at all supportive").
NEGATION_WINDOW = 3

_WHEN_NEGATED_RULES = ("flip", "drop")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file, entry and what to fix."""


@dataclass(frozen=True)
class Span:
    """Where a cue was found: ``text[start:end] == phrase``."""

    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class Feeling:
    """A feeling the writer expresses; ``polarity`` is −1 when negated or expressed as lacking."""

    name: str
    polarity: Sign
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class Trait:
    """A trait the writer ascribes to the other party ("not supportive" is supportive, −1)."""

    name: str
    polarity: Sign
    evidence: tuple[Span, ...]


@dataclass(frozen=True)
class FeelingsReading:
    """Everything read from one text; ``polarity`` is in [−1, 1], 0.0 when nothing was found."""

    feelings: tuple[Feeling, ...] = ()
    traits: tuple[Trait, ...] = ()
    polarity: float = 0.0


def read_feelings(text: str) -> FeelingsReading:
    """Read the feelings and traits in ``text``, each with the spans that carry it."""
    if not isinstance(text, str):
        raise TypeError(f"read_feelings expects a str, not {type(text).__name__}")
    folded = _fold(text)
    feeling_cues = _cues(_feelings_lexicon(), folded)
    trait_cues = _cues(_traits_lexicon(), folded)
    if not feeling_cues and not trait_cues:  # most answers: no negator to look for
        return FeelingsReading()
    negation = _Negation(folded, [*feeling_cues, *trait_cues])
    feelings = tuple(
        Feeling(name, sign, spans)
        for name, sign, spans in _gather(_read_feeling(c, negation, text) for c in feeling_cues)
    )
    traits = tuple(
        Trait(name, sign, spans)
        for name, sign, spans in _gather(_read_trait(c, negation, text) for c in trait_cues)
    )
    return FeelingsReading(feelings, traits, _balance([*feelings, *traits]))


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One lexicon entry: what its phrases mean, and what a negated phrase means."""

    name: str
    polarity: Sign
    when_negated: str = "flip"


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    entry: _Entry


_Reading = tuple[str, Sign, Span]


def _fold(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets stay valid in the original.

    Matching folded text against lower-case literals (rather than using ``re.IGNORECASE``) lets
    the regex engine skip a non-matching alternative on its first character, which is what makes
    a lexicon of hundreds of phrases fast. Curly apostrophes and Unicode hyphens become their
    ASCII forms, one character for one, so the patterns need only one of each.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return lowered.translate(_UNIFORM)


def _cues(lexicon: _Lexicon, folded: str) -> list[_Cue]:
    """Every cue in ``folded``; phrases in the lexicon's ignore list match but yield nothing."""
    found = []
    for match in lexicon.pattern.finditer(folded):
        entry = lexicon.entries[match.lastindex or 0]
        if entry is not None:
            found.append(_Cue(match.start(), match.end(), entry))
    return found


def _read_trait(cue: _Cue, negation: _Negation, text: str) -> _Reading:
    start = negation.negator_before(cue.start)
    if start is None:
        return cue.entry.name, cue.entry.polarity, _span(text, cue.start, cue.end)
    return cue.entry.name, _flip(cue.entry.polarity), _span(text, start, cue.end)


def _read_feeling(cue: _Cue, negation: _Negation, text: str) -> _Reading | None:
    start = negation.negator_before(cue.start)
    entry = cue.entry
    if start is None:
        return entry.name, entry.polarity, _span(text, cue.start, cue.end)
    if entry.when_negated == "drop":
        return None
    span = _span(text, start, cue.end)
    if entry.when_negated == "flip":
        return entry.name, _flip(entry.polarity), span
    return entry.when_negated, FEELING_POLARITY[entry.when_negated], span


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _flip(sign: Sign) -> Sign:
    return 1 if sign == -1 else -1


def _gather(
    readings: Iterable[_Reading | None],
) -> list[tuple[str, Sign, tuple[Span, ...]]]:
    """Group evidence by (name, polarity), keeping the order in which each first appears."""
    groups: dict[tuple[str, Sign], list[Span]] = {}
    for reading in readings:
        if reading is not None:
            name, sign, span = reading
            groups.setdefault((name, sign), []).append(span)
    return [(name, sign, tuple(spans)) for (name, sign), spans in groups.items()]


def _balance(found: Sequence[Feeling | Trait]) -> float:
    """(positive − negative evidence) / all evidence: every span counts once."""
    positive = sum(len(item.evidence) for item in found if item.polarity == 1)
    negative = sum(len(item.evidence) for item in found if item.polarity == -1)
    total = positive + negative
    return 0.0 if total == 0 else (positive - negative) / total


# --- Negation ------------------------------------------------------------------------------

#: Phrases that look like negators but are not: they must win over the negators they contain.
_NOT_NEGATORS: tuple[str, ...] = (
    "nothing but",
    "(not|never|don't|doesn't|didn't|isn't|aren't|wasn't|weren't) (only|just|merely|simply)",
    "not least",
    "not to mention",
    "or not",
    "no doubt",
    "without( a| any)? doubt",
    "no wonder",
    "no end of",
    "no matter",
    "no-nonsense",
    "never-ending",
    "never (fail|fails|failed) to",
    "(couldn't|could not|can't|cannot) (be|have been|ask for)( a| any)? (more|better|happier)",
)

_NEGATORS: tuple[str, ...] = (
    "not",
    "no",
    "never",
    "nobody",
    "no one",
    "no-one",
    "none",
    "neither",
    "nor",
    "without",
    "hardly",
    "barely",
    "scarcely",
    "rarely",
    "seldom",
    "cannot",
    "no longer",
    "no more",
    "zero",
    "(lack|lacks|lacked|lacking)( of)?",
    "(fail|fails|failed|failing) to",
    "(refuse|refuses|refused|refusing) to",
    "(do|does|did|is|are|was|were|ca|wo|could|would|should|have|has|had|need|must|ai)n't",
)

_SEP = r"[\s-]+"
_UNIFORM = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‐": "-", "‑": "-"})
_BOUNDARY = re.compile(
    r"[.!?;:,()\[\]{}\"“”«»…—–|\n]|\s-\s"
    r"|\b(?:and|but|though|although|however|whereas|while|because)\b"
)
_WORD = re.compile(r"\w+(?:'\w+)*")


class _Negation:
    """The negators in one text, so each cue can ask whether it is negated."""

    def __init__(self, text: str, cues: Sequence[_Cue]) -> None:
        covered = _merged((cue.start, cue.end) for cue in cues)
        marks = [m for m in _negation_pattern().finditer(text) if not _overlaps(covered, m)]
        self._text = text
        self._marks = marks
        self._ends = [m.end() for m in marks]

    def negator_before(self, cue_start: int) -> int | None:
        """Start of the negator governing a cue at ``cue_start``, or None if it is not negated."""
        index = bisect.bisect_right(self._ends, cue_start) - 1
        if index < 0:
            return None
        mark = self._marks[index]
        if mark.lastindex == 1:
            return None
        gap = self._text[mark.end() : cue_start]
        if _BOUNDARY.search(gap) or len(_WORD.findall(gap)) > NEGATION_WINDOW:
            return None
        return mark.start()


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(covered: Sequence[tuple[int, int]], match: re.Match[str]) -> bool:
    index = bisect.bisect_right(covered, (match.start(), len(match.string) + 1)) - 1
    if index >= 0 and covered[index][1] > match.start():
        return True
    return index + 1 < len(covered) and covered[index + 1][0] < match.end()


@cache
def _negation_pattern() -> re.Pattern[str]:
    """Group 1 closes a phrase that only looks like a negator; group 2 closes a negator."""
    blockers = "|".join(_translate(p) for p in _by_specificity(_NOT_NEGATORS))
    negators = "|".join(_translate(p) for p in _by_specificity(_NEGATORS))
    return re.compile(rf"(?<!\w)(?:(?:{blockers})()|(?:{negators})())(?!\w)")


# --- Lexicons ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Lexicon:
    """One compiled lexicon: the empty group *i* closes alternative *i*, which means ``entries[i]``.

    The group sits at the end of its alternative so that every alternative starts with a
    literal character, and ``match.lastindex`` names the alternative that matched.
    """

    pattern: re.Pattern[str]
    entries: tuple[_Entry | None, ...]


@cache
def _feelings_lexicon() -> _Lexicon:
    return _compile_lexicon(_read_toml("feelings.toml"), "feelings.toml", "feeling")


@cache
def _traits_lexicon() -> _Lexicon:
    return _compile_lexicon(_read_toml("traits.toml"), "traits.toml", "trait")


def _read_toml(filename: str) -> dict[str, Any]:
    source = resources.files("parity.core.language").joinpath(f"lexicon/{filename}")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def _compile_lexicon(data: Mapping[str, Any], source: str, kind: str) -> _Lexicon:
    """Validate a parsed lexicon and compile all its phrases into one pattern."""
    slots = _slots(data.get("slots", {}), source)
    phrases: list[tuple[str, _Entry | None]] = []
    for index, raw in enumerate(_table_list(data, kind, source)):
        where = f"{source}: [[{kind}]] number {index + 1}"
        entry = _entry(raw, kind, where)
        phrases += [(p, entry) for p in _phrase_list(raw, where)]
    ignore = data.get("ignore", {})
    phrases += [(p, None) for p in _phrase_list(ignore, f"{source}: [ignore]")]
    return _assemble(phrases, slots, source)


def _assemble(
    phrases: Sequence[tuple[str, _Entry | None]], slots: Mapping[str, str], source: str
) -> _Lexicon:
    """One pattern for the whole lexicon, dispatched on the first character.

    Alternatives are grouped under their first letter (``t(?:ake…()|rust…())``), so at each
    word the engine looks at one group of phrases instead of all of them. Within a group the
    order is by specificity, so the longest idiom still wins.
    """
    _check_unique(phrases, source)
    buckets: dict[str, list[tuple[str, _Entry | None]]] = {}
    for phrase, entry in sorted(phrases, key=lambda item: _specificity(item[0])):
        for head, body in _dispatched(_expanded(phrase, slots, source)):
            buckets.setdefault(head, []).append((body, entry))
    entries: list[_Entry | None] = [None]
    branches = []
    for head, items in buckets.items():
        branches.append(head + "(?:" + "|".join(f"{body}()" for body, _ in items) + ")")
        entries += [entry for _, entry in items]
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(branches)})(?!\w)")
    return _Lexicon(pattern, tuple(entries))


def _check_unique(phrases: Sequence[tuple[str, _Entry | None]], source: str) -> None:
    seen: set[str] = set()
    for phrase, _ in phrases:
        if phrase in seen:
            raise LexiconError(f"{source}: the phrase {phrase!r} is listed twice")
        seen.add(phrase)


def _table_list(data: Mapping[str, Any], kind: str, source: str) -> list[Mapping[str, Any]]:
    tables = data.get(kind)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise LexiconError(f"{source}: expected [[{kind}]] tables with a name and phrases")
    return tables


def _entry(raw: Mapping[str, Any], kind: str, where: str) -> _Entry:
    names = FEELING_NAMES if kind == "feeling" else TRAIT_NAMES
    name = raw.get("name")
    if name not in names:
        raise LexiconError(f"{where}: name {name!r} is not one of {', '.join(names)}")
    polarity = raw.get("polarity")
    if polarity not in (-1, 1) or isinstance(polarity, bool):
        raise LexiconError(f"{where} ({name}): polarity must be 1 or -1, not {polarity!r}")
    sign: Sign = 1 if polarity == 1 else -1
    return _Entry(name, sign, _when_negated(raw, kind, f"{where} ({name})"))


def _when_negated(raw: Mapping[str, Any], kind: str, where: str) -> str:
    rule = raw.get("when_negated", "flip")
    if kind == "trait" and rule != "flip":
        raise LexiconError(f"{where}: a negated trait always flips; remove when_negated")
    if rule not in _WHEN_NEGATED_RULES and rule not in FEELING_NAMES:
        raise LexiconError(f"{where}: when_negated must be flip, drop or a feeling, not {rule!r}")
    return str(rule)


def _phrase_list(raw: Mapping[str, Any], where: str) -> list[str]:
    phrases = raw.get("phrases", [])
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise LexiconError(f"{where}: phrases must be a list of strings")
    return phrases


def _slots(raw: Any, source: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise LexiconError(f"{source}: [slots] must map names to phrases")
    for name, value in raw.items():
        _check_syntax(value, f"{source}: slot {name!r}", allow_slots=False)
    return dict(raw)


# --- Phrase syntax -------------------------------------------------------------------------
#
# Phrases are lower-case words separated by single spaces. ``*`` ends a word stem (any ending),
# ``(a|b)`` gives alternatives, ``( word)?`` an optional word (the space goes inside the group),
# ``?`` after a letter makes it optional ("honou?r"), ``-`` matches a hyphen, a space or
# nothing, ``'`` any apostrophe or none, and ``{name}`` a slot from the file's [slots] table.

_PHRASE_CHARS = re.compile(r"[a-z0-9' \-*()|?{}]+")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_FIXED_START = re.compile(r"[a-z0-9](?!\?)")
_EMPTY_ALTERNATIVE = re.compile(r"\(\)|\(\||\|\||\|\)")
_MISPLACED_MARK = re.compile(r"(?<![a-z0-9)])\?|(?<![a-z0-9])\*")
_TRANSLATION: Mapping[str, str] = MappingProxyType(
    {" ": _SEP, "'": "'?", "-": r"[\s-]?", "*": r"\w*", "(": "(?:"}
)


def _expanded(phrase: str, slots: Mapping[str, str], source: str) -> str:
    """The phrase with its slots filled in, after checking its syntax."""
    where = f"{source}: phrase {phrase!r}"
    _check_syntax(phrase, where, allow_slots=True)
    unknown = set(_SLOT.findall(phrase)) - set(slots)
    if unknown:
        raise LexiconError(f"{where}: unknown slot {{{sorted(unknown)[0]}}}; define it in [slots]")
    expanded = _SLOT.sub(lambda m: slots[m[1]], phrase)
    if "{" in expanded or "}" in expanded:
        raise LexiconError(f"{where}: write a slot as {{name}}, with a lower-case name")
    for start, tail in _leading_alternatives(expanded):
        if not _FIXED_START.match(start + tail):
            raise LexiconError(f"{where}: a phrase must start with a word, not an optional part")
    return expanded


def _dispatched(phrase: str) -> list[tuple[str, str]]:
    """The phrase as (first character, pattern for the rest), one pair per first character.

    "(take|takes|took) it" gives ("t", "(?:ake|akes|ook) it"): the leading group is split by
    first letter but not multiplied out, which keeps the compiled pattern small.
    """
    grouped: dict[tuple[str, str], list[str]] = {}
    for start, tail in _leading_alternatives(phrase):
        grouped.setdefault((start[0], tail), []).append(_translate(start[1:]))
    return [
        (head, (starts[0] if len(starts) == 1 else f"(?:{'|'.join(starts)})") + _translate(tail))
        for (head, tail), starts in grouped.items()
    ]


def _leading_alternatives(phrase: str) -> list[tuple[str, str]]:
    """Split off a leading group: "(take|took) it" gives ("take", " it") and ("took", " it")."""
    if not phrase.startswith("("):
        return [(phrase, "")]
    close = _closing_bracket(phrase)
    rest = phrase[close + 1 :]
    if rest.startswith("?"):
        return [(phrase, "")]
    return [
        (start, tail + rest)
        for part in _top_level_split(phrase[1:close])
        for start, tail in _leading_alternatives(part)
    ]


def _closing_bracket(phrase: str) -> int:
    depth = 0
    for index, char in enumerate(phrase):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index
    return len(phrase)


def _top_level_split(group: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(group):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(group[start:index])
            start = index + 1
    return [*parts, group[start:]]


def _check_syntax(phrase: str, where: str, *, allow_slots: bool) -> None:
    if not _PHRASE_CHARS.fullmatch(phrase):
        raise LexiconError(f"{where}: use lower-case letters, digits, spaces and ' - * ( | ) ?")
    if phrase != phrase.strip() or "  " in phrase or " -" in phrase or "- " in phrase:
        raise LexiconError(f"{where}: separate words with single spaces")
    if _MISPLACED_MARK.search(phrase):
        raise LexiconError(f"{where}: put ? after a letter or a group, * after a letter")
    if not allow_slots and ("{" in phrase or "}" in phrase):
        raise LexiconError(f"{where}: a slot cannot refer to another slot")
    if not _balanced(phrase):
        raise LexiconError(f"{where}: brackets do not match, or a group is empty")


def _balanced(phrase: str) -> bool:
    depth = 0
    for char in phrase:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0 and not _EMPTY_ALTERNATIVE.search(phrase)


def _translate(phrase: str) -> str:
    return "".join(_TRANSLATION.get(ch, ch) for ch in phrase)


def _specificity(phrase: str) -> tuple[int, int]:
    """Sort key: more words first, then longer, so the longest idiom wins at a position."""
    return -phrase.count(" "), -len(phrase)


def _by_specificity(phrases: Iterable[str]) -> list[str]:
    return sorted(phrases, key=_specificity)
