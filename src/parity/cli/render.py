"""The terminal view of an analysis: one table a facilitator can read in a minute."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.disclosure import Thresholds
from parity.core.language.themes import Theme
from parity.core.organization import OrganizationView, organization_view
from parity.core.presentation import RelationshipView, organization_presentation
from parity.core.roundrobin import MIN_EFFECT, MIN_RELIABILITY
from parity.core.screen import REASON_WORDS, ScreenSummary
from parity.core.segments import split_sentences
from parity.core.vocabulary import CONFIDENCE_MEANING

#: How the terminal colours each archetype; its words are the vocabulary's.
ARCHETYPE_COLOUR = {
    "partnership": "bold green",
    "developing": "green",
    "customer_supplier": "yellow",
    "master_servant": "bold yellow",
    "adversarial": "bold red",
    "detached": "cyan",
    "insufficient_data": "dim",
}


def _archetype_cell(view: RelationshipView) -> Text:
    text = Text(view.archetype_words, style=ARCHETYPE_COLOUR.get(view.result.archetype, ""))
    if view.roles:
        roles = ", ".join(f"{party} = {role}" for party, role in view.roles)
        text.append(f"\n{roles}", style="dim")
    return text


def _relationship_cell(rel: RelationshipResult) -> Text:
    text = Text(f"{rel.parties[0]} ↔ {rel.parties[1]}", style="bold")
    if rel.wave is not None:
        text.append(f" (wave {rel.wave})", style="dim")
    label = rel.label or "no label"
    scope = f", {rel.scope}" if rel.scope else ""
    text.append(f"\n{label}{scope}", style="italic dim")
    return text


def _index_cell(view: RelationshipView) -> Text:
    """The partnering index with its 95% interval, "62 (55–70)", coloured by the index."""
    value = view.result.partnering_index
    if value is None:
        return Text("–", style="dim")
    style = "green" if value >= 65 else "yellow" if value >= 40 else "red"
    return Text(view.index_text, style=style)


def _name_only_cell(rel: RelationshipResult) -> Text:
    return Text("yes", style="bold red") if rel.name_only else Text("no", style="dim")


def analysis_table(analysis: Analysis, views: Sequence[RelationshipView]) -> Table:
    """The overview: one line per relationship with its headline figures."""
    table = Table(
        title=f"Parity analysis · {analysis.instrument['id']} v{analysis.instrument['version']}"
        f" · anonymity threshold {analysis.min_respondents}",
        show_lines=True,
    )
    table.add_column("Relationship")
    table.add_column("Archetype, roles")
    table.add_column("n", justify="right")
    table.add_column("Conf.", justify="right")
    table.add_column("Index", justify="right")
    # Its heading on two lines leaves an 80-column terminal room for the archetype's name,
    # which rich would otherwise cut ("customer–supp…").
    table.add_column("In name\nonly", justify="center")
    for view in views:
        rel = view.result
        confidence = "–" if rel.confidence is None else f"{rel.confidence:.2f}"
        counts = f"{rel.sides[0].respondents}/{rel.sides[1].respondents}"
        table.add_row(
            _relationship_cell(rel),
            _archetype_cell(view),
            counts,
            confidence,
            _index_cell(view),
            _name_only_cell(rel),
        )
    return table


def reasons_block(view: RelationshipView) -> Group:
    rel = view.result
    heading = Text(f"{rel.parties[0]} ↔ {rel.parties[1]}", style="bold")
    heading.append(f" · {view.archetype_words}", style=ARCHETYPE_COLOUR.get(rel.archetype, ""))
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(justify="right", width=3)
    bullets.add_column()
    for reason in view.reasons:
        bullets.add_row("•", reason)
    for line in rel.contradictions:
        bullets.add_row(Text("!", style="bold red"), Text(line, style="red"))
    for side in rel.sides:
        for line in split_sentences(side.party, side.segments, rel.constructs):
            bullets.add_row(Text("⑂", style="bold magenta"), Text(line, style="magenta"))
    for side in rel.sides:
        if side.words is not None and side.words.quotes:
            portrayed = {p.text for p in side.words.portraits}
            quote = next((q for q in side.words.quotes if q.text not in portrayed), None)
            quote = quote or side.words.quotes[0]
            counts = ", ".join(
                f"{stance} {n}"
                for stance, n in sorted(side.words.overall.items(), key=lambda kv: -kv[1])
            )
            bullets.add_row(
                Text("“", style="dim"),
                Text(f"{side.party} in its own words ({counts}): “{quote.text}”", style="italic"),
            )
    blocks = [block for side in rel.sides if (block := sees_block(side)) is not None]
    return Group(heading, bullets, *blocks, Text(""))


def sees_block(side: SideResult) -> Group | None:
    """ "How IT sees Sales": the side's portraits of the other and of itself as it expects to
    be seen, each with its image, traits and feelings, and the themes of its comments."""
    words = side.words
    if words is None or not (words.portraits or words.themes):
        return None
    rows = Table.grid(padding=(0, 1))
    rows.add_column(width=5, justify="right")
    rows.add_column()
    for question, lead in (("persona", ""), ("mirror", f"as {side.about} would see it, ")):
        for portrait in (p for p in words.portraits if p.column == question):
            line = Text(f"{lead}“{portrait.text}”", style="italic")
            if portrait.note:
                line.append(f"\n  {portrait.note}", style="dim")
            rows.add_row(Text("·", style="dim"), line)
    if words.themes:
        rows.add_row(Text("·", style="dim"), _themes_line(words.themes))
    return Group(Text(f"    How {side.party} sees {side.about}", style="bold"), rows)


def _themes_line(themes: tuple[Theme, ...]) -> Text:
    """ "Comments: budget, cuts (4); meetings (3); other (2)", with the largest theme's quote:
    the terminal stays short, the JSON and the pages have every theme's quote."""
    line = Text("Comments: ")
    line.append(
        "; ".join(f"{'other' if t.other else t.label} ({t.answers})" for t in themes if t.answers)
    )
    first = themes[0].quote if themes and not themes[0].other else None
    if first is not None:
        line.append(f" “{first.text}”", style="italic")
    return line


def screen_line(screen: ScreenSummary) -> str | None:
    """What the respondent screen did, in one line, when it flagged anyone on a shown side:
    "The respondent screen left out 3 respondents: 2 gave the same answer to every item, ..."
    (a respondent flagged for two reasons counts under both)."""
    if not screen.flagged:
        return None
    people = f"{screen.flagged} respondent{'s' if screen.flagged != 1 else ''}"
    why = "; ".join(f"{n} {REASON_WORDS[reason]}" for reason, n in screen.reasons.items())
    if screen.kept:
        return f"The respondent screen flagged {people} and kept them (--keep-flagged): {why}."
    return (
        f"The respondent screen left out {people}: {why} (docs/method.md §2a; "
        "--keep-flagged keeps them)."
    )


def summary_line(analysis: Analysis) -> str:
    rels = analysis.relationships
    name_only = sum(r.name_only for r in rels)
    partners = sum(r.archetype in ("partnership", "developing") for r in rels)
    return (
        f"{len(rels)} relationships: {partners} partnership or developing; "
        f"{name_only} called a partnership in name only."
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _reliability(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def round_robin_block(view: OrganizationView) -> Group | None:
    """The Social Relations Model of the round robin, when the data allow one."""
    robin = view.round_robin
    if robin is None:
        return None
    wave = f" (wave {robin.wave})" if robin.wave is not None else ""
    parts: list[Text | Table] = [
        Text(f"Round robin{wave}", style="bold"),
        Text(robin.headline),
    ]
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(justify="right", width=3)
    bullets.add_column()
    for finding in (*robin.findings, *robin.pair_findings):
        bullets.add_row("•", finding.sentence)
    if not robin.findings and not robin.pair_findings:
        bullets.add_row("•", "No party rates everyone, or is rated by everyone, clearly apart.")
    for warning in robin.warnings:
        bullets.add_row(Text("!", style="bold yellow"), Text(warning, style="yellow"))
    parts.append(bullets)
    table = Table(title="Where the differences lie (shares of the variance)", title_justify="left")
    for column in ("Construct", "Who rates", "Who is rated", "The pair", "Reliability"):
        table.add_column(column, justify="left" if column == "Construct" else "right")
    for c in robin.constructs:
        table.add_row(
            c.words,
            _percent(c.shares.get("perceiver")),
            _percent(c.shares.get("target")),
            _percent(c.shares.get("relationship")),
            f"{_reliability(c.reliability.get('perceiver'))} / "
            f"{_reliability(c.reliability.get('target'))}",
        )
    parts.append(table)
    parts.append(
        Text(
            "Who rates = perceiver variance, who is rated = target variance, the pair = "
            "relationship variance; reliability of the perceiver / target effects. Effects are "
            f"named from {MIN_EFFECT:.0f} points at a reliability of at least "
            f"{MIN_RELIABILITY:.2f} (docs/method.md).",
            style="dim",
        )
    )
    return Group(*parts, Text(""))


def organization_block(view: OrganizationView) -> Group:
    """The network, internal against external, and the trends, in sentences."""
    parts: list[Text | Table | Group] = []
    robin = round_robin_block(view)
    if robin is not None:
        parts.append(robin)
    wave = f" (wave {view.wave})" if view.wave is not None else ""
    sections: list[tuple[str, tuple[str, ...]]] = []
    if len(view.network.edges) >= 3:
        sections.append((f"Network{wave}", view.network.sentences))
    if (
        view.scopes is not None
        and view.scopes.internal.relationships
        and view.scopes.external.relationships
    ):
        sections.append((f"Internal and external{wave}", (view.scopes.sentence,)))
    if view.trends is not None:
        sections.append(("Across rounds", view.trends.sentences))
    for title, sentences in sections:
        bullets = Table.grid(padding=(0, 1))
        bullets.add_column(justify="right", width=3)
        bullets.add_column()
        for sentence in sentences:
            bullets.add_row("•", sentence)
        parts.append(Group(Text(title, style="bold"), bullets, Text("")))
    return Group(*parts)


def _score(value: float | None) -> str:
    return "–" if value is None or value != value else f"{value:.0f}"


def scores_table(view: RelationshipView) -> Table:
    """Each construct the result was scored on, under its own name (a custom instrument's
    constructs included): both sides' scores, 0-100, the gap (first minus second) with its 95%
    interval, in bold where the gap is named (docs/method.md §4a), and each side's Cronbach's
    alpha (docs/method.md §3)."""
    a, b = view.parties
    table = Table(title=f"{a} ↔ {b}: scores out of 100", title_justify="left")
    table.add_column("Construct", no_wrap=True)
    for column in (f"{a} about {b}", f"{b} about {a}"):
        table.add_column(column, justify="right")
    # The gap and its interval are read as one: the headers wrap before they do.
    table.add_column("Gap (95% interval)", justify="right", no_wrap=True)
    for column in (f"α {a}", f"α {b}"):
        table.add_column(column, justify="right")
    for row in view.profile:
        gap = Text(row.gap_text, style="bold" if row.named else "")
        scores = (_score(row.scores[0]), _score(row.scores[1]), gap)
        table.add_row(row.name, *scores, *(_alpha(x) for x in row.alphas))
    return table


def _alpha(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def reliability_table(analysis: Analysis) -> Table | None:
    """Each construct's consistency over every shown side, within sides (docs/method.md §3):
    Cronbach's alpha with its Feldt interval and McDonald's omega (three items or more)."""
    frame = analysis.reliability
    if frame.empty:
        return None
    table = Table(
        title="Reliability within sides (every shown side's answers less its means)",
        title_justify="left",
    )
    for column, justify in (("Construct", "left"), ("Items", "right"), ("n", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    table.add_column("Alpha (95% interval)", justify="right", no_wrap=True)
    table.add_column("Omega", justify="right")
    names = {code: c.name for code, c in analysis.constructs.items()}
    for code, row in frame.iterrows():
        low, high = _alpha(_number(row["ci_low"])), _alpha(_number(row["ci_high"]))
        alpha = f"{_alpha(_number(row['alpha']))} ({low}–{high})"
        table.add_row(
            names.get(str(code), str(code)),
            f"{int(row['items'])}",
            f"{int(row['n'])}",
            alpha,
            _alpha(_number(row.get("omega"))),
        )
    return table


def _number(value: object) -> float | None:
    return None if value is None or value != value else float(value)  # type: ignore[arg-type]


def print_analysis(
    analysis: Analysis,
    console: Console,
    thresholds: Thresholds,
    *,
    view: OrganizationView | None = None,
    scores: bool = False,
) -> None:
    """The overview table, the reasons of each relationship (with its scores when asked) and
    the whole organization (``view``, when the caller has made it already)."""
    presented = organization_presentation(analysis.relationships, thresholds)
    console.print(analysis_table(analysis, presented.rows))
    console.print(
        "n = respondents on each side (first/second party); Index = partnering index 0-100 "
        "(its 95% interval); "
        f"Conf. = {CONFIDENCE_MEANING}, 0-1 (docs/method.md explains both).",
        style="dim",
        highlight=False,
    )
    screened = screen_line(analysis.screen)
    if screened is not None:
        console.print(screened, style="dim", highlight=False)
    console.print()
    console.rule("Why")
    for row in presented.rows:
        console.print(reasons_block(row))
        if scores and row.classified:
            console.print(scores_table(row), Text(""))
    reliability = reliability_table(analysis) if scores else None
    if reliability is not None:
        console.print(reliability, Text(""))
    console.print(summary_line(analysis), style="bold", highlight=False)
    block = organization_block(view or organization_view(analysis))
    if block.renderables:
        console.print()
        console.rule("The whole organization")
        console.print(block)
