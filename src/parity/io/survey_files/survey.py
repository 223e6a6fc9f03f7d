"""The instrument as a survey tool asks it: its pages in order, each item's wording and the
words of its seven choices, with the other party's name piped in as the tool pipes it.

Both survey files (:mod:`~parity.io.survey_files.qsf`, :mod:`~parity.io.survey_files.lss`) are
built from these pages, so that they ask the same questions in the same order as Parity's own
web survey: the items of each ``[[pages]]`` entry (construct by construct, in the file's order),
then the open questions on a page of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from parity.core.instrument import Instrument, Item, OpenQuestion
from parity.core.schema import ABOUT, PARTY

#: The title of the page of open questions (as in Parity's web survey).
OPEN_PAGE_TITLE = "In your own words"

#: The fields that say who answers about whom; the tool fills them from the survey link.
LINK_FIELDS: tuple[str, ...] = (PARTY, ABOUT)

#: What a respondent reads for the other party when the link gives no name.
INTRO = (
    "Please answer about working with {other}. There are no right or wrong answers; "
    "answer as things are, not as they should be."
)


@dataclass(frozen=True)
class SurveyPage:
    """One page of the survey: its title, its items, then its open questions."""

    title: str
    items: tuple[Item, ...] = ()
    questions: tuple[OpenQuestion, ...] = ()


def survey_pages(instrument: Instrument) -> tuple[SurveyPage, ...]:
    """The instrument's pages of items in its own order, then the page of open questions."""
    pages = [
        SurveyPage(page.title, tuple(i for c in page.constructs for i in instrument.items_of(c)))
        for page in instrument.pages
    ]
    asked = {item.id for page in pages for item in page.items}
    rest = tuple(item for item in instrument.items if item.id not in asked)
    if rest or not pages:
        pages.append(SurveyPage("More about working together", rest))
    pages = [page for page in pages if page.items]
    if instrument.open_questions:
        pages.append(SurveyPage(OPEN_PAGE_TITLE, questions=instrument.open_questions))
    return tuple(pages)


def scale_codes(instrument: Instrument) -> tuple[int, ...]:
    """The points of the scale, the codes a tool stores and exports."""
    return tuple(range(instrument.scale_min, instrument.scale_max + 1))


def choice_labels(item: Item, instrument: Instrument, other: str) -> tuple[str, ...]:
    """The words of each point of ``item``'s scale, ``other`` standing for the other party.

    An agreement item has the instrument's labels; a comparison item has its two ends at the
    ends, its middle in the middle (when the scale has one) and the number at the other points,
    which `parity import` reads back either way.
    """
    codes = scale_codes(instrument)
    if not item.compares:
        if len(instrument.scale_labels) == len(codes):
            return tuple(instrument.scale_labels)
        return tuple(str(code) for code in codes)
    first, last = item.anchor_wording(other)
    words = {codes[0]: first, codes[-1]: last}
    if len(codes) % 2 == 1:
        words[codes[len(codes) // 2]] = item.middle.replace("{other}", other)
    return tuple(words.get(code, str(code)) for code in codes)


def survey_title(instrument: Instrument) -> str:
    return f"{instrument.title} ({instrument.id} v{instrument.version})"
