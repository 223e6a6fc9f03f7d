"""The image a personification casts the other party as, and what it says they do.

"If Finance were a person, how would you describe them?" is answered with an image: "A butler
who never volunteers an idea", "Like a demanding boss", "Finance is our robot vacuum", "An old
friend". A facilitator reads the image out first, so Parity picks it out of the answer with a
handful of rules on the words themselves (no model, so every image can be checked against the
answer it came from):

1. **Where an image starts.** A determiner ("a", "an", "the", "our", "their"...) at the start
   of the answer, after an opening hedge ("Probably", "Like", "More like", "I'd say"), or after
   a word that casts someone as something: a form of *be* ("is", "'re", "would be"), "like",
   "as a", "call us", "describe them as". The first such place in the answer wins, except that
   a phrase at the start followed by a form of *be* is the subject ("The Business is a
   demanding boss" casts the Business as *a demanding boss*).
2. **What the image is.** The determiner and the words after it, up to five, stopping at a
   word that starts a clause or a phrase ("who", "that", "with", "in", "and", a pronoun, a verb
   such as "is"), at punctuation, or at a number. "Of" and up to three words more may follow
   ("a lord of the manor", "a willing pair of hands").
3. **Not an image.** Quantities and stock phrases that follow a determiner without casting
   anyone ("a bit", "a lot", "the same", "a shame") are skipped.
4. **Whose image.** A persona answer describes the other party, so a cast whose subject is
   the writer's side ("we're the concierge", "call us a ...") is not its image; a mirror answer
   describes the writer's own team, so there a cast whose subject is "they" is skipped.
5. **What they do.** A clause that follows the image with "who", "that" or "which", up to
   the next punctuation or "and"/"but", and at most eight words ("a butler who *never
   volunteers an idea*").

An answer that casts no one ("Demanding but fair.") has no image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Image", "image_of"]

_DETERMINERS = r"(?:a|an|the|our|their|my|your|his|her|its|this|that|some)"
_HEDGES = (
    r"(?:probably|maybe|perhaps|honestly|basically|definitely|just|like|more like|rather like|"
    r"kind of|sort of|i'd say|i would say|i'd call them|i think)"
)
_CASTING = (
    r"(?:(?<![\w'’])(?:is|are|was|were|be|being|been|becomes?|like|"
    r"(?:call|calls|called|see|sees|saw|treat|treats|treated)\s+(?:us|them|it|him|her)|"
    r"(?:describe|describes|described|see|sees|treat|treats)\s+(?:us|them|it|him|her)\s+as)"
    r"|['’](?:s|re))"
)
_START = re.compile(
    rf"^[\W_]*(?:{_HEDGES}[\s,:'\"“‘]+)*(?P<det>{_DETERMINERS})\s"
    rf"|{_CASTING}\s+(?P<det2>{_DETERMINERS})\s"
    r"|(?<![\w'’])as\s+(?P<det3>an?)\s",
    re.IGNORECASE,
)


def _word_set(words: str) -> frozenset[str]:
    """The words of a blank-separated list."""
    return frozenset(words.split())


#: Words that end an image: they start a clause or a phrase of their own.
_ENDS = _word_set(
    """
    a an the of who whose whom which that where when while whilst with without in on at for to
    from by into onto across than because but and or nor so if as like we they i you he she it
    us them me him her is are was were be been being am has have had do does did can could will
    would should may might must shall never always not no just who's that's really very also
    too then there here what whatever who'd you'd they'd we'd i'd i've we've they've you've i'm
    we're they're you're it's he's she's i'll we'll they'll you'll
    """
)
#: A determiner followed by one of these casts no one: "a bit", "the same", "a shame".
_NOT_IMAGES = _word_set(
    """
    bit lot lots little few couple shame pity pleasure must while given same case time way
    point thing things matter question number fact moment day week month year lack end rest
    honour honor privilege
    """
)
#: What follows a verb ending in -ing that takes an object ("trying to", "running the").
_OBJECT = re.compile(
    r"\s+(?:to|for|on|with|at|about|into|a|an|the|our|their|us|them|it|everything)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
_CLAUSE = re.compile(r"\s+(?:who|that|which)\s+(?P<clause>[^.;:!?,—–()\"“”]+)", re.IGNORECASE)
_CLAUSE_CUT = re.compile(r"\s(?:and|but)\s", re.IGNORECASE)
MAX_IMAGE_WORDS = 5
MAX_OF_WORDS = 3
MAX_CLAUSE_WORDS = 8


#: The subjects of a cast that is not the image the answer is asked for (rule 4).
_NOT_THEIRS = frozenset({"we", "i", "us"})
_NOT_OURS = frozenset({"they", "them"})
_SUBJECT = re.compile(r"(\w+)['’]?\s*$")
#: "The Business is a demanding boss": a phrase followed by a form of *be* is the subject of
#: the cast, not its image.
_SUBJECT_OF_CAST = re.compile(
    r"(?:\s+(?:is|are|was|were|would|will|could|might|seems?|acts?|feels?|looks?)\b|['’](?:s|re|d)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Image:
    """What an answer casts someone as (``text``, the determiner in lower case), where it
    stands in the answer (``start``, ``end``), the clause saying what they do, if any, and
    where that clause ends (``reach``: the end of the image when there is none)."""

    text: str
    start: int
    end: int
    does: str | None = None
    reach: int = 0


def image_of(answer: str, *, own_team: bool = False) -> Image | None:
    """The first image in ``answer`` (module docstring), or ``None``. ``own_team``: the
    answer describes the writer's own team (a mirror answer), not the other party."""
    skipped = _NOT_OURS if own_team else _NOT_THEIRS
    for match in _START.finditer(answer):
        group = next(g for g in ("det", "det2", "det3") if match.group(g))
        if group != "det" and _subject(answer, match) in skipped:
            continue
        image = _image_at(answer, match.start(group), match.end(group))
        if image is not None and not (group == "det" and _is_subject(answer, image)):
            return image
    return None


def _is_subject(answer: str, image: Image) -> bool:
    """Whether a phrase at the start is the subject of a cast ("The Business is ...",
    "The Business's a king")."""
    return bool(_SUBJECT_OF_CAST.match(answer, image.end)) or image.text.endswith(("'s", "’s"))


def _subject(answer: str, match: re.Match[str]) -> str:
    """Who is cast: the word before the casting word, or the object of "call us"."""
    cast = match.group().lower().split()
    if len(cast) > 2 and cast[1] in _NOT_THEIRS | _NOT_OURS:
        return cast[1]
    before = _SUBJECT.search(answer[: match.start()])
    return before.group(1).lower() if before else ""


def _image_at(answer: str, det_start: int, det_end: int) -> Image | None:
    words = list(_WORD.finditer(answer, det_end))
    end = _noun_phrase_end(answer, det_end, words, MAX_IMAGE_WORDS)
    if end is None:
        return None
    end = _of_phrase_end(answer, end, words) or end
    determiner = answer[det_start:det_end].lower()
    text = determiner + answer[det_end:end]
    does, reach = _does(answer, end)
    return Image(" ".join(text.split()), det_start, end, does, reach)


def _noun_phrase_end(answer: str, start: int, words: list[re.Match[str]], limit: int) -> int | None:
    """Where the run of up to ``limit`` image words after ``start`` ends; ``None`` if it is
    empty or is a quantity or a stock phrase."""
    end: int | None = None
    position, last, count_kept = start, "", 0
    for count, word in enumerate(words):
        if count == limit or not _only_space(answer[position : word.start()]):
            break
        folded = word.group().lower().replace("’", "'")
        if folded in _ENDS or any(ch.isdigit() for ch in folded):
            break
        if count == 0 and folded in _NOT_IMAGES:
            return None
        end = position = word.end()
        last, count_kept = folded, count + 1
    if end is not None and count_kept > 1 and last.endswith("ing") and _OBJECT.match(answer, end):
        # "a keen supplier trying to upsell": a verb with its object, not part of the image.
        end = words[count_kept - 2].end()
    return end


def _of_phrase_end(answer: str, end: int, words: list[re.Match[str]]) -> int | None:
    """The end of an "of ..." phrase right after ``end`` ("of the manor"), if there is one."""
    following = [w for w in words if w.start() >= end]
    if not following or following[0].group().lower() != "of":
        return None
    if not _only_space(answer[end : following[0].start()]):
        return None
    rest = following[1:]
    if rest and re.fullmatch(_DETERMINERS, rest[0].group(), re.IGNORECASE):
        if not _only_space(answer[following[0].end() : rest[0].start()]):
            return None
        return _noun_phrase_end(answer, rest[0].end(), rest[1:], MAX_OF_WORDS)
    return _noun_phrase_end(answer, following[0].end(), rest, MAX_OF_WORDS)


def _only_space(gap: str) -> bool:
    return gap == "" or gap.isspace()


def _does(answer: str, end: int) -> tuple[str | None, int]:
    """The clause right after an image that says what its subject does, and where the whole
    clause ends."""
    match = _CLAUSE.match(answer, end)
    if match is None:
        return None, end
    clause = _CLAUSE_CUT.split(match.group("clause"), maxsplit=1)[0]
    words = clause.strip("'’‘ ").split()
    if not words:
        return None, match.end()
    return " ".join(words[:MAX_CLAUSE_WORDS]), match.end()
