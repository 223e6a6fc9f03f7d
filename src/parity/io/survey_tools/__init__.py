"""Answers from the survey tools organizations already use, as Parity's responses file.

Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms and LimeSurvey each export answers in
their own layout (:mod:`~parity.io.survey_tools.tools`, one module per tool). An export is read
into columns with all their header texts (:mod:`~parity.io.survey_tools.export`), its columns
are mapped to Parity's (:mod:`~parity.io.survey_tools.mapping`), its answers read as numbers or
scale labels (:mod:`~parity.io.survey_tools.answers`), and the result checked as a responses
file would be (:mod:`~parity.io.survey_tools.convert`). `parity import` is the command;
docs/file-formats.md says what each tool's file must hold and where each layout comes from.
"""

from __future__ import annotations

from parity.io.survey_tools.convert import Imported, import_answers, read_export, write_csv
from parity.io.survey_tools.mapping import mapping_toml
from parity.io.survey_tools.tools import TOOLS

__all__ = ["TOOLS", "Imported", "import_answers", "mapping_toml", "read_export", "write_csv"]
