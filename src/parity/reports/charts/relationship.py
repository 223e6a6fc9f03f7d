"""The charts of one relationship beside its profile: power, mutual need, parity gaps, words,
and the trend across rounds.

Each builder takes a result that has passed the anonymity gate
(:func:`parity.core.disclosure.disclose`) and returns ``None`` when there is nothing to draw.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from parity.core.analysis import RelationshipResult
from parity.core.disclosure import SideView
from parity.core.dyads import NOTABLE_GAP, NOTABLE_MISREADING
from parity.core.presentation import with_interval
from parity.core.translation import N_, _
from parity.core.vocabulary import STANCE_NAMES
from parity.core.wording import with_article
from parity.reports.charts.axes import SHARES, TrendFrame, change_title, x_axis, x_ticks
from parity.reports.charts.svg import (
    CONFIDENCE,
    FONT,
    INK,
    LINE,
    MUTED,
    SIDE_COLOURS,
    Chart,
    DataTable,
    fit,
    legend,
    line,
    marker,
    open_svg,
    percent,
    rect,
    signed,
    square,
    text,
    text_width,
    whole,
)
from parity.reports.figures import GapInterval

WIDTH = 640

#: The order stances are listed in: from partnering to its opposites, neutral last.
STANCE_ORDER = ("partner", "provider", "customer", "servant", "master", "adversary", "neutral")
#: Each stance's name (one home: the vocabulary's).
STANCE_WORDS = STANCE_NAMES
#: A stance as a side speaks it ("speaks mostly as a servant").
STANCE_AS = {
    "partner": N_("a partner"),
    "provider": N_("a provider"),
    "customer": N_("a customer"),
    "servant": N_("a servant"),
    "master": N_("a master"),
    "adversary": N_("an adversary"),
}
#: A stance held by at least this share of a side's statements is its voice (method §9).
DOMINANT_SHARE = 0.4


def _number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


# --- Power map ------------------------------------------------------------------------------

PM_LEFT, PM_TOP, PM_SIZE = 78, 40, 300


def _pm_xy(alternatives: float, need: float) -> tuple[float, float]:
    x = PM_LEFT + PM_SIZE * max(0.0, min(100.0, alternatives)) / 100
    y = PM_TOP + PM_SIZE * (1 - max(0.0, min(100.0, need)) / 100)
    return x, y


def _power_title(result: RelationshipResult) -> str:
    a, b = result.parties
    power = result.power
    leverage: Mapping[str, float | None] = power.get("leverage", {})
    la, lb = whole(leverage.get(a)), whole(leverage.get(b))
    holder = power.get("holder")
    if holder is None:
        return _("Power is balanced between {a} and {b}: leverage {la} and {lb} out of 100").format(
            a=a, b=b, la=la, lb=lb
        )
    other = b if holder == a else a
    if power.get("basis") == "direction":
        return _(
            "{holder} holds the power through direction: it sets {other}'s priorities "
            "and {other} defers"
        ).format(holder=holder, other=other)
    return _(
        "{holder} holds the power: it could go elsewhere more easily and needs {other} less "
        "(leverage {own} against {others})"
    ).format(
        holder=holder,
        other=other,
        own=whole(leverage.get(holder)),
        others=whole(leverage.get(other)),
    )


def power_map(result: RelationshipResult, *, key: str = "power", font: str = FONT) -> Chart | None:
    """Each side's alternatives (x) against its need of the other (y), the two points joined.

    Bottom right is power (could go elsewhere, needs the other little); top left is dependence.
    The dashed diagonal is leverage 50, where alternatives and need balance.
    """
    if not result.power:
        return None
    points = []
    for index, side in enumerate(result.sides):
        alt, need = _number(side.scores.get("ALT")), _number(side.scores.get("NEED"))
        if alt is not None and need is not None:
            points.append((index, side.party, alt, need))
    if len(points) < 2:
        return None
    title = _power_title(result)
    power = result.power
    leverage: Mapping[str, float | None] = power.get("leverage", {})
    direction: Mapping[str, float | None] = power.get("direction", {})
    description = (
        _(
            "Power map: alternatives (could go elsewhere, 0 to 100) across, need of the other "
            "(0 to 100) up."
        )
        + " "
        + " ".join(
            _(
                "{party}: alternatives {alternatives}, need {need}, leverage {leverage}, "
                "direction {direction}."
            ).format(
                party=party,
                alternatives=f"{alt:.0f}",
                need=f"{need:.0f}",
                leverage=whole(leverage.get(party)),
                direction=whole(direction.get(party)),
            )
            for _index, party, alt, need in points
        )
    )
    height = PM_TOP + PM_SIZE + 62
    right = PM_LEFT + PM_SIZE
    out = [open_svg(key, "power", (WIDTH, height), title, description, font)]
    out.append(
        rect(right - PM_SIZE / 2, PM_TOP + PM_SIZE / 2, PM_SIZE / 2, PM_SIZE / 2, fill="#f3f5f7")
    )
    for tick in (0, 25, 50, 75, 100):
        x, y = _pm_xy(tick, tick)
        out.append(line(x, PM_TOP, x, PM_TOP + PM_SIZE))
        out.append(line(PM_LEFT, y, right, y))
        out.append(text(x, PM_TOP + PM_SIZE + 18, str(tick), size=12, anchor="middle"))
        out.append(text(PM_LEFT - 8, y + 4, str(tick), size=12, anchor="end"))
    out.append(line(PM_LEFT, PM_TOP + PM_SIZE, right, PM_TOP, stroke=LINE, dash="5 4"))
    lx, ly = _pm_xy(78, 78)
    out.append(
        text(lx - 6, ly - 6, _("equal leverage"), size=11, anchor="middle", fill=MUTED, rotate=-45)
    )
    out.append(line(PM_LEFT, PM_TOP + PM_SIZE, right, PM_TOP + PM_SIZE, stroke=INK))
    out.append(line(PM_LEFT, PM_TOP, PM_LEFT, PM_TOP + PM_SIZE, stroke=INK))
    out.append(
        text(
            right - 6,
            PM_TOP + PM_SIZE - 10,
            _("can walk away: power"),
            size=11,
            anchor="end",
            fill=MUTED,
        )
    )
    dependent = _("nowhere else to go: dependent")
    out.append(text(PM_LEFT + 6, PM_TOP + 30, dependent, size=11, fill=MUTED))
    out.append(
        text(
            (PM_LEFT + right) / 2,
            PM_TOP + PM_SIZE + 40,
            _("Alternatives: could go elsewhere"),
            size=13,
            anchor="middle",
        )
    )
    mid_y = PM_TOP + PM_SIZE / 2
    out.append(
        text(PM_LEFT - 44, mid_y, _("Need: needs the other"), size=13, anchor="middle", rotate=-90)
    )
    (_i1, _p1, xa, ya), (_i2, _p2, xb, yb) = points[0], points[1]
    x1, y1 = _pm_xy(xa, ya)
    x2, y2 = _pm_xy(xb, yb)
    out.append(line(x1, y1, x2, y2, stroke=LINE, width=2))
    for index, party, alt, need in points:
        x, y = _pm_xy(alt, need)
        out.append(marker(index, x, y, 8))
        label = fit(party, 12, 150)
        if x + 14 + text_width(label, 12) > right:
            out.append(text(x - 14, y - 10, label, size=12, anchor="end", weight="bold"))
        else:
            out.append(text(x + 14, y - 10, label, size=12, weight="bold"))
    panel = right + 34
    y = PM_TOP + 10
    for heading, figures in ((_("Leverage, 0–100"), leverage), (_("Direction, 0–100"), direction)):
        out.append(text(panel, y, heading, size=13, weight="bold"))
        for index, party, _alt, _need in points:
            y += 26
            out.append(marker(index, panel + 8, y - 5))
            label = f"{fit(party, 12, 150)}: {whole(figures.get(party))}"
            out.append(text(panel + 22, y, label, size=12))
        y += 40
    for note in (
        _("Leverage = (alternatives"),
        _("+ 100 − need) / 2."),
        _("Direction = (own direction"),
        _("+ the other's deference) / 2."),
    ):
        out.append(text(panel, y, note, size=11, fill=MUTED))
        y += 16
    out.append("</svg>")
    table = DataTable(
        title,
        (_("Side"), _("Alternatives"), _("Need"), _("Leverage"), _("Direction")),
        tuple(
            (
                party,
                whole(alt),
                whole(need),
                whole(leverage.get(party)),
                whole(direction.get(party)),
            )
            for _index, party, alt, need in points
        ),
    )
    return Chart(key, title, description, "".join(out), table)


# --- Mutual need ----------------------------------------------------------------------------

ND_LEFT, ND_RIGHT = 40, WIDTH - 30


def _nd_x(value: float) -> float:
    return ND_LEFT + (ND_RIGHT - ND_LEFT) * max(0.0, min(100.0, value)) / 100


@dataclass(frozen=True)
class NeedRow:
    """How much ``needer`` needs ``needed``: its own answer, and what ``needed`` believes."""

    needer: int
    needed: int
    says: float | None
    believed: float | None

    @property
    def misreading(self) -> float | None:
        """The believing side's misreading (docs/method.md §4): belief minus answer."""
        if self.says is None or self.believed is None:
            return None
        return self.believed - self.says


def need_rows(result: RelationshipResult) -> tuple[NeedRow, ...]:
    if not result.mutual_need:
        return ()
    parties = result.parties
    need: Mapping[str, float | None] = result.mutual_need.get("need", {})
    estimate: Mapping[str, float | None] = result.mutual_need.get("estimate_of_other_need", {})
    return tuple(
        NeedRow(i, 1 - i, _number(need.get(parties[i])), _number(estimate.get(parties[1 - i])))
        for i in (1, 0)
    )


def _need_title(result: RelationshipResult, rows: tuple[NeedRow, ...]) -> str:
    """The need chart's finding: the wider named misreading, else a named gap in need, else
    that neither is named (docs/method.md §4a)."""
    parties = result.parties
    named = result.intervals.named_misreadings
    misread = [r for r in rows if r.misreading is not None and parties[r.needed] in named]
    worst = max(misread, key=lambda r: abs(r.misreading or 0.0), default=None)
    if worst is not None:
        believer, needer = parties[worst.needed], parties[worst.needer]
        if (worst.misreading or 0.0) > 0:
            finding = _(
                "{believer} overestimates how much {needer} needs it: it thinks {believed}, "
                "{needer} says {says}"
            )
        else:
            finding = _(
                "{believer} underestimates how much {needer} needs it: it thinks {believed}, "
                "{needer} says {says}"
            )
        return finding.format(
            believer=believer,
            needer=needer,
            believed=whole(worst.believed),
            says=whole(worst.says),
        )
    says = {parties[r.needer]: r.says for r in rows}
    a, b = parties
    na, nb = says.get(a), says.get(b)
    if na is not None and nb is not None and "NEED" in result.intervals.named_gaps:
        more, less = (a, b) if na > nb else (b, a)
        return _("{more} needs {less} more than {less} needs {more} ({high} against {low})").format(
            more=more, less=less, high=whole(max(na, nb)), low=whole(min(na, nb))
        )
    return _(
        "{a} and {b} need each other about equally, and neither clearly misreads the other's "
        "need by {points} points or more"
    ).format(a=a, b=b, points=f"{NOTABLE_MISREADING:.0f}")


def need_chart(result: RelationshipResult, *, key: str = "need", font: str = FONT) -> Chart | None:
    """The four mutual-need numbers: in each row, how much one side says it needs the other
    (its own marker) and how much the other believes it does (the other's marker), joined by
    a line whose length is the misreading."""
    rows = need_rows(result)
    if not rows or all(r.says is None and r.believed is None for r in rows):
        return None
    parties = result.parties
    title = _need_title(result, rows)
    description = (
        _("Mutual need, 0 to 100.")
        + " "
        + " ".join(
            _(
                "{needer} says it needs {needed} {says}; {needed} thinks {needer} needs it "
                "{believed}."
            ).format(
                needer=parties[r.needer],
                needed=parties[r.needed],
                says=whole(r.says),
                believed=whole(r.believed),
            )
            for r in rows
        )
    )
    top = 30
    block = 76
    bottom = top + 20 + block * len(rows)
    height = bottom + 52
    out = [open_svg(key, "need", (WIDTH, height), title, description, font)]
    answers = _("{party} answers")
    entries = [(0, answers.format(party=parties[0])), (1, answers.format(party=parties[1]))]
    out += legend(entries, ND_LEFT, 20)
    out += x_ticks(((_nd_x(tick), str(tick)) for tick in (0, 25, 50, 75, 100)), top + 14, bottom)
    out += x_axis(
        ND_LEFT,
        ND_RIGHT,
        bottom,
        _("How much one side needs the other, 0 (not at all) to 100 (badly)"),
        below=40,
    )
    for number, row in enumerate(rows):
        label_y = top + 38 + number * block
        y = label_y + 28
        needer, needed = parties[row.needer], parties[row.needed]
        out.append(
            text(
                ND_LEFT,
                label_y,
                _("How much {needer} needs {needed}").format(needer=needer, needed=needed),
                size=13,
                weight="bold",
            )
        )
        if row.says is not None and row.believed is not None:
            out.append(line(_nd_x(row.says), y, _nd_x(row.believed), y, stroke=LINE, width=2))
        for index, value, verb in (
            (row.needer, row.says, "says"),
            (row.needed, row.believed, "thinks"),
        ):
            said = _("{party} says {value}") if verb == "says" else _("{party} thinks {value}")
            if value is None:
                continue
            x = _nd_x(value)
            out.append(marker(index, x, y))
            below = (
                row.says is not None
                and row.believed is not None
                and abs(row.says - row.believed) < 14
                and verb == "thinks"
            )
            label_y2 = y + 24 if below else y - 12
            owner = fit(parties[index], 11, 120)
            label = said.format(party=owner, value=f"{value:.0f}")
            out.append(text(x, label_y2, label, size=11, anchor="middle"))
    out.append("</svg>")
    misreadings = result.intervals.misreadings
    table = DataTable(
        title,
        (
            _("Who needs whom"),
            _("Says (own answer)"),
            _("The other thinks"),
            _("Misreading ({confidence} interval)").format(confidence=CONFIDENCE),
        ),
        tuple(
            (
                _("{needer} needs {needed}").format(
                    needer=parties[r.needer], needed=parties[r.needed]
                ),
                whole(r.says),
                whole(r.believed),
                with_interval(r.misreading, misreadings.get(parties[r.needed]), signed=True),
            )
            for r in rows
        ),
    )
    return Chart(key, title, description, "".join(out), table)


# --- Parity gaps ----------------------------------------------------------------------------

PG_LABEL_RIGHT, PG_LEFT, PG_RIGHT = 130, 144, 470


def _gap_title(result: RelationshipResult, gaps: Sequence[GapInterval]) -> str:
    """The widest named gap; else why none is named: every gap is small, or the widest is
    large but its interval reaches 0 (docs/method.md §4a)."""
    a, b = result.parties
    named = [g for g in gaps if g.named]
    widest = max(named or gaps, key=lambda g: abs(g.gap))
    if widest.named:
        higher, lower = (a, b) if widest.gap > 0 else (b, a)
        return _(
            "The widest parity gap is {name}: {higher} scores {points} points higher than {lower}"
        ).format(name=widest.name, higher=higher, lower=lower, points=f"{abs(widest.gap):.0f}")
    if abs(widest.gap) < NOTABLE_GAP:
        return _(
            "{a} and {b} are at parity on stake, equal value, voice and need: every gap is "
            "under {points} points"
        ).format(a=a, b=b, points=f"{NOTABLE_GAP:.0f}")
    return _(
        "The widest parity gap, {name} ({points} points), is not clear: "
        "its interval includes no gap at all"
    ).format(name=widest.name, points=f"{abs(widest.gap):.0f}")


def parity_chart(
    result: RelationshipResult,
    gaps: Sequence[GapInterval],
    *,
    key: str = "parity",
    font: str = FONT,
) -> Chart | None:
    """Each parity gap (first party minus second) with its 95% interval; the shaded band is
    parity (a gap under 15 points)."""
    if not gaps:
        return None
    a, b = result.parties
    extent = max(
        [abs(g.gap) for g in gaps]
        + [abs(v) for g in gaps for v in (g.low, g.high) if v is not None]
    )
    domain = min(100.0, max(40.0, math.ceil(extent / 20) * 20))
    step = 20.0 if domain <= 80 else 25.0

    def x_of(value: float) -> float:
        clipped = max(-domain, min(domain, value))
        return PG_LEFT + (PG_RIGHT - PG_LEFT) * (clipped + domain) / (2 * domain)

    title = _gap_title(result, gaps)
    description = (
        _("Gaps between the sides ({a} minus {b}), with {confidence} intervals.").format(
            a=a, b=b, confidence=CONFIDENCE
        )
        + " "
        + " ".join(
            f"{g.name}: {signed(g.gap)}"
            + (
                " " + _("(from {low} to {high})").format(low=signed(g.low), high=signed(g.high))
                if g.low is not None
                else ""
            )
            + "."
            for g in gaps
        )
    )
    top, row = 40, 36
    bottom = top + row * len(gaps)
    height = bottom + 70
    out = [open_svg(key, "parity", (WIDTH, height), title, description, font)]
    out.append(
        rect(
            x_of(-NOTABLE_GAP),
            top - 10,
            x_of(NOTABLE_GAP) - x_of(-NOTABLE_GAP),
            bottom - top + 10,
            fill="#eef1f4",
        )
    )
    ticks = [number * step for number in range(-round(domain / step), round(domain / step) + 1)]
    out += x_ticks(((x_of(tick), signed(tick)) for tick in ticks), top - 10, bottom)
    out.append(line(x_of(0), top - 14, x_of(0), bottom, stroke=INK, width=1.5))
    out.append(line(PG_LEFT, bottom, PG_RIGHT, bottom, stroke=INK))
    out.append(
        text(PG_LEFT, bottom + 38, _("← {party} higher").format(party=fit(b, 12, 140)), size=12)
    )
    right_label = _("{party} higher →").format(party=fit(a, 12, 140))
    out.append(text(PG_RIGHT, bottom + 38, right_label, size=12, anchor="end"))
    out.append(
        text(
            (PG_LEFT + PG_RIGHT) / 2,
            bottom + 58,
            _("Gap in points; shaded: under {points}, at parity").format(
                points=f"{NOTABLE_GAP:.0f}"
            ),
            size=12,
            anchor="middle",
            fill=MUTED,
        )
    )
    out.append(
        text(
            PG_RIGHT + 16,
            top - 18,
            _("gap ({confidence} interval)").format(confidence=CONFIDENCE),
            size=11,
            fill=MUTED,
        )
    )
    for number, gap in enumerate(gaps):
        y = top + 8 + number * row
        out.append(text(PG_LABEL_RIGHT, y + 5, gap.name, size=13, anchor="end"))
        if gap.low is not None and gap.high is not None:
            xl, xh = x_of(gap.low), x_of(gap.high)
            out.append(line(xl, y, xh, y, stroke=INK, width=2))
            out.append(line(xl, y - 6, xl, y + 6, stroke=INK, width=2))
            out.append(line(xh, y - 6, xh, y + 6, stroke=INK, width=2))
        out.append(square(x_of(gap.gap), y, 6))
        interval = (
            " " + _("({low} to {high})").format(low=signed(gap.low), high=signed(gap.high))
            if gap.low is not None
            else ""
        )
        out.append(text(PG_RIGHT + 16, y + 5, f"{signed(gap.gap)}{interval}", size=12))
    out.append("</svg>")
    table = DataTable(
        title,
        (
            _("Parity of"),
            a,
            b,
            _("Gap ({a} − {b})").format(a=a, b=b),
            _("{confidence} interval").format(confidence=CONFIDENCE),
        ),
        tuple(
            (
                g.name,
                whole(g.scores[0]),
                whole(g.scores[1]),
                signed(g.gap),
                (
                    _("{low} to {high}").format(low=signed(g.low), high=signed(g.high))
                    if g.low is not None
                    else "–"
                ),
            )
            for g in gaps
        ),
    )
    return Chart(key, title, description, "".join(out), table)


# --- Stance mix -----------------------------------------------------------------------------

ST_LABEL_RIGHT, ST_LEFT, ST_RIGHT = 104, 116, 500


def _dominant(side: SideView) -> tuple[str, float] | None:
    if not side.statements or not side.stances:
        return None
    stance, count = side.stances[0]
    share = count / side.statements
    return (stance, share) if share >= DOMINANT_SHARE else None


def _stance_title(sides: Sequence[SideView]) -> str:
    parts = []
    for side in sides:
        found = _dominant(side)
        if found is None:
            parts.append(_("{party}'s words take no single stance").format(party=side.party))
            continue
        share = percent(found[1])
        if found[0] == "neutral":
            said = _("{party}'s words mostly take no side ({share})")
            parts.append(said.format(party=side.party, share=share))
        else:
            stance = _(STANCE_AS[found[0]]) if found[0] in STANCE_AS else with_article(found[0])
            said = _("{party}'s words speak mostly as {stance} ({share})")
            parts.append(said.format(party=side.party, stance=stance, share=share))
    return "; ".join(parts)


def _count_share(count: int, total: int) -> str:
    """ "17 (81%)": how many statements take a stance, and their share of the side's."""
    return f"{count} ({percent(count / total)})"


def _statements(party: str, count: int) -> str:
    """ "IT (20 statements)": a side and how many of its written answers were read."""
    return _("{party} ({count} statements)").format(party=party, count=count)


def stance_chart(
    sides: tuple[SideView, SideView], *, key: str = "stance", font: str = FONT
) -> Chart | None:
    """The share of each shown side's statements taking each stance, side by side."""
    present = [(i, s) for i, s in enumerate(sides) if s.shown and s.statements]
    if not present:
        return None
    counts = [dict(s.stances) for s in sides]
    stances = [st for st in STANCE_ORDER if any(counts[i].get(st) for i, _side in present)]
    title = _stance_title([s for _index, s in present])
    description = (
        _("Share of each side's written answers taking each stance.")
        + " "
        + " ".join(
            _statements(s.party, s.statements)
            + ": "
            + ", ".join(
                f"{_(STANCE_WORDS[st])} {percent(counts[i].get(st, 0) / s.statements)}"
                for st in stances
                if counts[i].get(st)
            )
            + "."
            for i, s in present
        )
    )
    top, bar, row = 44, 11, 14 + 12 * len(present)
    bottom = top + row * len(stances)
    height = bottom + 48

    def x_of(share: float) -> float:
        return ST_LEFT + (ST_RIGHT - ST_LEFT) * share

    out = [open_svg(key, "stance", (WIDTH, height), title, description, font)]
    x = float(ST_LEFT)
    for index, side in present:
        swatch = (
            rect(x, 14, 22, bar, fill=SIDE_COLOURS[0])
            if index == 0
            else rect(x, 14, 22, bar, fill="#fff", stroke=SIDE_COLOURS[1], stroke_width=2.5)
        )
        label = _statements(side.party, side.statements)
        out += [swatch, text(x + 30, 24, label, size=13)]
        x += 60 + text_width(label, 13)
    out += x_ticks(((x_of(share), percent(share)) for share in SHARES), top - 6, bottom)
    out += x_axis(ST_LEFT, ST_RIGHT, bottom, _("Share of the side's statements"), below=38)
    for number, stance in enumerate(stances):
        y0 = top + number * row
        out.append(
            text(ST_LABEL_RIGHT, y0 + row / 2 + 2, _(STANCE_WORDS[stance]), size=13, anchor="end")
        )
        for slot, (index, side) in enumerate(present):
            count = counts[index].get(stance, 0)
            share = count / side.statements
            y = y0 + 3 + slot * (bar + 3)
            if index == 0:
                out.append(rect(ST_LEFT, y, x_of(share) - ST_LEFT, bar, fill=SIDE_COLOURS[0]))
            elif share > 0:
                out.append(
                    rect(
                        ST_LEFT + 1.25,
                        y + 1.25,
                        x_of(share) - ST_LEFT - 2.5,
                        bar - 2.5,
                        fill="#fff",
                        stroke=SIDE_COLOURS[1],
                        stroke_width=2.5,
                    )
                )
            out.append(text(x_of(share) + 6, y + bar - 1, f"{percent(share)} ({count})", size=11))
    out.append("</svg>")
    headers = (_("Stance"), *(_statements(s.party, s.statements) for _index, s in present))
    table = DataTable(
        title,
        headers,
        tuple(
            (
                _(STANCE_WORDS[stance]),
                *(_count_share(counts[i].get(stance, 0), s.statements) for i, s in present),
            )
            for stance in stances
        ),
    )
    return Chart(key, title, description, "".join(out), table)


# --- Trend across rounds --------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """One round of one relationship: the index and each side's partnering score."""

    round: str
    index: float | None
    scores: tuple[float | None, float | None]


TR_LEFT, TR_RIGHT, TR_TOP, TR_BOTTOM = 64, WIDTH - 40, 44, 250


def _trend_title(parties: tuple[str, str], points: Sequence[TrendPoint]) -> str:
    known = [(p.round, p.index) for p in points if p.index is not None]
    if len(known) < 2:
        return _("{a} and {b} across {rounds} rounds").format(
            a=parties[0], b=parties[1], rounds=len(points)
        )
    return change_title(_("The partnering index"), known[0], known[-1])


def trend_chart(
    parties: tuple[str, str],
    points: Sequence[TrendPoint],
    *,
    key: str = "trend",
    font: str = FONT,
) -> Chart | None:
    """The partnering index (black squares) and each side's partnering score across rounds."""
    if len(points) < 2:
        return None
    title = _trend_title(parties, points)
    description = (
        _("Across rounds, 0 to 100.")
        + " "
        + " ".join(
            _("{round}: index {index}, {a} {score_a}, {b} {score_b}.").format(
                round=p.round,
                index=whole(p.index),
                a=parties[0],
                score_a=whole(p.scores[0]),
                b=parties[1],
                score_b=whole(p.scores[1]),
            )
            for p in points
        )
    )
    frame = TrendFrame(TR_LEFT, TR_RIGHT, TR_TOP, TR_BOTTOM, len(points))
    height = TR_BOTTOM + 56
    out = [open_svg(key, "trend", (WIDTH, height), title, description, font)]
    entries = [
        (0, _("{party}'s partnering score").format(party=parties[0])),
        (1, _("{party}'s").format(party=parties[1])),
    ]
    out += legend(entries, TR_LEFT + 150, 20, size=12, gap=18)
    out.append(square(TR_LEFT + 8, 15, 5))
    out.append(text(TR_LEFT + 20, 20, _("partnering index"), size=12))
    out += frame.y_axis("0–100")
    out += [frame.round_label(number, point.round) for number, point in enumerate(points)]
    series: list[tuple[int | None, list[float | None]]] = [
        (0, [p.scores[0] for p in points]),
        (1, [p.scores[1] for p in points]),
        (None, [p.index for p in points]),
    ]
    for index, values in series:
        colour = INK if index is None else SIDE_COLOURS[index]
        known = [(n, v) for n, v in enumerate(values) if v is not None]
        for (n1, v1), (n2, v2) in itertools.pairwise(known):
            (x1, y1), (x2, y2) = frame.xy(n1, v1), frame.xy(n2, v2)
            out.append(
                line(
                    x1,
                    y1,
                    x2,
                    y2,
                    stroke=colour,
                    width=2.5 if index is None else 1.5,
                    dash=None if index is None else "4 3",
                )
            )
        for n, v in known:
            x, y = frame.xy(n, v)
            if index is None:
                out.append(square(x, y, 6))
                # Above the square, unless a side's marker sits just above it.
                crowded = any(side is not None and 0 <= side - v <= 10 for side in points[n].scores)
                label_y = y + 24 if crowded else y - 12
                out.append(text(x, label_y, f"{v:.0f}", size=12, anchor="middle", weight="bold"))
            else:
                out.append(marker(index, x, y, 6))
    out.append("</svg>")
    table = DataTable(
        title,
        (_("Round"), _("Partnering index"), parties[0], parties[1]),
        tuple((p.round, whole(p.index), whole(p.scores[0]), whole(p.scores[1])) for p in points),
    )
    return Chart(key, title, description, "".join(out), table)
