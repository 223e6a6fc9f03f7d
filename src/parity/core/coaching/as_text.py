"""A coaching result as plain text (Markdown), for the terminal, a notebook or a handout.

Every heading comes from the content file, so a translated file gives a translated handout;
the few words written here (a step's minutes) come from the catalog in the same language.
"""

from __future__ import annotations

from parity.core.coaching.content import THEMES, CoachingContent, default_content
from parity.core.coaching.results import Charter, CharterSection, Coaching, PersonificationScript
from parity.core.translation import gettext


def _section(section: CharterSection) -> list[str]:
    lines = [f"### {section.heading}", "", f"_{section.ask}_", ""]
    lines += [f"- {note}" for note in section.notes]
    lines += ["- …", ""]
    return lines


def _charter(charter: Charter) -> list[str]:
    lines = [f"## {charter.title}", "", charter.intro, ""]
    lines += _section(charter.outcome)
    for side in charter.sides:
        for section in (side.stakes, side.contributes, side.needs):
            lines += _section(section)
    lines += _section(charter.decisions)
    lines += _section(charter.leaving)
    return lines


def _script(script: PersonificationScript, content: CoachingContent) -> list[str]:
    lines = [f"## {script.title}", "", script.intro, ""]
    for number, step in enumerate(script.steps, start=1):
        minutes = gettext("{minutes} min").format(minutes=step.minutes)
        lines += [f"{number}. **{step.title}** ({minutes}). {step.text}"]
    lines.append("")
    for portrait in script.portraits:
        for heading, quotes, summary in (
            (portrait.described_heading, portrait.described, portrait.described_summary),
            (portrait.expected_heading, portrait.expected, portrait.expected_summary),
        ):
            lines += [f"### {heading}", "", summary, ""]
            for line in quotes:
                lines += [f"> {line.text}", *([">", f"> *{line.note}*"] if line.note else []), ""]
    for theme in THEMES:
        questions = [q.text for q in script.questions if q.theme == theme]
        if questions:
            lines += [f"### {content.themes[theme]}", ""]
            lines += [f"- {q}" for q in questions]
            lines.append("")
    return lines


def render_text(coaching: Coaching, content: CoachingContent | None = None) -> str:
    """The whole coaching pack of one relationship as Markdown."""
    content = content or default_content()
    a, b = coaching.parties
    lines = [f"# {a} – {b}", ""]
    lines += [*coaching.notes, ""] if coaching.notes else []
    if coaching.prompts:
        lines += [f"## {content.messages['prompts']}", ""]
        for number, prompt in enumerate(coaching.prompts, start=1):
            lines += [f"{number}. {prompt.question}", f"   _{prompt.finding}_"]
            if prompt.follow_up:
                lines.append(f"   {content.messages['follow_up']}: {prompt.follow_up}")
        lines.append("")
    if coaching.next_steps:
        lines += [f"## {content.messages['next_steps']}", ""]
        lines += [f"- {step.text}" for step in coaching.next_steps]
        lines.append("")
    if coaching.charter is not None:
        lines += _charter(coaching.charter)
    if coaching.personification is not None:
        lines += _script(coaching.personification, content)
    return "\n".join(lines).rstrip() + "\n"
