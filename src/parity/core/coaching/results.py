"""What coaching returns: frozen results a page, a PDF or a notebook can show as they are."""

from __future__ import annotations

from dataclasses import dataclass

from parity.core.language.portraits import note


@dataclass(frozen=True)
class Prompt:
    """A question for the coach to ask, tied to the finding that triggered it.

    ``side`` is the party the finding is about (``None``: the relationship as a whole);
    ``quote`` is the parties' own words when they may be shown, and ``quote_from`` whose.
    """

    key: str
    importance: int
    side: str | None
    finding: str
    question: str
    follow_up: str | None = None
    quote: str | None = None
    quote_from: str | None = None
    condition: str = ""


@dataclass(frozen=True)
class NextStep:
    """One small, concrete thing to start next week, for one kind of gap."""

    gap: str
    text: str
    side: str | None = None
    key: str = ""


@dataclass(frozen=True)
class CharterSection:
    """A heading, the question the two sides answer together, and the lines Parity pre-fills."""

    key: str
    heading: str
    ask: str
    notes: tuple[str, ...] = ()
    party: str | None = None


@dataclass(frozen=True)
class CharterSide:
    party: str
    stakes: CharterSection
    contributes: CharterSection
    needs: CharterSection


@dataclass(frozen=True)
class Charter:
    """A draft partnering charter, for the two sides to complete together."""

    title: str
    intro: str
    parties: tuple[str, str]
    outcome: CharterSection
    sides: tuple[CharterSide, CharterSide]
    decisions: CharterSection
    leaving: CharterSection


@dataclass(frozen=True)
class PortraitLine:
    """One answer to read out: its words, the image it casts the subject as ("a butler"), the
    writer's words for what the subject is or does, and the feelings it carries."""

    text: str
    image: str | None = None
    traits: tuple[str, ...] = ()
    feelings: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """ "a butler · never volunteers an idea · feels frustrated"; empty if it carries none."""
        return note(self.image, self.traits, self.feelings)


@dataclass(frozen=True)
class Portrait:
    """One party as the other describes it, beside how it expects to be described."""

    subject: str
    describer: str
    described_heading: str
    described: tuple[PortraitLine, ...]
    described_summary: str
    expected_heading: str
    expected: tuple[PortraitLine, ...]
    expected_summary: str


@dataclass(frozen=True)
class ScriptStep:
    title: str
    minutes: int
    text: str


@dataclass(frozen=True)
class FacilitationQuestion:
    theme: str  # attitudes, beliefs or feelings
    text: str
    side: str | None = None


@dataclass(frozen=True)
class PersonificationScript:
    title: str
    intro: str
    portraits: tuple[Portrait, Portrait]
    steps: tuple[ScriptStep, ...]
    questions: tuple[FacilitationQuestion, ...]


@dataclass(frozen=True)
class Coaching:
    """Everything a coach needs for one relationship. When ``ready`` is false (a side below the
    anonymity threshold) there is nothing to coach from yet: only ``notes`` and next steps."""

    parties: tuple[str, str]
    wave: str | None
    label: str | None
    archetype: str
    ready: bool
    text_threshold: int
    prompts: tuple[Prompt, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    charter: Charter | None = None
    personification: PersonificationScript | None = None
    quotes_withheld: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
