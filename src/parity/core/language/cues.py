"""Finding the stance cues in a text: the matches of one ordered alternation, found fast.

The cue lexicon (``lexicon/stance.toml``) is an ordered list of families, each a regular
expression made of alternatives; the cues of a text are the matches of the alternation of all
families, left to right, the first alternative listed winning where several match at the same
place. Tried as one pattern, all three hundred alternatives are attempted at every word of
every statement, and nearly all fail on the first letters: that was a third of the light
reader's time.

:class:`CueMatcher` finds exactly the same matches with less work. From each alternative's
parsed pattern it learns how a match of it can begin: with one of a few words or word beginnings
(``\\bserv(?:e|es|ed|ing)\\s+…`` begins with "serve", "serves", "served" or "serving", in any
case), or, where the pattern does not spell its first letters out, with one of the characters
its first element admits (``(?-i:[A-Z][\\w&]+)``: a capital letter). Each statement is split
into words once; at each word only the alternatives that can begin with it are tried, each with
its own compiled pattern, in the order of the lexicon, so the first that matches is the one the
alternation would have chosen. Only the start of the text and the starts of words are visited,
which is exact when every alternative starts with ``^`` or with ``\\b`` and a word character.
A lexicon for which that cannot be shown (an alternative that may match the empty string,
start inside a word or on a non-word character) is matched with the one alternation instead.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# The parser behind ``re`` (``re._parser`` and its constants; no public module offers them):
# read-only use, to learn how a pattern's matches begin.
sre: Any = importlib.import_module("re._constants")
sre_parse: Any = importlib.import_module("re._parser")
sre_compiler: Any = importlib.import_module("re._compiler")

_WORD = re.compile(r"\w")
_WORDS = re.compile(r"\w+")
#: Letters, digits and the underscore in ASCII: the characters a spelled-out beginning holds.
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_CATEGORIES = {  # category: (its class pattern, whether it holds word characters only)
    sre.CATEGORY_DIGIT: (r"\d", True),
    sre.CATEGORY_NOT_DIGIT: (r"\D", False),
    sre.CATEGORY_SPACE: (r"\s", False),
    sre.CATEGORY_NOT_SPACE: (r"\S", False),
    sre.CATEGORY_WORD: (r"\w", True),
    sre.CATEGORY_NOT_WORD: (r"\W", False),
}
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
#: At most this many spelled-out beginnings per alternative; beyond, shorter ones are kept.
MAX_BEGINNINGS = 256
#: The words whose alternatives to try are remembered, at most (then forgotten all at once).
MAX_REMEMBERED = 100_000
#: At most this many characters in a class spelled out letter by letter (``organi[sz]ation``).
MAX_CLASS_LETTERS = 8


class _NotWorkedOutError(Exception):
    """A construct whose first characters are not worked out: anything may come first."""


@dataclass(frozen=True)
class _Class:
    """Characters a match may start with: a one-character pattern with its own case rule."""

    pattern: str
    words_only: bool  # letters, digits and underscores only (a letter's other case is one too)
    no_words: bool = False  # none of them: what follows a word's last letter

    def admits(self, char: str) -> bool:
        return re.fullmatch(self.pattern, char) is not None


def _literal(code: int) -> tuple[str, bool]:
    char = chr(code)
    return re.escape(char), _WORD.match(char) is not None


def _char_class(items: Iterable[tuple[Any, Any]]) -> tuple[str, bool, bool]:
    """The items of a parsed ``[...]`` as a class pattern, whether it holds word characters
    only, and whether it holds none."""
    parts, words_only, no_words = [], True, True
    for op, value in items:
        if op is sre.NEGATE:
            parts.append("^")
            words_only = no_words = False
        elif op is sre.LITERAL:
            part, word = _literal(value)
            parts.append(part)
            words_only, no_words = words_only and word, no_words and not word
        elif op is sre.RANGE:
            low, high = value
            parts.append(f"{re.escape(chr(low))}-{re.escape(chr(high))}")
            chars = [_WORD.match(chr(c)) is not None for c in range(low, high + 1)]
            words_only, no_words = words_only and all(chars), no_words and not any(chars)
        elif op is sre.CATEGORY and value in _CATEGORIES:
            part, word = _CATEGORIES[value]
            parts.append(part)
            words_only = words_only and word
            no_words = no_words and value in (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD)
        else:
            raise _NotWorkedOutError
    return "[" + "".join(parts) + "]", words_only, no_words


def _class(pattern: str, words_only: bool, no_words: bool, ignore_case: bool) -> _Class:
    return _Class(f"(?{'i' if ignore_case else '-i'}:{pattern})", words_only, no_words)


def _subpattern_case(value: Any, ignore_case: bool) -> tuple[bool, Any]:
    """Whether a group ``(?i:…)``, ``(?-i:…)`` or plain ignores case, and its items."""
    _, add, remove, items = value
    return bool((ignore_case or add & re.IGNORECASE) and not remove & re.IGNORECASE), items


def _firsts(items: Sequence[tuple[Any, Any]], ignore_case: bool) -> tuple[list[_Class], bool]:
    """The classes a match of the parsed sequence ``items`` can start with, and whether it can
    match the empty string (then what follows it can come first too). Raises
    :class:`_NotWorkedOutError` for a construct it does not work out."""
    found: list[_Class] = []
    for op, value in items:
        if op in _ZERO_WIDTH:  # an assertion only narrows where a match starts
            continue
        if op is sre.LITERAL:
            pattern, word = _literal(value)
            found.append(_class(pattern, word, not word, ignore_case))
            return found, False
        if op is sre.IN:
            found.append(_class(*_char_class(value), ignore_case))
            return found, False
        if op is sre.SUBPATTERN:
            inner, empty = _firsts(*reversed(_subpattern_case(value, ignore_case)))
        elif op is sre.BRANCH:
            inner, empty = [], False
            for branch in value[1]:
                more, branch_empty = _firsts(branch, ignore_case)
                inner += more
                empty = empty or branch_empty
        elif op in _REPEATS:
            low, _, sub = value
            inner, empty = _firsts(sub, ignore_case)
            empty = empty or low == 0
        else:  # any character, a back-reference, ...
            raise _NotWorkedOutError
        found += inner
        if not empty:
            return found, False
    return found, True


def _spelled(op: Any, value: Any) -> list[str] | None:
    """The ASCII word characters a literal or small class stands for, in lower case (words are
    looked up in lower case, so this holds whether case matters or not), or ``None`` when it is
    something else."""
    if op is sre.LITERAL:
        codes = [value]
    elif op is sre.IN and all(item_op is sre.LITERAL for item_op, _ in value):
        codes = [item for _, item in value]
    elif op is sre.IN and all(item_op in (sre.LITERAL, sre.RANGE) for item_op, _ in value):
        codes = []
        for item_op, item in value:
            codes += [item] if item_op is sre.LITERAL else list(range(item[0], item[1] + 1))
    else:
        return None
    chars = [chr(code) for code in codes]
    if len(chars) > MAX_CLASS_LETTERS or not all(c in _ASCII_WORD for c in chars):
        return None
    return sorted({c.lower() for c in chars})


class _Beginnings:
    """How the matches of one alternative can begin: with a spelled-out first word or the
    beginning of one (lower case), or, where the first letters are not spelled out, with a
    character of some classes."""

    def __init__(self) -> None:
        self.words: set[str] = set()  # the whole first word: a non-word character follows
        self.spelled: set[str] = set()  # the first word's beginning
        self.classes: list[_Class] = []

    def read(
        self, items: Sequence[tuple[Any, Any]], open_: set[str], ignore_case: bool
    ) -> set[str]:
        """Extend the beginnings in ``open_`` through ``items``; the ones that reach the end of
        ``items`` are returned (what follows may extend them), the others are kept."""
        for index, (op, value) in enumerate(items):
            if not open_:
                break
            if (op, value) == (sre.AT, sre.AT_BOUNDARY):  # after a letter: the word ends here
                self.words |= open_ - {""}
                open_ &= {""}
                continue
            if op in _ZERO_WIDTH:
                continue
            spelled = _spelled(op, value)
            if spelled is not None:
                open_ = {begun + char for begun in open_ for char in spelled}
            elif op is sre.SUBPATTERN:
                cased, sub = _subpattern_case(value, ignore_case)
                open_ = self.read(sub, open_, cased)
            elif op is sre.BRANCH:
                open_ = set().union(*(self.read(b, set(open_), ignore_case) for b in value[1]))
            elif op in _REPEATS and value[:2] == (0, 1):  # optional: with it or without it
                open_ = self.read(value[2], set(open_), ignore_case) | open_
            elif op in _REPEATS:  # the first repetition begins what it can; then stop
                once = self.read(value[2], set(open_), ignore_case)
                self.keep(once, (), ignore_case)
                open_ = open_ if value[0] == 0 else set()
            else:
                self.keep(open_, items[index:], ignore_case)
                open_ = set()
            if len(open_) > MAX_BEGINNINGS:
                self.keep(open_, items[index + 1 :], ignore_case)
                open_ = set()
        return open_

    def keep(self, begun: set[str], rest: Sequence[tuple[Any, Any]], ignore_case: bool) -> None:
        """Record beginnings that go no further, followed by ``rest``: whole words when it
        starts with a non-word character; an empty one is told apart by the first characters
        of ``rest``."""
        if begun - {""}:
            try:
                classes, empty = _firsts(rest, ignore_case)
                whole = not empty and all(c.no_words for c in classes)
            except _NotWorkedOutError:
                whole = False
            (self.words if whole else self.spelled).update(begun - {""})
        if "" in begun:
            classes, empty = _firsts(rest, ignore_case)
            if empty:
                raise _NotWorkedOutError
            self.classes += classes


@dataclass(frozen=True)
class _Alternative:
    """One top-level alternative of a family, and where a match of it may begin."""

    family: int
    pattern: str
    anchored: bool  # starts with ``^``: only at the start of the text
    word_start: bool  # starts with ``\\b`` then a word character: only where a word starts
    firsts: tuple[_Class, ...] | None  # its first character is one of these; None: any
    words: frozenset[str]  # its first word is one of these (lower case) ...
    spelled: frozenset[str]  # ... or begins with one of these ...
    classes: tuple[_Class, ...] | None  # ... or with a character of these; None: with any


def _alternative(family: int, pattern: str, parsed: Any, flags: int) -> _Alternative:
    """What ``pattern`` (parsed: ``parsed``) tells of where its matches begin."""
    anchored = pattern.startswith("^")
    ignore_case = bool(flags & re.IGNORECASE)
    items = [] if parsed is None else list(parsed)
    try:
        if parsed is None:
            raise _NotWorkedOutError
        firsts, empty = _firsts(items, ignore_case)
    except _NotWorkedOutError:
        return _Alternative(family, pattern, anchored, False, None, frozenset(), frozenset(), None)
    if empty:  # may match the empty string: no first character to go by
        return _Alternative(family, pattern, anchored, False, None, frozenset(), frozenset(), None)
    word_start = pattern.startswith("\\b") and all(f.words_only for f in firsts)
    beginnings = _Beginnings()
    try:
        left = beginnings.read(items, {""}, ignore_case)
        beginnings.keep(left, (), ignore_case)
    except _NotWorkedOutError:
        return _Alternative(
            family, pattern, anchored, word_start, (*firsts,), frozenset(), frozenset(), (*firsts,)
        )
    return _Alternative(
        family,
        pattern,
        anchored,
        word_start,
        tuple(firsts),
        frozenset(beginnings.words),
        frozenset(beginnings.spelled),
        tuple(beginnings.classes),
    )


class CueMatcher:
    """The matches of ``(?:^|\\b)(?:(?P<f0>…)|(?P<f1>…)|…)``, as (family, start, end).

    ``families`` holds each family's pattern, in order; ``flags`` are those of the whole.
    """

    def __init__(self, families: Sequence[str], flags: int) -> None:
        self.families = tuple(families)
        self.flags = flags
        self._whole: re.Pattern[str] | None = None
        self._alternatives: list[_Alternative] = []
        self._parsed: list[Any] = []  # each alternative's parse
        for family, pattern in enumerate(self.families):
            for alternative in top_level_alternatives(pattern):
                try:
                    parsed = sre_parse.parse(alternative, flags)
                except re.error:  # not a pattern on its own (a back-reference to another)
                    parsed = None
                self._alternatives.append(_alternative(family, alternative, parsed, flags))
                self._parsed.append(parsed)
        self.fast = all(
            a.classes is not None and (a.anchored or a.word_start) for a in self._alternatives
        )
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self._alternatives)
        self._by_word: dict[str, list[int]] = {}
        self._by_beginning: dict[str, list[int]] = {}
        for index, read in enumerate(self._alternatives):
            if not read.anchored:
                for word in read.words:
                    self._by_word.setdefault(word, []).append(index)
                for begun in read.spelled:
                    self._by_beginning.setdefault(begun, []).append(index)
        self._anchored = tuple(i for i, a in enumerate(self._alternatives) if a.anchored)
        self._by_class = [
            (i, a.classes) for i, a in enumerate(self._alternatives) if a.classes and not a.anchored
        ]
        self._tried: dict[tuple[str, bool], tuple[int, ...]] = {}
        self._by_first: dict[str, frozenset[int]] = {}

    def whole(self) -> re.Pattern[str]:
        """The one alternation the matches are defined by (guarded at word edges when every
        alternative starts at one, which changes no match)."""
        if self._whole is None:
            alternation = "|".join(f"(?P<f{i}>{p})" for i, p in enumerate(self.families))
            if all(a.pattern.startswith(("\\b", "^")) for a in self._alternatives):
                alternation = rf"(?:^|\b)(?:{alternation})"
            self._whole = re.compile(alternation, self.flags)
        return self._whole

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Every cue of ``text``: (family, start, end), left to right, as the alternation."""
        if not self.fast:
            return [
                (int(str(m.lastgroup)[1:]), m.start(), m.end()) for m in self.whole().finditer(text)
            ]
        found: list[tuple[int, int, int]] = []
        done = 0
        words = [(m.start(), m.group()) for m in _WORDS.finditer(text)]
        if text and (not words or words[0][0] != 0):
            words.insert(0, (0, ""))
        tried, compiled = self._tried, self._compiled
        for start, word in words:
            if start < done:
                continue
            key = (word or text[start], start == 0)
            indices = tried.get(key)
            if indices is None:
                if len(tried) >= MAX_REMEMBERED:
                    tried.clear()
                indices = tried[key] = self._to_try(text[start], word, start == 0)
            for index in indices:
                pattern = compiled[index] or self._compile(index)
                match = pattern.match(text, start)
                if match is not None:
                    done = match.end()
                    found.append((self._alternatives[index].family, start, done))
                    break
        return found

    def _compile(self, index: int) -> re.Pattern[str]:
        """An alternative's pattern, compiled from its parse (what ``re.compile`` does, bar the
        parse already made), when it is first tried."""
        pattern: re.Pattern[str] = sre_compiler.compile(self._parsed[index], int(self.flags))
        self._compiled[index] = pattern  # the parse is kept: another thread may be compiling
        return pattern

    def _to_try(self, first: str, word: str, at_start: bool) -> tuple[int, ...]:
        """The alternatives, in order, that can begin with ``word`` (whose first character is
        ``first``; at the start of the text, ``word`` may be empty)."""
        chosen: set[int] = set(self._anchored) if at_start else set()
        if word.isascii():
            lower = word.lower()
            chosen.update(self._by_word.get(lower, ()))
            for end in range(1, len(lower) + 1):
                chosen.update(self._by_beginning.get(lower[:end], ()))
        else:  # case beyond ASCII ("ſ" is an "s"): go by the first character alone
            chosen.update(
                i
                for i, a in enumerate(self._alternatives)
                if not a.anchored and any(c.admits(first) for c in a.firsts or ())
            )
        by_first = self._by_first.get(first)
        if by_first is None:
            by_first = self._by_first[first] = frozenset(
                i for i, classes in self._by_class if any(c.admits(first) for c in classes)
            )
        return tuple(sorted(chosen | by_first))


def top_level_alternatives(pattern: str) -> list[str]:
    """A regular expression split at its ``|`` outside groups and character classes."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)  # a first "]" is a literal
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]
