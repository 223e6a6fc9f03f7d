"""The coaching content file: prompts, next steps, charter and workshop script as data.

The words a coach says are not code. They live in ``prompts.toml`` next to this module, each
with the condition that triggers it (:mod:`parity.core.coaching.triggers`), so a coach can
reword, re-weigh or translate them without touching Python. A file is checked completely when
it is loaded: a misspelt finding, an unknown placeholder or a missing field is refused with a
sentence that names the prompt, rather than failing in the middle of a workshop.

A translation ships beside it as ``prompts.<language>.toml`` (``prompts.de.toml``): the same
entries and conditions in other words, so :func:`default_content` can speak the reader's
language (:mod:`parity.core.translation`) without a second set of rules to keep in step. The
checks' messages stay English: they are for whoever writes the file, not for the room.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from parity.core.archetypes import ARCHETYPES, INSUFFICIENT
from parity.core.coaching.checks import (
    CoachingContentError,
    Table,
    check_condition,
    check_template,
    hint,
    parse_toml,
    word_table,
)
from parity.core.coaching.findings import FINDINGS, WORD_STANCES
from parity.core.coaching.triggers import Node
from parity.core.instrument import CORE_CONSTRUCTS, OPEN_QUESTION_IDS, default_instrument
from parity.core.language.stance import STANCES
from parity.core.translation import SOURCE_LANGUAGE, current_language

FORMAT = 1
#: The kinds of gap a next step closes, in the order the docs explain them.
GAPS = (
    "outcome",
    "stake",
    "need",
    "voice",
    "value",
    "alternatives",
    "label",
    "trust",
    "agreement",
    "answers",
)
THEMES = ("attitudes", "beliefs", "feelings")
ABOUT = ("side", "relationship")
SIDE_SECTIONS = ("stakes", "contributes", "needs")
RELATIONSHIP_SECTIONS = ("outcome", "decisions", "leaving")
MESSAGES = ("prompts", "next_steps", "follow_up", "withheld", "not_ready", "not_ready_step")
MIN_IMPORTANCE, MAX_IMPORTANCE = 1, 100

#: Placeholders every relationship-wide text may use.
RELATIONSHIP_FIELDS = frozenset({"a", "b", "label"})
#: Placeholders of a text written from one side's point of view: the findings too.
SIDE_FIELDS = (
    RELATIONSHIP_FIELDS | {"side", "other", "archetype_words", "disagreement"} | set(FINDINGS)
)
QUOTE = "quote"
_SCRIPT_FIELDS = RELATIONSHIP_FIELDS | {"subject", "describer"}


@dataclass(frozen=True)
class QuoteSpec:
    """Which of a side's quotes a text may use: whose words, from which questions, which
    stances. The first quote that matches, in the analysis's order (clearest first), is used."""

    source: str  # "side" or "other"
    questions: tuple[str, ...]
    stances: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """When a text applies: the parsed condition, from whose point of view, how important."""

    key: str
    when: Node
    condition: str
    about: str = "side"
    importance: int = 0
    quote: QuoteSpec | None = None


@dataclass(frozen=True)
class PromptContent:
    rule: Rule
    finding: str
    question: str
    plain: str | None = None
    follow_up: str | None = None


@dataclass(frozen=True)
class StepContent:
    rule: Rule
    gap: str
    text: str


@dataclass(frozen=True)
class NoteContent:
    """A line pre-filled into the charter; with a quote but no ``plain`` it is left out when
    the quote may not be shown."""

    rule: Rule
    text: str
    plain: str | None = None


@dataclass(frozen=True)
class SectionContent:
    key: str
    heading: str
    ask: str
    notes: tuple[NoteContent, ...]


@dataclass(frozen=True)
class CharterContent:
    title: str
    intro: str
    sections: Mapping[str, SectionContent]


@dataclass(frozen=True)
class ScriptStepContent:
    title: str
    minutes: int
    text: str


@dataclass(frozen=True)
class QuestionContent:
    rule: Rule
    theme: str
    text: str


@dataclass(frozen=True)
class ScriptContent:
    title: str
    intro: str
    steps: tuple[ScriptStepContent, ...]
    questions: tuple[QuestionContent, ...]
    described: str
    expected: str
    summary: str
    no_words: str
    #: Optional: after a summary whose most common stance is neutral, the most common other
    #: stance ("{share} speak {stance_words}."); the images the quoted answers cast
    #: ("... picture {subject} as {images}."); the feelings they carry ("{feelings}").
    also: str | None = None
    images: str | None = None
    feelings: str | None = None


@dataclass(frozen=True)
class CoachingContent:
    source: str
    language: str
    constructs: Mapping[str, str]
    archetypes: Mapping[str, str]
    stances: Mapping[str, str]
    themes: Mapping[str, str]
    messages: Mapping[str, str]
    prompts: tuple[PromptContent, ...]
    next_steps: tuple[StepContent, ...]
    charter: CharterContent
    script: ScriptContent


def _names(value: Any, where: str, field: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise CoachingContentError(f"{where}: quote '{field}' must be a text or a list of texts.")
    for item in items:
        if item not in choices:
            raise CoachingContentError(
                f"{where}: quote {field} {item!r} is not known{hint(item, choices)}; "
                f"choose from {', '.join(choices)}."
            )
    return tuple(items)


def _quote_spec(raw: Any, where: str) -> QuoteSpec:
    table = Table(raw, f"{where}: quote", ("from", "question", "stance"))
    return QuoteSpec(
        source=table.choice("from", ("side", "other"), "side"),
        questions=_names(
            table.raw.get("question", list(OPEN_QUESTION_IDS)), where, "question", OPEN_QUESTION_IDS
        ),
        stances=_names(table.raw.get("stance", list(WORD_STANCES)), where, "stance", STANCES),
    )


def _rule(
    table: Table,
    key: str,
    *,
    importance: bool,
    default_when: str | None = None,
    default_about: str = "side",
) -> Rule:
    where = table.where
    condition = table.raw.get("when", default_when)
    if not isinstance(condition, str):
        condition = table.text("when")  # says that it is missing or not a text
    return Rule(
        key=key,
        when=check_condition(condition, where),
        condition=" ".join(condition.split()),
        about=table.choice("about", ABOUT, default_about),
        importance=table.integer("importance", MIN_IMPORTANCE, MAX_IMPORTANCE) if importance else 0,
        quote=_quote_spec(table.raw["quote"], where) if table.has("quote") else None,
    )


def _quoting_text(table: Table, field: str, rule: Rule, *, plain_required: bool) -> None:
    """Check a text that may quote: {quote} needs a quote spec, and then usually a plain
    version for when the quote may not be shown."""
    where = table.where
    uses_quote = QUOTE in check_template(
        table.text(field), f"{where}: {field}", SIDE_FIELDS | {QUOTE}
    )
    if uses_quote and rule.quote is None:
        raise CoachingContentError(
            f"{where}: '{field}' uses {{quote}} but no 'quote' says whose words to quote."
        )
    if rule.quote is not None and not uses_quote:
        raise CoachingContentError(f"{where}: it has a 'quote' but '{field}' never uses {{quote}}.")
    if uses_quote and plain_required and not table.has("plain"):
        raise CoachingContentError(
            f"{where}: '{field}' quotes the parties, so it needs a 'plain' version without "
            "{quote} for groups too small to be quoted."
        )
    if table.has("plain"):
        check_template(table.text("plain"), f"{where}: plain", SIDE_FIELDS)


_RULE_FIELDS = ("key", "when", "about", "importance", "quote")


def _key(table: Table, seen: set[str], kind: str) -> str:
    key = table.text("key")
    if not key.replace("_", "").isalnum():
        raise CoachingContentError(f"{table.where}: a key is letters, digits and '_', not {key!r}.")
    if key in seen:
        raise CoachingContentError(f"{table.where}: the {kind} key '{key}' is used twice.")
    seen.add(key)
    return key


def _prompt(raw: Any, index: int, source: str, seen: set[str]) -> PromptContent:
    table = Table(
        raw,
        f"{source}: prompt {index + 1}",
        (*_RULE_FIELDS, "finding", "question", "plain", "follow_up"),
    )
    key = _key(table, seen, "prompt")
    table.where = f"{source}: prompt '{key}'"
    rule = _rule(table, key, importance=True)
    check_template(table.text("finding"), f"{table.where}: finding", SIDE_FIELDS)
    _quoting_text(table, "question", rule, plain_required=True)
    follow_up = table.optional_text("follow_up")
    if follow_up is not None:
        check_template(follow_up, f"{table.where}: follow_up", SIDE_FIELDS)
    return PromptContent(
        rule=rule,
        finding=table.text("finding"),
        question=table.text("question"),
        plain=table.optional_text("plain"),
        follow_up=follow_up,
    )


def _step(raw: Any, index: int, source: str, seen: set[str]) -> StepContent:
    table = Table(raw, f"{source}: next step {index + 1}", (*_RULE_FIELDS, "gap", "text"))
    key = _key(table, seen, "next step")
    table.where = f"{source}: next step '{key}'"
    rule = _rule(table, key, importance=True)
    if rule.quote is not None:
        raise CoachingContentError(f"{table.where}: next steps do not quote; remove 'quote'.")
    check_template(table.text("text"), f"{table.where}: text", SIDE_FIELDS)
    return StepContent(rule=rule, gap=table.choice("gap", GAPS), text=table.text("text"))


def _section(raw: Any, key: str, source: str) -> SectionContent:
    where = f"{source}: charter section '{key}'"
    table = Table(raw, where, ("heading", "ask", "note"))
    fields = SIDE_FIELDS if key in SIDE_SECTIONS else RELATIONSHIP_FIELDS
    for field in ("heading", "ask"):
        check_template(table.text(field), f"{where}: {field}", fields)
    notes = []
    for index, note_raw in enumerate(table.tables("note")):
        note = Table(
            note_raw, f"{where}: note {index + 1}", ("when", "about", "quote", "text", "plain")
        )
        rule = _rule(note, f"{key}.{index + 1}", importance=False)
        if key in SIDE_SECTIONS and rule.about != "side":
            raise CoachingContentError(
                f"{note.where}: a note about one side's {key} is about='side'."
            )
        _quoting_text(note, "text", rule, plain_required=False)
        notes.append(NoteContent(rule, note.text("text"), note.optional_text("plain")))
    return SectionContent(key, table.text("heading"), table.text("ask"), tuple(notes))


def _charter(raw: Any, source: str) -> CharterContent:
    sections = (*RELATIONSHIP_SECTIONS[:1], *SIDE_SECTIONS, *RELATIONSHIP_SECTIONS[1:])
    table = Table(raw, f"{source}: [charter]", ("title", "intro", *sections))
    for field in ("title", "intro"):
        check_template(table.text(field), f"{source}: charter {field}", RELATIONSHIP_FIELDS)
    for key in sections:
        if not table.has(key):
            raise CoachingContentError(f"{source}: the charter section [charter.{key}] is missing.")
    return CharterContent(
        title=table.text("title"),
        intro=table.text("intro"),
        sections={key: _section(table.raw[key], key, source) for key in sections},
    )


def _script(raw: Any, source: str) -> ScriptContent:
    where = f"{source}: [personification]"
    labels = ("described", "expected", "summary", "no_words")
    extras = {
        "also": {"share", "stance_words"},
        "images": _SCRIPT_FIELDS | {"images"},
        "feelings": _SCRIPT_FIELDS | {"feelings"},
    }
    table = Table(raw, where, ("title", "intro", "step", "question", *labels, *extras))
    for field in ("title", "intro"):
        check_template(table.text(field), f"{where} {field}", RELATIONSHIP_FIELDS)
    for field in ("described", "expected"):
        check_template(table.text(field), f"{where} {field}", _SCRIPT_FIELDS)
    check_template(table.text("no_words"), f"{where} no_words", {"writer"})
    check_template(table.text("summary"), f"{where} summary", {"share", "stance_words"})
    for field, allowed in extras.items():
        if table.has(field):
            check_template(table.text(field), f"{where} {field}", allowed)
    steps = []
    for index, step_raw in enumerate(table.tables("step")):
        step = Table(step_raw, f"{where} step {index + 1}", ("title", "minutes", "text"))
        for field in ("title", "text"):
            check_template(step.text(field), f"{step.where}: {field}", RELATIONSHIP_FIELDS)
        steps.append(
            ScriptStepContent(
                step.text("title"), step.integer("minutes", 1, 240), step.text("text")
            )
        )
    if not steps:
        raise CoachingContentError(
            f"{where}: the script needs at least one [[personification.step]]."
        )
    questions = []
    for index, question_raw in enumerate(table.tables("question")):
        question = Table(
            question_raw, f"{where} question {index + 1}", ("when", "about", "theme", "text")
        )
        rule = _rule(
            question,
            f"question.{index + 1}",
            importance=False,
            default_when="true",
            default_about="relationship",
        )
        check_template(question.text("text"), f"{question.where}: text", SIDE_FIELDS)
        questions.append(
            QuestionContent(rule, question.choice("theme", THEMES), question.text("text"))
        )
    return ScriptContent(
        title=table.text("title"),
        intro=table.text("intro"),
        steps=tuple(steps),
        questions=tuple(questions),
        described=table.text("described"),
        expected=table.text("expected"),
        summary=table.text("summary"),
        no_words=table.text("no_words"),
        also=table.optional_text("also"),
        images=table.optional_text("images"),
        feelings=table.optional_text("feelings"),
    )


def parse_content(data: Mapping[str, Any], source: str = "coaching content") -> CoachingContent:
    """Build and check a :class:`CoachingContent` from a parsed TOML mapping."""
    table = Table(
        data,
        source,
        (
            "format",
            "language",
            "words",
            "messages",
            "prompt",
            "next_step",
            "charter",
            "personification",
        ),
    )
    if table.raw.get("format") != FORMAT:
        raise CoachingContentError(f"{source}: 'format' must be {FORMAT} (this version of Parity).")
    words = Table(
        table.raw.get("words", {}),
        f"{source}: [words]",
        ("constructs", "archetypes", "stances", "themes"),
    )
    messages = word_table(table.raw.get("messages"), f"{source}: [messages]", MESSAGES)
    check_template(
        messages["withheld"], f"{source}: [messages] withheld", {"party", "text_threshold"}
    )
    check_template(messages["not_ready"], f"{source}: [messages] not_ready", RELATIONSHIP_FIELDS)
    check_template(
        messages["not_ready_step"], f"{source}: [messages] not_ready_step", {"side", "other"}
    )
    seen: set[str] = set()
    prompts = tuple(_prompt(raw, i, source, seen) for i, raw in enumerate(table.tables("prompt")))
    seen = set()
    steps = tuple(_step(raw, i, source, seen) for i, raw in enumerate(table.tables("next_step")))
    for name in ("charter", "personification"):
        if not table.has(name):
            raise CoachingContentError(f"{source}: the [{name}] table is missing.")
    return CoachingContent(
        source=source,
        language=table.text("language", "en"),
        constructs=_construct_words(words.raw.get("constructs"), source),
        archetypes=word_table(
            words.raw.get("archetypes"),
            f"{source}: [words.archetypes]",
            (*ARCHETYPES, INSUFFICIENT),
        ),
        stances=word_table(words.raw.get("stances"), f"{source}: [words.stances]", STANCES),
        themes=word_table(words.raw.get("themes"), f"{source}: [words.themes]", THEMES),
        messages=messages,
        prompts=prompts,
        next_steps=steps,
        charter=_charter(table.raw["charter"], source),
        script=_script(table.raw["personification"], source),
    )


def _construct_words(raw: Any, source: str) -> Mapping[str, str]:
    """The constructs' words of a content file: the instrument's own ``short`` words unless
    the file gives its own (a translation) under ``[words.constructs]``, for every construct."""
    if raw is None:
        return {code: c.short for code, c in default_instrument().constructs.items()}
    return word_table(raw, f"{source}: [words.constructs]", CORE_CONSTRUCTS)


def parse_content_toml(text: str, source: str = "coaching content") -> CoachingContent:
    """Read a content file's text (the caller opens the file: the core does no I/O)."""
    return parse_content(parse_toml(text, source), source)


#: The shipped content file in Parity's own language; a translation is ``prompts.<language>.toml``.
SOURCE_FILE = "prompts.toml"


def shipped_file(language: str) -> str:
    """The name of the content file Parity ships for ``language``: its translation where there
    is one, else the English file (a coach is never left without words)."""
    translated = f"prompts.{language}.toml"
    if language != SOURCE_LANGUAGE and _package_file(translated).is_file():
        return translated
    return SOURCE_FILE


def _package_file(name: str) -> Traversable:
    return resources.files("parity.core.coaching").joinpath(name)


def default_text(language: str | None = None) -> str:
    """The text of the content file shipped with Parity in ``language`` (the current language
    unless given; British English where there is no translation)."""
    return _package_file(shipped_file(language or current_language())).read_text("utf-8")


def default_content() -> CoachingContent:
    """The shipped content in the current language, so coaching built for a German report or
    page is German; checked once per language."""
    return shipped_content(current_language())


@cache
def shipped_content(language: str) -> CoachingContent:
    """The shipped content file for ``language``, parsed and checked (English if Parity has no
    translation of it)."""
    name = shipped_file(language)
    return parse_content_toml(_package_file(name).read_text("utf-8"), name)
