"""From one relationship's findings to what a coach brings into the room.

:func:`coach` reads a :class:`~parity.core.analysis.RelationshipResult` from both sides, fires
the rules of the content file (:mod:`parity.core.coaching.content`) and returns frozen results:
prompts in order of importance, next steps by gap, a draft partnering charter and the
personification workshop script. Anonymity is applied here, once: the analysis has already left
out every side below its score threshold, and a side below ``text_threshold`` is never quoted,
in a prompt, a charter note or a portrait.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.coaching.content import (
    RELATIONSHIP_SECTIONS,
    SIDE_SECTIONS,
    THEMES,
    CoachingContent,
    NoteContent,
    QuoteSpec,
    Rule,
    SectionContent,
    default_content,
)
from parity.core.coaching.findings import FINDINGS, side_findings
from parity.core.coaching.results import (
    Charter,
    CharterSection,
    CharterSide,
    Coaching,
    FacilitationQuestion,
    NextStep,
    PersonificationScript,
    Portrait,
    PortraitLine,
    Prompt,
    ScriptStep,
)
from parity.core.coaching.triggers import Value, evaluate
from parity.core.instrument import default_instrument, shipped_instruments
from parity.core.language.portraits import MAX_PORTRAITS, portrait_of
from parity.core.policy import DEFAULT_TEXT_THRESHOLD, quote_shown
from parity.core.translation import gettext
from parity.core.wording import listed

#: How many next steps a relationship gets at a time, the most important first.
MAX_NEXT_STEPS = 3


@dataclass(frozen=True)
class _View:
    """One side's point of view: its findings, the values its texts may use, and whether
    its words may be quoted."""

    side: SideResult
    findings: Mapping[str, Value]
    values: Mapping[str, str]
    quotable: bool

    @property
    def party(self) -> str:
        return self.side.party


def may_quote(side: SideResult, text_threshold: int) -> bool:
    """A side's words may be quoted only when it is shown and has at least ``text_threshold``
    respondents."""
    return side.shown and side.words is not None and quote_shown(side.respondents, text_threshold)


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill the placeholders; a value is inserted as it is, never read as a template again."""
    out = []
    for literal, field, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if field is not None:
            out.append(values[field])
    return "".join(out)


def _missing(value: Value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


@cache
def cited(*templates: str | None) -> frozenset[str]:
    """The findings these texts print."""
    return frozenset(
        field
        for template in templates
        if template
        for _, field, _, _ in string.Formatter().parse(template)
        if field is not None and field in FINDINGS
    )


def _known(findings: Mapping[str, Value], names: frozenset[str]) -> bool:
    """Every finding in ``names`` is there: a text is never shown with a number the data do
    not give (a side that skipped those items, a score below the threshold), as a reason never
    is (:func:`parity.core.reasons.cited`)."""
    return not any(_missing(findings.get(name)) for name in names)


def format_finding(name: str, value: Value) -> str:
    """A finding as a sentence shows it: whole points, percentages for shares, gaps unsigned
    (the sentence says which way)."""
    kind = FINDINGS[name].kind
    if value is None or (isinstance(value, float) and value != value):
        return "?"
    if kind == "text":
        return str(value)
    if kind == "flag":
        return gettext("yes") if value else gettext("no")
    number = abs(float(value)) if kind == "gap" else float(value)
    return percent(number) if kind == "share" else f"{number:.0f}"


def percent(number: float) -> str:
    """A share as a sentence prints it, in whole points ("91%"; German sets a space before
    the sign)."""
    return gettext("{number}%").format(number=f"{number:.0f}")


@cache
def _shipped_construct_words() -> Mapping[str, str]:
    """Every shipped instrument's constructs' ``short`` words (TPI-2's too): for a construct a
    content file has no word for, which the catalog then says in the reader's language."""
    instruments = (default_instrument(), *shipped_instruments().values())
    return {
        code: c.short for instrument in instruments for code, c in instrument.constructs.items()
    }


def construct_words(content: CoachingContent, code: str) -> str:
    """A construct as the coaching names it: the content file's word, else the shipped
    instrument's in the current language, else its code."""
    if code in content.constructs:
        return content.constructs[code]
    return gettext(_shipped_construct_words().get(code, code))


def coach(
    result: RelationshipResult,
    *,
    text_threshold: int = DEFAULT_TEXT_THRESHOLD,
    content: CoachingContent | None = None,
) -> Coaching:
    """Prompts, next steps, a charter and a workshop script for one relationship.

    ``text_threshold`` is the smallest group whose words may be quoted (the organization's
    text threshold); ``content`` is a parsed content file, the shipped one by default.
    """
    if isinstance(text_threshold, bool) or not isinstance(text_threshold, int):
        raise TypeError("text_threshold must be a whole number of respondents.")
    if text_threshold < 1:
        raise ValueError("text_threshold must be at least 1.")
    content = content or default_content()
    a, b = result.parties
    base = {"a": a, "b": b, "label": result.label or ""}
    withheld = tuple(
        side.party
        for side in result.sides
        if side.shown and side.words and side.words.quotes and not may_quote(side, text_threshold)
    )
    head = Coaching(
        parties=result.parties,
        wave=result.wave,
        label=result.label,
        archetype=result.archetype,
        ready=result.archetype != INSUFFICIENT,
        text_threshold=text_threshold,
        quotes_withheld=withheld,
        notes=tuple(
            render(
                content.messages["withheld"], {"party": p, "text_threshold": str(text_threshold)}
            )
            for p in withheld
        ),
    )
    if not head.ready:
        return _not_ready(head, result, content, base)
    views = tuple(_view(result, i, text_threshold, content, base) for i in (0, 1))
    pair = (views[0], views[1])
    return dataclasses.replace(
        head,
        prompts=_prompts(content, pair),
        next_steps=_next_steps(content, pair),
        charter=_charter(content, pair, base),
        personification=_script(content, pair, base),
    )


def coach_all(
    analysis: Analysis,
    *,
    text_threshold: int = DEFAULT_TEXT_THRESHOLD,
    content: CoachingContent | None = None,
) -> tuple[Coaching, ...]:
    """:func:`coach` for every relationship of an analysis, in its order."""
    return tuple(
        coach(r, text_threshold=text_threshold, content=content) for r in analysis.relationships
    )


def _not_ready(
    head: Coaching, result: RelationshipResult, content: CoachingContent, base: Mapping[str, str]
) -> Coaching:
    """Only what can be said without reading a hidden side: who still has to answer."""
    steps = tuple(
        NextStep(
            "answers",
            render(content.messages["not_ready_step"], {"side": side.party, "other": side.about}),
            side.party,
            "not_ready",
        )
        for side in result.sides
        if not side.shown
    )
    return dataclasses.replace(
        head, next_steps=steps, notes=(render(content.messages["not_ready"], base), *head.notes)
    )


def _view(
    result: RelationshipResult,
    index: int,
    text_threshold: int,
    content: CoachingContent,
    base: Mapping[str, str],
) -> _View:
    side, other = result.sides[index], result.sides[1 - index]
    findings = side_findings(result, index)
    values = {name: format_finding(name, value) for name, value in findings.items()}
    values |= base
    values |= {
        "side": side.party,
        "other": other.party,
        "archetype_words": content.archetypes[result.archetype],
        "disagreement": ", ".join(construct_words(content, c) for c in side.low_agreement[:3]),
    }
    return _View(side, findings, values, may_quote(side, text_threshold))


def _fired(
    rule: Rule, views: tuple[_View, _View], texts: tuple[str | None, ...] = ()
) -> Iterator[tuple[_View, _View]]:
    """Each point of view for which the rule holds and every finding its ``texts`` print is
    known; a relationship-wide rule fires once."""
    needed = cited(*texts)
    for index, view in enumerate(views):
        if evaluate(rule.when, view.findings) and _known(view.findings, needed):
            yield view, views[1 - index]
            if rule.about == "relationship":
                return


def _quote(
    spec: QuoteSpec, view: _View, other: _View, used: set[str] | None = None
) -> tuple[str, str] | None:
    """The first of the source side's quotes that fits and is not ``used`` yet, if that side
    may be quoted at all. A coach does not read the same words out twice."""
    source = view if spec.source == "side" else other
    if not source.quotable or source.side.words is None:
        return None
    for quote in source.side.words.quotes:
        text = _tidy(quote.text)
        fits = quote.column in spec.questions and quote.label in spec.stances
        if fits and text not in (used or set()):
            return text, source.party
    return None


def _tidy(text: str) -> str:
    """One line, without the full stop that would sit awkwardly inside quotation marks."""
    text = " ".join(text.split())
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _prompts(content: CoachingContent, views: tuple[_View, _View]) -> tuple[Prompt, ...]:
    out = []
    used: set[str] = set()
    for item in sorted(content.prompts, key=lambda p: -p.rule.importance):
        rule = item.rule
        texts = (item.finding, item.question, item.plain, item.follow_up)
        for view, other in _fired(rule, views, texts):
            quoted = _quote(rule.quote, view, other, used) if rule.quote else None
            values = view.values
            if quoted is not None:
                used.add(quoted[0])
                question = render(item.question, {**values, "quote": quoted[0]})
            else:
                question = render(item.plain or item.question, values)
            out.append(
                Prompt(
                    key=rule.key,
                    importance=rule.importance,
                    side=view.party if rule.about == "side" else None,
                    finding=render(item.finding, values),
                    question=question,
                    follow_up=render(item.follow_up, values) if item.follow_up else None,
                    quote=quoted[0] if quoted else None,
                    quote_from=quoted[1] if quoted else None,
                    condition=rule.condition,
                )
            )
    return tuple(out)


def _next_steps(content: CoachingContent, views: tuple[_View, _View]) -> tuple[NextStep, ...]:
    """The :data:`MAX_NEXT_STEPS` most important steps that fire, at most one per kind of gap:
    a relationship changes by a few steps taken, not by a list of six for next week."""
    fired = [
        (
            item.rule.importance,
            NextStep(item.gap, render(item.text, view.values), side, item.rule.key),
        )
        for item in content.next_steps
        for view, _ in _fired(item.rule, views, (item.text,))
        for side in [view.party if item.rule.about == "side" else None]
    ]
    fired.sort(key=lambda pair: -pair[0])
    out: dict[str, NextStep] = {}
    for _, step in fired:
        out.setdefault(step.gap, step)
    return tuple(out.values())[:MAX_NEXT_STEPS]


def _note(note: NoteContent, view: _View, other: _View) -> str | None:
    if note.rule.quote is None:
        return render(note.text, view.values)
    quoted = _quote(note.rule.quote, view, other)
    if quoted is not None:
        return render(note.text, {**view.values, "quote": quoted[0]})
    return render(note.plain, view.values) if note.plain else None


def _relationship_section(
    section: SectionContent, views: tuple[_View, _View], base: Mapping[str, str]
) -> CharterSection:
    notes = [
        _note(note, view, other)
        for note in section.notes
        for view, other in _fired(note.rule, views, (note.text, note.plain))
    ]
    return CharterSection(
        key=section.key,
        heading=render(section.heading, base),
        ask=render(section.ask, base),
        notes=tuple(n for n in notes if n),
    )


def _side_section(section: SectionContent, view: _View, other: _View) -> CharterSection:
    notes = [
        _note(note, view, other)
        for note in section.notes
        if evaluate(note.rule.when, view.findings)
        and _known(view.findings, cited(note.text, note.plain))
    ]
    return CharterSection(
        key=section.key,
        heading=render(section.heading, view.values),
        ask=render(section.ask, view.values),
        notes=tuple(n for n in notes if n),
        party=view.party,
    )


def _charter(
    content: CoachingContent, views: tuple[_View, _View], base: Mapping[str, str]
) -> Charter:
    sections = content.charter.sections
    whole = {
        key: _relationship_section(sections[key], views, base) for key in RELATIONSHIP_SECTIONS
    }
    sides = tuple(
        CharterSide(
            view.party, *(_side_section(sections[key], view, other) for key in SIDE_SECTIONS)
        )
        for view, other in (views, views[::-1])
    )
    return Charter(
        title=render(content.charter.title, base),
        intro=render(content.charter.intro, base),
        parties=(views[0].party, views[1].party),
        outcome=whole["outcome"],
        sides=(sides[0], sides[1]),
        decisions=whole["decisions"],
        leaving=whole["leaving"],
    )


def _summary(
    content: CoachingContent,
    side: SideResult,
    question: str,
    lines: tuple[PortraitLine, ...],
    names: Mapping[str, str],
) -> str:
    """Which stance most of a side's answers to one question take, and how many of them; when
    that is no stance at all, the most common stance after it too; then the images and the
    feelings of the answers quoted, so the summary says what the telling answers say rather
    than only how many take no side."""
    counts = side.words.by_question.get(question, {}) if side.words else {}
    total = sum(counts.values())
    if not total:
        return render(content.script.no_words, {"writer": side.party})
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] == "neutral", kv[0]))
    parts = [_share_sentence(content.script.summary, content, *ranked[0], total)]
    taking = [(stance, n) for stance, n in ranked[1:] if stance != "neutral" and n]
    if ranked[0][0] == "neutral" and taking and content.script.also:
        parts.append(_share_sentence(content.script.also, content, *taking[0], total))
    images = list(dict.fromkeys(line.image for line in lines if line.image))
    if images and content.script.images:
        parts.append(render(content.script.images, {**names, "images": listed(images)}))
    feelings = list(dict.fromkeys(f for line in lines for f in line.feelings))
    if feelings and content.script.feelings:
        shown = ", ".join(str(feeling) for feeling in feelings)  # each in the reader's language
        parts.append(render(content.script.feelings, {**names, "feelings": shown}))
    return " ".join(parts)


def _share_sentence(
    template: str, content: CoachingContent, stance: str, count: int, total: int
) -> str:
    return render(
        template, {"share": percent(100 * count / total), "stance_words": content.stances[stance]}
    )


def _quotes_of(view: _View, question: str) -> tuple[PortraitLine, ...]:
    """The answers of a side to a portrait question to read out: its portraits (the most
    telling answers, with their images and feelings) or, for words read before portraits
    existed, its quotes on that question, read for their images here."""
    if not view.quotable or view.side.words is None:
        return ()
    words = view.side.words
    found = [p for p in words.portraits if p.column == question]
    if not found:
        found = [portrait_of(q) for q in words.quotes if q.column == question]
    return tuple(
        PortraitLine(" ".join(p.text.split()), p.image, p.traits, p.feelings)
        for p in found[:MAX_PORTRAITS]
    )


def _portrait(content: CoachingContent, subject: _View, describer: _View) -> Portrait:
    names = {**subject.values, "subject": subject.party, "describer": describer.party}
    described = _quotes_of(describer, "persona")
    expected = _quotes_of(subject, "mirror")
    return Portrait(
        subject=subject.party,
        describer=describer.party,
        described_heading=render(content.script.described, names),
        described=described,
        described_summary=_summary(content, describer.side, "persona", described, names),
        expected_heading=render(content.script.expected, names),
        expected=expected,
        expected_summary=_summary(content, subject.side, "mirror", expected, names),
    )


def _script(
    content: CoachingContent, views: tuple[_View, _View], base: Mapping[str, str]
) -> PersonificationScript:
    script = content.script
    questions = [
        FacilitationQuestion(
            item.theme,
            render(item.text, view.values),
            view.party if item.rule.about == "side" else None,
        )
        for item in script.questions
        for view, _ in _fired(item.rule, views, (item.text,))
    ]
    questions.sort(key=lambda q: THEMES.index(q.theme))
    return PersonificationScript(
        title=render(script.title, base),
        intro=render(script.intro, base),
        portraits=(_portrait(content, views[0], views[1]), _portrait(content, views[1], views[0])),
        steps=tuple(
            ScriptStep(render(s.title, base), s.minutes, render(s.text, base)) for s in script.steps
        ),
        questions=tuple(questions),
    )
