"""What the reports say: the findings in plain sentences, the prompts, and the quotes that must
or must not appear under the thresholds, in the HTML and in the PDF's text."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Mapping

import pytest
from markupsafe import escape
from tests.unit.reports.conftest import (
    CONTEXT,
    THRESHOLDS,
    Rendered,
    pair,
    render,
)

from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.archetypes import INSUFFICIENT
from parity.core.coaching import coach
from parity.core.disclosure import Thresholds
from parity.reports import (
    ReportSection,
    organization_html,
    organization_report,
    relationship_html,
    relationship_report,
    workshop_html,
    workshop_pack,
)
from parity.reports.charts import DataTable, archetype_chart

Find = Callable[[str, str], RelationshipResult]
IT_FRAGMENT = "do whatever Finance asks"
FINANCE_FRAGMENT = "We tell IT what to build"


def _plain(markup: str) -> str:
    """The HTML's text: tags dropped, entities decoded, white space collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]*>", "", markup)).split())


def _both(rendered: Rendered) -> tuple[str, str]:
    return _plain(rendered.html), rendered.text


def _speaks(side: SideResult) -> tuple[str, str]:
    """A side's most common stance and its share, as the summary writes them."""
    assert side.words is not None
    stance, count = max(side.words.overall.items(), key=lambda kv: (kv[1], kv[0]))
    return stance, f"{count / side.words.statements:.0%} of its {side.words.statements}"


def _interval(result: RelationshipResult) -> str:
    """The index's 95% interval as the report writes it in brackets: "25–35"."""
    interval = result.intervals.partnering_index
    assert interval is not None
    return f"{interval[0]:.0f}–{interval[1]:.0f}"


def test_the_first_page_says_what_the_relationship_is_in_plain_sentences(
    it_sales: Rendered, find: Find
) -> None:
    sales, it = sorted(find("IT", "Sales").sides, key=lambda s: s.party != "Sales")
    assert _speaks(it)[0] == "servant"
    assert _speaks(sales)[0] == "master"
    first_page = it_sales.pages[0]
    for sentence in (
        "IT and Sales call their relationship “business partner” (internal).",
        "The answers of both sides describe a master–servant relationship, with Sales as the "
        "master and IT as the servant. It is a partnership in name only.",
        f"IT says it serves Sales ({_speaks(it)[1]} written answers), and finds it hard to say "
        f"no to Sales (deference {it.scores['DEF']:.0f}/100).",
        f"Sales says it directs IT ({_speaks(sales)[1]} written answers), and sets IT's "
        f"priorities (direction {sales.scores['DIR']:.0f}/100).",
        "Sales holds the power through direction: it sets IT's priorities.",
        "IT believes Sales needs it 38/100, less than Sales says (60).",
        f"Partnering index: 30 ({_interval(find('IT', 'Sales'))}) out of 100",
        "How to read this report",
    ):
        assert sentence in _plain(it_sales.html), sentence
        assert sentence in first_page, sentence


def test_the_relationship_report_has_every_section_and_the_glossary(it_sales: Rendered) -> None:
    for text in _both(it_sales):
        for heading in (
            "In brief",
            "Why Parity says so",
            "How each side sees the other",
            "Power",
            "Do they need each other?",
            "Parity: stake, value, voice and need",
            "In their own words",
            "What to talk about",
            "Glossary",
            "Partner in name only",
            "The numbers behind the chart",
        ):
            assert heading in text, heading
        assert "Power through direction. The master sets the priorities" in text
        assert "It is called 'business partner', but the answers describe a master–servant" in text
        assert "of 1: the share of 200 resamples of each side's respondents" in text


def test_the_report_asks_the_coachs_first_questions(it_sales: Rendered, find: Find) -> None:
    pack = coach(find("IT", "Sales"), text_threshold=THRESHOLDS.text)
    assert len(pack.prompts) >= 3
    html_text, pdf_text = _both(it_sales)
    for prompt in pack.prompts[:3]:
        assert " ".join(prompt.question.split()) in html_text
        assert " ".join(prompt.question.split()) in pdf_text
        assert prompt.finding in html_text
    for step in pack.next_steps:
        assert step.text in html_text


def test_quotes_of_sides_that_meet_the_text_threshold_appear(
    it_sales: Rendered, find: Find
) -> None:
    result = find("IT", "Sales")
    for side in result.sides:
        assert side.respondents >= THRESHOLDS.text
        assert side.words is not None
        assert side.words.quotes
        quote = side.words.quotes[0].text
        assert quote in _plain(it_sales.html)
        assert quote[:40] in it_sales.text


def test_a_side_between_the_thresholds_is_shown_but_never_quoted(
    between: Mapping[str, Rendered],
) -> None:
    for rendered in between.values():
        for text in _both(rendered):
            assert IT_FRAGMENT not in text  # IT: 6, under the text threshold of 7
    for text in _both(between["report"]):
        assert FINANCE_FRAGMENT in text  # Finance: 8 respondents, quotable
    # With 8 on both sides the same pack quotes IT: the prompts read its words out.
    quoted = workshop_html(workshop_pack([pair(8, 8).result], THRESHOLDS, CONTEXT))
    assert IT_FRAGMENT in _plain(quoted)
    report_html, report_pdf = _both(between["report"])
    assert "IT: 6 respondents" in report_html
    assert "Not quoted: words are quoted only from groups of at least 7 respondents." in report_pdf
    workshop_text = _plain(between["workshop"].html)
    assert "IT's own words are not quoted" in workshop_text


def test_a_side_below_the_score_threshold_shows_nothing_but_its_name() -> None:
    result = pair(8, 4).result  # the engine ran at 3; the report applies 5
    assert result.archetype != INSUFFICIENT
    report = relationship_report(result, Thresholds(5, 7), CONTEXT)
    rendered = render(relationship_html(report))
    for text in _both(rendered):
        assert IT_FRAGMENT not in text
        assert "4 respondents" not in text
        assert "IT: fewer than 5 respondents: not shown" in text
        assert "Master–servant" not in text.split("Glossary")[0]
        assert "Too few answers to tell" in text
        assert "cannot be classified until more of IT answer" in text
    assert report.profile is not None
    assert list(report.profile.table.headers) == ["Construct", "Finance"]
    pack = render(workshop_html(workshop_pack([result], Thresholds(5, 7), CONTEXT)))
    for text in _both(pack):
        assert IT_FRAGMENT not in text
        assert FINANCE_FRAGMENT not in text
        assert "There is nothing to coach from yet" in text


def test_the_organization_report_counts_partners_in_name_only(
    organization: Rendered, demo_analysis: Analysis
) -> None:
    results = demo_analysis.relationships
    called = [r for r in results if r.declared_partner and r.archetype != INSUFFICIENT]
    name_only = [r for r in called if r.name_only]
    assert name_only
    headline = (
        f"{len(name_only)} of {len(called)} relationships called partner are partners in name only."
    )
    html_text, pdf_text = _both(organization)
    assert headline in html_text
    assert headline in organization.pages[0]
    for result in name_only:
        assert " – ".join(result.parties) in html_text
    assert f"{len(results)} relationships between" in pdf_text
    for heading in (
        "What the relationships are",
        "Partners in name only",
        "How each party sees each other party",
        "Every relationship",
        "Glossary",
    ):
        assert heading in pdf_text, heading
    assert "Legal: fewer than 5" in pdf_text


def test_the_organization_report_quotes_no_one(
    organization: Rendered, demo_analysis: Analysis
) -> None:
    html_text, pdf_text = _both(organization)
    for result in demo_analysis.relationships:
        for side in result.sides:
            for quote in side.words.quotes if side.words else ():
                assert quote.text not in html_text
                assert quote.text[:40] not in pdf_text


def test_the_organization_report_hides_small_sides(demo_analysis: Analysis) -> None:
    legal = next(
        r
        for r in demo_analysis.relationships
        if set(r.parties) == {"Legal", "Nimbus Cloud Services"}
    )
    assert legal.archetype == INSUFFICIENT
    html_text = _plain(
        organization_html(organization_report(demo_analysis.relationships, THRESHOLDS))
    )
    assert f"Legal: {legal.sides[0].respondents}" not in html_text
    assert "Legal about Nimbus Cloud Services: hidden" in html_text  # the heatmap's description


def test_the_workshop_pack_has_prompts_charter_and_script(between: Mapping[str, Rendered]) -> None:
    result = pair(8, 6).result
    pack = coach(result, text_threshold=7)
    assert pack.charter is not None
    assert pack.personification is not None
    html_text, pdf_text = _both(between["workshop"])
    for text in (html_text, pdf_text):
        assert "Questions to ask" in text
        assert "Partnering charter: Finance and IT" in text
        assert "If they were a person: a workshop for Finance and IT" in text
        assert "Set up (5 min)" in text
        for section in (pack.charter.outcome, pack.charter.decisions, pack.charter.leaving):
            assert section.heading in text
    for prompt in pack.prompts:
        assert " ".join(prompt.question.split()) in html_text


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", 'R&D "Lab"'])
def test_names_and_words_are_escaped(name: str) -> None:
    result = pair(8, 8).result
    context = CONTEXT.__class__(organization=name)
    markup = relationship_html(relationship_report(result, THRESHOLDS, context))
    assert name not in markup
    assert str(escape(name)) in markup


def test_sections_from_the_network_and_the_round_robin_are_shown_when_given(
    demo_analysis: Analysis,
) -> None:
    chart = archetype_chart([("True partnership", 2), ("Detached", 1)], key="net")
    assert chart is not None
    network = ReportSection("The network", ("IT sits at the centre.",), chart=chart)
    table = DataTable("Who rates whom", ("Party", "Perceiver effect"), (("IT", "+4"),))
    robin = ReportSection("Round robin", ("Finance rates everyone low.",), table=table)
    plain = organization_report(demo_analysis.relationships, THRESHOLDS, CONTEXT)
    assert plain.network is None
    assert plain.round_robin is None
    without = _plain(organization_html(plain))
    assert "The network" not in without
    assert "Round robin" not in without
    report = organization_report(
        demo_analysis.relationships, THRESHOLDS, CONTEXT, network=network, round_robin=robin
    )
    markup = organization_html(report)
    text = _plain(markup)
    for expected in (
        "The network",
        "IT sits at the centre.",
        "Round robin",
        "Finance rates everyone low.",
        "Perceiver effect",
    ):
        assert expected in text, expected
    assert 'aria-labelledby="net-title net-desc"' in markup
    assert chart in report.charts
