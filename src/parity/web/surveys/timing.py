"""How long a respondent took to answer, kept so that it dates nothing.

The respondent screen leaves out speeders (docs/method.md §2a), so the survey needs the time
each respondent took. A moment of opening or of submission on a response would date it: set
against who was reminded when, or against an invitation's day of use, it could say whose answer
it is, and it would put the respondents in order. So no moment is ever stored with an answer:

- When a link first shows a page of the survey, the moment is noted in the respondent's draft,
  which is sealed with the link (:mod:`.drafts`: the database cannot read it) and deleted at
  submission. A draft that already holds answers without that note (a survey begun before the
  time was recorded) gets none, so its time stays unknown rather than too short.
- At submission only the time taken is kept, on the ballot and then the response
  (``seconds``): whole seconds rounded *up* to :data:`SECONDS_STEP`, and at most
  :data:`SECONDS_CEILING`. Rounding up never makes anyone a speeder; coarse steps and a ceiling
  make the number a poor fingerprint ("the one who took 8 minutes 13 seconds").

The time runs from the first page shown to the submission, breaks included: a respondent who
saves and comes back later has taken longer, never less, so the rule only errs towards keeping
someone.
"""

from __future__ import annotations

import math
import time
from typing import Any

#: The draft's note of when the link first showed the survey (seconds since the epoch).
OPENED = "opened"
#: The time taken is kept in steps of this many seconds, rounded up.
SECONDS_STEP = 5
#: Longer than this (an hour) is kept as this: long enough for any survey Parity asks, and no
#: speeder is near it.
SECONDS_CEILING = 60 * 60


def now() -> int:
    """The clock the survey reads: whole seconds since the epoch."""
    return int(time.time())


def opened_at(draft: dict[str, Any]) -> int | None:
    """The moment the draft's survey was first shown, if it was noted."""
    value = draft.get(OPENED)
    return value if type(value) is int and value > 0 else None


def seconds_taken(opened: int | None, submitted: int) -> int | None:
    """The time from ``opened`` to ``submitted`` as it is kept: rounded up to
    :data:`SECONDS_STEP`, at most :data:`SECONDS_CEILING`; ``None`` when not known (no
    opening noted, or a clock that went backwards)."""
    if opened is None or submitted < opened:
        return None
    steps = math.ceil((submitted - opened) / SECONDS_STEP)
    return min(steps * SECONDS_STEP, SECONDS_CEILING)


def kept_seconds(value: object) -> int | None:
    """A stored time taken that is one :func:`seconds_taken` could give, else ``None``."""
    if type(value) is not int or not 0 <= value <= SECONDS_CEILING:
        return None
    return value if value % SECONDS_STEP == 0 else None
