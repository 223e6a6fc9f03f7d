"""What the people of the journeys do in the browser: a facilitator signs in, a respondent
answers the whole survey. The answers read as a true partnership (the results tests' ``PARTNER``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal

from playwright.sync_api import Page, expect
from tests.integration.web.insights_builders import PARTNER
from tests.support.builders import ITEM_PAIRS, varied

from parity.core.instrument import shipped_instrument

PAGES = 5
WORDS = "We own the outcome jointly with {other}, as equals, and decide together."
THANKS = "Thank you: your answers are in"
#: A partner's answers to TPI-2 (a new organization's first round asks it): agree (6) with what
#: builds a partnership, disagree (2) with its reverse-keyed statements and with alternatives,
#: deference, direction and the transactional; "about the same" (4) on every comparison.
#: TPI-1's items that TPI-2 keeps are answered as in ``PARTNER``.
_AGAINST = {"ALT", "DEF", "DIR", "TRX"}
TPI2_PARTNER: dict[str, int] = {
    item.id.lower(): 4
    if item.compares
    else (6 if (item.construct in _AGAINST) == item.reverse else 2)
    for item in shipped_instrument("TPI-2").items
}
#: Three members' answers, each a true partnership (``PARTNER``'s construct scores) in its own
#: item answers, to either instrument: the respondent screen (docs/method.md §2a) leaves out a
#: copy of an earlier one.
PARTNERS: list[dict[str, int]] = [
    {**TPI2_PARTNER, **{k: int(v) for k, v in row.items() if v is not None}}
    for row in varied(PARTNER, 3, [(a.lower(), b.lower()) for a, b in ITEM_PAIRS])
]


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My organizations")).to_be_visible()


def fits_the_screen(page: Page, what: str) -> None:
    """Nothing sticks out sideways: a phone user never scrolls left and right to answer."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{what} is {overflow}px wider than the screen ({page.url})"


def expect_survey_page(page: Page, number: int) -> None:
    expect(page.locator(".progress label")).to_have_text(f"Page {number} of {PAGES}")


#: How a respondent chooses: clicking the scale points, tapping them (a touch screen), or by
#: script, one call per page (for respondents who only need to have answered: the page, its
#: form and its submission are the same, and the journey stays short).
Choosing = Literal["click", "tap", "script"]

_CHOOSE_BY_SCRIPT = """answers => {
    for (const fieldset of document.querySelectorAll("fieldset.item")) {
        const name = fieldset.id.replace(/^q-/, "");
        document.getElementById(`${name}-${answers[name]}`).checked = true;
    }
}"""


def choose_answers(page: Page, answers: Mapping[str, int], how: Choosing = "click") -> int:
    """Choose this page's answers (see :data:`Choosing`); returns how many."""
    items = page.locator("fieldset.item")
    names = [str(fieldset.get_attribute("id")).removeprefix("q-") for fieldset in items.all()]
    if how == "script":
        page.evaluate(_CHOOSE_BY_SCRIPT, dict(answers))
    else:
        for name in names:
            point = page.locator(f"label[for='{name}-{answers[name]}']")
            point.tap() if how == "tap" else point.click()
    expect(page.locator("fieldset.item:not(:has(input:checked))")).to_have_count(0)
    return len(names)


def answer_survey(
    page: Page,
    link: str,
    other: str,
    *,
    answers: Mapping[str, int] = PARTNERS[0],
    how: Choosing = "click",
    check: Callable[[Page, str], None] | None = None,
) -> None:
    """Open ``link``, answer every page about ``other``, submit, and see the thank-you page.

    ``check`` (for instance the accessibility check) runs on every page of the survey and on
    the thank-you page.
    """
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Working with {other}")
    answered = 0
    for number in range(1, PAGES + 1):
        expect_survey_page(page, number)
        if check:
            check(page, f"survey page {number}")
        answered += choose_answers(page, answers, how)
        if number < PAGES:
            page.get_by_role("button", name="Next page").click()
    page.locator("textarea[name=purpose]").fill(WORDS.format(other=other))
    expect(
        page.get_by_text(re.compile(f"You answered {answered} of {answered} statements"))
    ).to_be_visible()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(THANKS)
    if check:
        check(page, "the thank-you page")
