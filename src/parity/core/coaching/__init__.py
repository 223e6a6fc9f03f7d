"""Coaching: from a relationship's findings to what a skilled coach would ask and do next.

``coach(result, text_threshold=7)`` turns one :class:`~parity.core.analysis.RelationshipResult`
into a :class:`Coaching`: prompts in order of importance, each tied to the finding that
triggered it and quoting the parties' own words where their group is large enough; next steps
by kind of gap; a draft partnering charter; and the personification exercise as a workshop
script. The words live in ``prompts.toml`` (see docs/coaching.md), not in the code.
"""

from parity.core.coaching.as_text import render_text
from parity.core.coaching.build import coach, coach_all, may_quote
from parity.core.coaching.checks import CoachingContentError
from parity.core.coaching.content import (
    GAPS,
    CoachingContent,
    default_content,
    default_text,
    parse_content,
    parse_content_toml,
)
from parity.core.coaching.findings import FINDINGS, FindingSpec, side_findings
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
from parity.core.coaching.triggers import TriggerError, evaluate, parse
from parity.core.policy import DEFAULT_TEXT_THRESHOLD

__all__ = [
    "DEFAULT_TEXT_THRESHOLD",
    "FINDINGS",
    "GAPS",
    "Charter",
    "CharterSection",
    "CharterSide",
    "Coaching",
    "CoachingContent",
    "CoachingContentError",
    "FacilitationQuestion",
    "FindingSpec",
    "NextStep",
    "PersonificationScript",
    "Portrait",
    "PortraitLine",
    "Prompt",
    "ScriptStep",
    "TriggerError",
    "coach",
    "coach_all",
    "default_content",
    "default_text",
    "evaluate",
    "may_quote",
    "parse",
    "parse_content",
    "parse_content_toml",
    "render_text",
    "side_findings",
]
