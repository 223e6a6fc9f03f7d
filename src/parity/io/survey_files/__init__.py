"""The instrument as a survey file for the survey tools organizations already pay for.

`parity instrument --format qsf` writes a Qualtrics survey file (:mod:`.qsf`) and
``--format lss`` a LimeSurvey survey structure (:mod:`.lss`); both ask the instrument's items on
its own pages, under their item ids, with the other party's name piped in from the survey link,
so that the tool's answer export comes back through `parity import` unchanged.
:mod:`.validation` checks each file's structure.
"""

from __future__ import annotations

from parity.io.survey_files.lss import lss_text
from parity.io.survey_files.qsf import qsf_text
from parity.io.survey_files.validation import validate_lss, validate_qsf

__all__ = ["lss_text", "qsf_text", "validate_lss", "validate_qsf"]
