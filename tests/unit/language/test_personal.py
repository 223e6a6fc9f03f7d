"""Words that name someone, and the ordinary words that must not be taken for a name.

A quote held back by mistake costs a little of what a side said; a name quoted in front of both
sides costs a person's trust. So the cases are, in turn: what must be caught (names, titles,
sign-offs, e-mail addresses, phone numbers, extensions), what is out of reach (lower-case
names, a lone surname) and stays documented here, what must pass (party names, job titles,
days, products, dates, money), every text of the stance corpus and of the demo organization,
and properties over arbitrary text.
"""

from __future__ import annotations

import re
import string
import tomllib
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.support.corpus import CORPUS_DIR, stance_corpus

from parity.core.language.personal import EMAIL, NAME, PHONE, REASONS, names_someone
from parity.demo import DemoDataset
from parity.training import read_corpus

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT_COLUMNS = ("purpose", "persona", "mirror", "comment")
#: The one corpus statement that names a person; every other must pass.
CORPUS_NAMES = {"The bank's relationship manager is called Priya. Beyond that, no image at all."}


@pytest.mark.parametrize(
    "text",
    [
        "I am Jane Doe, the only controller in Finance",
        "Ask Tom O'Brien",
        "Ask Tom O’Brien, he is the only one who answers.",
        "Dr Patel decides everything",
        "Everything waits for Mrs. Adeyemi's signature.",
        "Only Professor Alvarez backs us.",
        "Priya decides everything, the rest of them nod.",
        "Since Aurelio Bianchetti took over it's been a mess.",
        "Siobhan Kowalczyk in Payroll is the only one who replies.",
        "The regional VP, Bartosz Wiśniewski, decides.",
        "Our director (Claire) overrides every decision.",
        "We love working with Nadia's team.",
        "Jane Hall signs everything off.",
        "Ask Will Turner, not the team.",
        "Ask Tom O'Brien About The Plan",
        "my name is Gareth and I'm the only buyer",
        "Call me Ishmael.",
    ],
)
def test_a_persons_name_is_found(text: str) -> None:
    assert names_someone(text) == NAME


@pytest.mark.parametrize(
    "text",
    [
        "Signed, Jane",
        "signed by Tom",
        "Signed: Hamish",
        "Kind regards, Margaret Hughes",
        "Regards Eoin",
        "Sincerely, Kowalczyk",
        "That's all from us. Thanks, Helen",
        "cheers, Stuart",
        "Best wishes, Oluwaseun",
        "We did our part. — Tom D.",
        "It works. -- Rhiannon",
    ],
)
def test_a_name_that_signs_the_answer_is_found(text: str) -> None:
    assert names_someone(text) == NAME


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("mail jane.doe@corp.example", EMAIL),
        ("You can reach me at J.Smith+survey@acme.co.uk.", EMAIL),
        ("write to jane@corp", EMAIL),
        ("jane [at] corp [dot] example", EMAIL),
        ("jane (at) corp.example", EMAIL),
        ("+44 20 7946 0018", PHONE),
        ("(020) 7946-0018 any weekday", PHONE),
        ("My number is 0161 496 0734.", PHONE),
        ("07946001800", PHONE),
        ("Reach me on +353 1 555 0142 if you want to talk.", PHONE),
        ("555-0199 is the desk", PHONE),
        ("call me on 4412", PHONE),
        ("Ring 2231 and ask.", PHONE),
        # An extension rings one desk: in a side of seven it names its owner.
        ("ext. 4412 is fine", PHONE),
        ("Ext 2231, if anyone cares.", PHONE),
        ("my extension is 4412", PHONE),
        ("Ping @mkowalski on Slack.", NAME),
    ],
)
def test_contact_details_are_found(text: str, reason: str) -> None:
    assert names_someone(text) == reason


def test_an_address_or_number_is_reported_before_a_name() -> None:
    assert names_someone("Jane Doe, jane.doe@corp.example, +44 20 7946 0018") == EMAIL
    assert names_someone("Jane Doe on +44 20 7946 0018") == PHONE


@pytest.mark.parametrize(
    "text",
    [
        # Lower case: without capitals a name is just another word. Out of reach, on purpose:
        # the facilitator can still hide such a quote by hand.
        "ask tom o'brien",
        "dr patel decides everything",
        "priya decides everything",
        "i am jane doe, the only controller in finance",
        # So is shouting, and a lone surname or an unlisted given name on its own.
        "ASK TOM O'BRIEN",
        "O'Brien and Kowalczyk decide",
        "Aurelio in Treasury is great.",
        # Names spelt out or as a bare run of digits with no separator.
        "jane dot doe at corp dot example",
        "Ticket 1234567 is still open",
    ],
)
def test_what_is_out_of_reach(text: str) -> None:
    assert names_someone(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Shared Services never listens",
        "The Business decides and we deliver.",
        "Internal Audit and Group Risk keep a single assurance map.",
        "To serve the Business.",
        'They said, "Nimbus never listens"',
        "Every Monday and Friday in March they change the plan.",
        "Cheers to the warehouse lot for Black Friday.",
        "Moved 20% of call volume from the Manila site to Cape Town.",
        "The Chief Financial Officer decides; the Head of Procurement signs.",
        "I am Head of Finance, and I'm English.",
        "Thanks, Facilities, your quote's noted.",
        "Regards to Finance.",
        "We moved from Salesforce to Microsoft Dynamics and nothing syncs with Google Sheets.",
        "Project Atlas was supposed to fix this; the Quarterly Business Review is a slide show.",
        "Under the Master Services Agreement they can switch us off.",
        "They quote the Housing Act and the Groceries Code Adjudicator at us.",
        "To keep our certifications: ISO 27001, Cyber Essentials Plus, SOC 2.",
        "Open Banking and the Cloud Migration are our problem, apparently.",
        "Our Purpose Is To Serve The Business",
        "Will Finance ever agree?",
        "Mark the Year 11 mocks before half-term.",
        "Dear Sir, we are fine.",
        "@here please stop.",
    ],
)
def test_ordinary_capitalised_words_are_not_names(text: str) -> None:
    assert names_someone(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "In 2019-2020 costs rose, and again in 2021 2022 2023.",
        "Budget went from £1 200 000 to £1 500 000.",
        "We have 1 000 000 customers.",
        "On 12.03.2024 they cancelled, and again on 2024-04-01.",
        "Open 09.00-17.00 on weekdays.",
        "Version 3.14159265 broke everything.",
        "Call Finance on Monday, text 2024 plan, 24/7 support.",
        "A 3-month extension, then an extension to 2025.",
    ],
)
def test_numbers_that_are_not_phone_numbers(text: str) -> None:
    assert names_someone(text) is None


def test_a_known_party_is_not_a_person() -> None:
    text = "Copper Kite would say we never listen."
    assert names_someone(text) == NAME
    assert names_someone(text, frozenset({"Copper Kite"})) is None
    assert names_someone(text, ["copper kite"]) is None
    assert names_someone("Ask Tom O'Brien", ["Copper Kite"]) == NAME


def test_a_single_party_name_is_taken_as_a_name_not_as_letters() -> None:
    assert names_someone("Copper Kite decides", "Copper Kite") is None


# ---------------------------------------------------------------- the product's own words


def test_no_statement_of_the_stance_corpus_is_flagged_but_the_one_naming_a_person() -> None:
    """The corpus is written for Parity and names one person ("called Priya"). Measured with
    no known names, so the party names in it must pass on their own."""
    texts = [*stance_corpus()["text"], *read_corpus(CORPUS_DIR / "fresh")["text"]]
    flagged = {text for text in texts if names_someone(text)}
    assert len(texts) > 2500
    assert flagged == CORPUS_NAMES


def test_no_answer_of_the_demo_organization_is_flagged(demo_data: DemoDataset) -> None:
    data = demo_data
    answers = {str(t) for c in TEXT_COLUMNS for t in data.responses[c].dropna() if str(t).strip()}
    parties = list(data.parties["name"])
    assert len(answers) > 300
    assert [text for text in answers if names_someone(text, parties)] == []
    assert [text for text in answers if names_someone(text)] == []


@pytest.mark.parametrize(
    "person", ["Tom O'Brien", "Aurelio Bianchetti", "Dr Patel", "Siobhan", "Mrs Adeyemi"]
)
def test_a_person_put_in_place_of_a_party_is_found_in_every_corpus_statement(person: str) -> None:
    """Each corpus statement that names the other party, with a person in its place: "Tom
    O'Brien decides and we deliver". Every one must be held back, at the start of a sentence
    as in its middle."""
    pairs = stance_corpus()[["about", "text"]].itertuples(index=False)
    texts = [
        re.sub(rf"\b{re.escape(about)}\b", person, text)
        for about, text in pairs
        if about and re.search(rf"\b{re.escape(about)}\b", text)
    ]
    missed = [text for text in texts if names_someone(text) != NAME]
    assert len(texts) > 1000
    assert missed == []


# ---------------------------------------------------------------- the lexicon


def _lexicon_words() -> dict[str, set[str]]:
    source = resources.files("parity.core.language").joinpath("lexicon/names.toml")
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    return {
        table: {word.casefold() for group in data[table].values() for word in group.split()}
        for table in ("given", "function", "ordinary", "things")
    }


def test_no_given_name_is_also_an_ordinary_word() -> None:
    words = _lexicon_words()
    assert len(words["given"]) > 400
    for table in ("function", "ordinary", "things"):
        assert words["given"] & words[table] == set(), table


def test_the_lexicon_is_capitalised_words() -> None:
    for table, words in _lexicon_words().items():
        assert all(word.isalpha() or "-" in word for word in words), table


# ---------------------------------------------------------------- properties

#: Text with no "@" and only characters whose case maps stay in Latin-1 or become capitals.
LATIN = st.text(alphabet=st.characters(codec="latin-1", exclude_characters="@"), max_size=200)
#: Surroundings that cannot touch a contact detail: letters, spaces and sentence marks.
AROUND = st.text(alphabet=string.ascii_letters + " .,;:!?'\"()\n", max_size=60)
CONTACTS = {
    "jane.doe@corp.example": EMAIL,
    "J.Smith+survey@acme.co.uk": EMAIL,
    "+44 20 7946 0018": PHONE,
    "(020) 7946-0018": PHONE,
    "ext. 4412": PHONE,
}


def contact(text: str) -> str | None:
    reason = names_someone(text)
    return reason if reason in (EMAIL, PHONE) else None


@FAST
@given(st.text(max_size=400), st.lists(st.text(max_size=30), max_size=4))
def test_never_raises_and_gives_a_known_reason(text: str, known: list[str]) -> None:
    assert names_someone(text, known) in (*REASONS, None)


@FAST
@given(LATIN)
def test_names_in_lower_case_or_in_capitals_are_out_of_reach(text: str) -> None:
    assert names_someone(text.lower()) != NAME
    assert names_someone(text.upper()) != NAME


@FAST
@given(LATIN)
def test_contact_details_do_not_depend_on_case(text: str) -> None:
    assert contact(text) == contact(text.lower()) == contact(text.upper())


@FAST
@given(AROUND, st.sampled_from(sorted(CONTACTS)), AROUND)
def test_a_contact_detail_is_found_whatever_surrounds_it(
    before: str, found: str, after: str
) -> None:
    text = f"{before} {found} {after}"
    assert names_someone(text) == CONTACTS[found]
    assert names_someone(text.upper()) == CONTACTS[found]
    assert names_someone(text.lower()) == CONTACTS[found]


@FAST
@given(st.text(max_size=200), st.lists(st.text(max_size=30), max_size=4))
def test_known_names_only_ever_withdraw_a_name(text: str, known: list[str]) -> None:
    assert names_someone(text, known) in (names_someone(text), None)


@FAST
@given(st.from_regex(r"[A-Z][a-z]{2,10}( [A-Z][a-z]{2,10}){0,3}", fullmatch=True))
def test_a_known_party_is_never_a_person(party: str) -> None:
    assert names_someone(f"We work with {party} every day. {party} would agree.", [party]) is None
