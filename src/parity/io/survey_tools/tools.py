"""The survey tools Parity reads, and telling from a file's headers which one wrote it."""

from __future__ import annotations

from collections.abc import Sequence

from parity.core.translation import N_, Sentence
from parity.io.errors import InputFileError, Problem
from parity.io.survey_tools import (
    google_forms,
    limesurvey,
    microsoft_forms,
    qualtrics,
    surveymonkey,
)
from parity.io.survey_tools.base import ToolFormat

#: Each tool by the name ``--from`` takes, in the order detection tries them.
TOOLS: dict[str, ToolFormat] = {
    tool.key: tool
    for tool in (
        qualtrics.FORMAT,
        surveymonkey.FORMAT,
        microsoft_forms.FORMAT,
        limesurvey.FORMAT,
        google_forms.FORMAT,
    )
}


def tool_named(key: str) -> ToolFormat:
    if key not in TOOLS:
        unknown = N_("unknown survey tool {key}; use one of {tools}.")
        raise ValueError(Sentence(unknown, key=repr(key), tools=", ".join(TOOLS)))
    return TOOLS[key]


def detect_tool(records: Sequence[Sequence[str]], file: str) -> ToolFormat:
    """The tool whose export ``records`` look like; a problem naming the tools otherwise."""
    for tool in TOOLS.values():
        if tool.detects(records):
            return tool
    first = ", ".join(f'"{c}"' for c in (records[0][:5] if records else []))
    raise InputFileError(
        [
            Problem(
                file,
                1,
                None,
                Sentence(
                    N_(
                        "the headers ({first} …) are not those of a survey tool Parity knows; "
                        "name the tool with --from ({tools}), or give a mapping file."
                    ),
                    first=first,
                    tools=", ".join(TOOLS),
                ),
            )
        ]
    )
