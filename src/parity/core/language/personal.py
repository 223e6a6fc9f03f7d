"""Words that name someone: an e-mail address, a telephone number or a person's name.

Quotes that carry one are never shown (:mod:`parity.core.policy`): "I am Jane Doe, the only
controller in Finance" would tell both sides who wrote it, and "Dr Patel decides everything"
who it is about. The check is a set of regular expressions and a small lexicon
(``lexicon/names.toml``), with no model to download, and it leans towards caution: a quote held
back by mistake costs little, a name quoted in front of both sides costs a person's trust.

What it finds:

- **e-mail addresses** (``jane.doe@corp.example``, ``jane [at] corp [dot] example``);
- **telephone numbers**: seven to fifteen digits written as phone numbers are (``+44 20 7946
  0018``, ``(020) 7946-0018``, ``07946001800``), an extension (``ext. 4412``: in a small side
  an extension rings one desk) and a number given to call (``ring me on 4412``), but not dates,
  years, sums of money, decimals, opening hours or a reference written as one block of digits;
- **a person's name**: a given name from the lexicon ("ask Priya"), a name after a title ("Dr
  Patel"), after "I am", "my name is" or "call me", after "signed" or "regards", at the end
  after "thanks" or a dash, a chat handle (``@jdoe``), and two capitalised words in a row that
  are neither ordinary words (function words, days, months, departments, job titles, products)
  nor words of the organization's parties ("Siobhan Kowalczyk decides"). A run of capitalised
  words with a word of a thing in it is that thing: "Nimbus Cloud Services", "Black Friday".

Callers pass the organization's party names as ``known_names``, so that "Copper Kite would say"
reads as a party. What the check cannot find: names in lower case or in capitals ("ask tom",
"ASK TOM"), a lone surname or an unlisted given name on its own ("Kowalczyk decides"), a US
number written as one block of digits, and names spelt out or misspelt. A facilitator can
still hide any quote by hand (:mod:`parity.web.insights.quotes`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

EMAIL = "an e-mail address"
PHONE = "a telephone number"
NAME = "a person's name"
#: Every reason :func:`names_someone` can give, in the order they are looked for.
REASONS = (EMAIL, PHONE, NAME)

#: "jane.doe@corp.example", "jane@corp", and spelt out: "jane [at] corp [dot] example".
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@[\w-]+|\s*[\[(]\s*at\s*[\])]\s*[\w-]+"
    r"(?=\s*(?:\.|[\[(]\s*dot\s*[\])])\s*\w))",
    re.IGNORECASE,
)
#: Seven to fifteen digits separated as phone numbers are: by a space, dot, dash or brackets.
_PHONE = re.compile(r"(?<![\w.,/])(?:\+|\(\+?)?\d(?:[ \t().-]{0,3}\d){6,15}(?!\w)")
_EXTENSION = re.compile(
    r"\b(?:ext|extn|extension)\b\.?(?:[\s:#]+(?:is|on|at|no\.?|number)\b)*[\s:#]*(\d{3,6})\b",
    re.IGNORECASE,
)
_CALL_ME = re.compile(
    r"\b(?:call|ring|phone|dial|text|tel|telephone|mobile|mob|cell|landline|whatsapp)\b"
    r"(?:\s+(?:me|us|him|her|them))?\s*(?:on|at|:|-)?\s*(\+?\d[\d \t().-]{2,}\d)\b",
    re.IGNORECASE,
)
#: Digits with no separator and no leading 0 or +: a ticket or order number, not a phone.
_REFERENCE = re.compile(r"[1-9]\d*")
_DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:[ .,]\d{3})+")
_DECIMAL = re.compile(r"\d+\.\d+")
_TIMES = re.compile(r"\d{1,2}[.:]\d\d\s*[-–]\s*\d{1,2}[.:]\d\d")
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONEY_BEFORE = re.compile(r"[£$€¥#]\s*$")

#: The endings of abstract nouns and activities, which surnames rarely have: "Open Banking",
#: "Cloud Migration", "Vendor Management" are not people.
_ABSTRACT = re.compile(r"(?:tion|sion|ment|ity|ness|ship|ology|ics|ism|ing)s?$")
_WORD_PATTERN = r"[^\W\d_][\w'’-]*"
_WORD = re.compile(_WORD_PATTERN)
_HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Doctor|Sir|Dame|Lord|Lady|Rev|Revd|Herr|Frau"
    rf"|Mme|Mlle|Madame|Monsieur)\b\.?[ \t]+({_WORD_PATTERN})"
)
#: "I am Jane", "my name is Jane", "call me Jane", "signed, Jane Doe", "Regards: Jane".
_SELF_NAMED = re.compile(
    r"(?i:\b(?:my\s+name\s+is|my\s+name's|i\s+am|i'm|i’m|call\s+me|signed(?:\s+by)?"
    rf"|regards|sincerely|yours\s+truly))[\s,:;.-]+({_WORD_PATTERN})"
)
#: A name that ends the text after "thanks" or a dash: "Thanks, Jane", "— Tom D.".
_SIGN_OFF = re.compile(
    r"(?:(?i:\b(?:thanks|thank\s+you|cheers|best|best\s+wishes))[\s,:;.!-]+|"
    rf"(?:^|\s)[-–—~]+[ \t]*)({_WORD_PATTERN})(?:[ \t]+{_WORD_PATTERN}|[ \t]+[A-Z]\.?)?\W*$"
)
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z][\w.-]+)")
_NOT_HANDLES = frozenset({"here", "channel", "everyone", "all"})
_CONTRACTION = re.compile(r"(?:n['’]t|['’](?:s|re|d|ll|ve|m)?)$", re.IGNORECASE)


@dataclass(frozen=True)
class _Lexicon:
    """The word lists of ``lexicon/names.toml``, folded for lookups (see its header)."""

    given: frozenset[str]
    function: frozenset[str]
    ordinary: frozenset[str]
    things: frozenset[str]


def names_someone(text: str, known_names: Iterable[str] = frozenset()) -> str | None:
    """Why ``text`` must not be quoted (it carries an e-mail address, a telephone number or a
    person's name), or None.

    ``known_names`` are names that are not people, such as the organization's parties: "Shared
    Services" is a party, not a person. Each of their words is taken as an ordinary word.
    """
    if _EMAIL.search(text):
        return EMAIL
    if _has_phone(text):
        return PHONE
    names = (known_names,) if isinstance(known_names, str) else known_names
    known = frozenset(_stem(word) for name in names for word in _WORD.findall(name))
    if _has_name(text, known):
        return NAME
    return None


def _has_phone(text: str) -> bool:
    """An extension or a number given to call counts whatever its length; any other run of
    digits only when it is written as a phone number is (:func:`_is_phone`)."""
    for pattern in (_EXTENSION, _CALL_ME):
        if any(not _YEAR.fullmatch(m.group(1)) for m in pattern.finditer(text)):
            return True
    return any(_is_phone(text, match) for match in _PHONE.finditer(text))


def _is_phone(text: str, match: re.Match[str]) -> bool:
    """A run of digits is a phone number unless it reads as a reference, a date, years, money,
    a decimal or opening hours."""
    number = match.group()
    groups = re.findall(r"\d+", number)
    if all(_YEAR.fullmatch(group) for group in groups):
        return False
    if _MONEY_BEFORE.search(text[max(0, match.start() - 4) : match.start()]):
        return False
    plain = (_REFERENCE, _DATE, _THOUSANDS, _DECIMAL, _TIMES)
    return not any(pattern.fullmatch(number) for pattern in plain)


def _has_name(text: str, known: frozenset[str]) -> bool:
    """A name after a cue (a title, "I am", "regards", a closing "thanks"), a chat handle, or a
    run of capitalised words that reads as a person's name."""
    lexicon = _lexicon()
    cued = (_HONORIFIC, _SELF_NAMED, _SIGN_OFF)
    if any(_names(m.group(1), known, lexicon) for p in cued for m in p.finditer(text)):
        return True
    if any(m.group(1).casefold() not in _NOT_HANDLES for m in _HANDLE.finditer(text)):
        return True
    return any(_is_person(run, known, lexicon) for run in _runs(text, lexicon.function))


def _names(word: str, known: frozenset[str], lexicon: _Lexicon) -> bool:
    """A capitalised word after a title, "I am" or "regards" is a name unless it is an
    ordinary word ("I am Head of Finance") or a party's ("Thanks, Facilities")."""
    stem = _stem(word)
    ordinary = stem in lexicon.ordinary or stem in lexicon.things or stem in known
    return _capitalised(word) and not ordinary


def _is_person(run: list[str], known: frozenset[str], lexicon: _Lexicon) -> bool:
    """Whether a run of capitalised words is a person's name: it holds a given name, or two
    words in a row that are neither ordinary nor a party's ("Siobhan Kowalczyk").

    A run with a word of a thing (an organization, a place, an event, a law, a product) is
    that thing: "Nimbus Cloud Services", "Cape Town", "Black Friday". Where a run starts does
    not matter: "Tom O'Brien decides" is as much a name at the start of a sentence.
    """
    stems = [stem for stem in map(_stem, run) if stem not in known]
    if not stems or any(stem in lexicon.things for stem in stems):
        return False
    if any(stem in lexicon.given for stem in stems):
        return True
    unknown = [stem not in lexicon.ordinary and not _ABSTRACT.search(stem) for stem in stems]
    return any(a and b for a, b in pairwise(unknown))


def _runs(text: str, breaks: frozenset[str]) -> Iterator[list[str]]:
    """Each run of capitalised words separated only by spaces or tabs. A function word ("The",
    "Of", "Ask", "Deliver") ends a run and belongs to none, so an opening verb is not read as
    a first name and a text in title case is read a phrase at a time."""
    run: list[str] = []
    end = 0
    for match in _WORD.finditer(text):
        word = match.group()
        joined = not text[end : match.start()].strip(" \t")
        end = match.end()
        counts = _capitalised(word) and _stem(word) not in breaks
        if run and not (counts and joined):
            yield run
            run = []
        if counts:
            run.append(word)
    if run:
        yield run


def _capitalised(word: str) -> bool:
    """Capitalised as a name is: "Jane", "O'Brien", "Łukasz", but not "jane", "IT" or "NASA"
    (a word in capitals is an acronym or shouting, not a name the writer capitalised)."""
    return word[0].isupper() and not word.isupper()


def _stem(word: str) -> str:
    """The word without a possessive or contraction, folded for lookups: "Priya's" is
    "priya", "We're" is "we", "O'Brien" stays "o'brien"."""
    return _CONTRACTION.sub("", word).casefold()


@cache
def _lexicon() -> _Lexicon:
    """Read once per process: every quote of every page goes through the check."""
    source = resources.files("parity.core.language").joinpath("lexicon/names.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return _Lexicon(
        given=_words(data["given"].values()),
        function=_words(data["function"].values()),
        ordinary=_words([*data["function"].values(), *data["ordinary"].values()]),
        things=_words(data["things"].values()),
    )


def _words(groups: Iterable[str]) -> frozenset[str]:
    return frozenset(_stem(word) for group in groups for word in group.split())
