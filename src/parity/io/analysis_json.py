"""The JSON form of an analysis: a contract other tools read (docs/json-output.md), whose
JSON Schema (docs/analysis.schema.json) is made from :mod:`parity.io.analysis_schema`. A key
added here is added there too: the tests check the demo's output against the schema.

Floats are rounded to three decimals (scores are 0-100, so nothing meaningful is lost), NaN
becomes null, and keys keep the instrument's construct codes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import orjson

from parity.core.agreement import AlphaResult
from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.intervals import Interval, Intervals
from parity.core.language.themes import Theme
from parity.core.language.words import SideWords
from parity.core.network import Network
from parity.core.organization import OrganizationView, organization_view
from parity.core.roundrobin import Finding, RoundRobin
from parity.core.screen import (
    ACQUIESCENCE_MIN_PAIRS,
    ACQUIESCENCE_MIN_SHARE,
    AGREE_POINTS,
    MIN_ANSWERED_SHARE,
    SECONDS_PER_ITEM,
    STRAIGHT_LINE_MIN_ANSWERS,
    ScreenSummary,
)
from parity.core.segments import SideSegments
from parity.core.trends import ScopeComparison, ScopeSummary, Trends

JSON_VERSION = 1


def _num(value: Any) -> Any:
    """Round floats to three decimals and turn NaN into None, through nested containers."""
    kind = type(value)
    if kind is float or isinstance(value, float):
        return None if value != value else round(float(value), 3)
    if kind is dict or isinstance(value, Mapping):
        return {str(k): _num(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_num(v) for v in value]
    return value


def _round(value: float) -> float | None:
    """:func:`_num` of one float."""
    return None if value != value else round(float(value), 3)


def _floats(values: Mapping[str, float]) -> dict[str, float | None]:
    """:func:`_num` of a mapping of floats, the commonest shape of the contract: one pass,
    without asking each value its type (a large file has millions of them)."""
    return {k: None if v != v else round(float(v), 3) for k, v in values.items()}


def _pairs(values: Mapping[str, tuple[float, float]]) -> dict[str, list[float | None]]:
    """:func:`_num` of a mapping of (low, high) pairs, each as a list."""
    return {
        k: [
            None if low != low else round(float(low), 3),
            None if high != high else round(float(high), 3),
        ]
        for k, (low, high) in values.items()
    }


def side_dict(side: SideResult) -> dict[str, Any]:
    # A hidden side's own count is not shown: it would tell who answered (docs/privacy.md).
    out: dict[str, Any] = {
        "about": side.about,
        "respondents": side.respondents if side.shown else None,
        "shown": side.shown,
    }
    if side.shown:
        out |= {
            "partnering_score": _num(side.partnering_score),
            "partnering_score_ci95": _interval(side.partnering_interval),
            "scores": _floats(side.scores),
            "answered": dict(side.answered),
            "sd": _floats(side.sd),
            "ci95": _pairs(side.ci),
            "agreement_rwg_j": _floats(side.agreement),
            "low_agreement": list(side.low_agreement),
            "reliability": {c: alpha_dict(r) for c, r in side.reliability.items()},
        }
        if side.words is not None:
            out["words"] = words_dict(side.words)
        if side.segments is not None:
            out["segments"] = segments_dict(side.segments)
    return out


def segments_dict(found: SideSegments) -> dict[str, Any]:
    """A side's segments (docs/method.md §2b): per attribute shown, its segments with
    their means and counts; the attributes given but not shown; the splits."""
    return {
        "attributes": {
            a.attribute: [
                {
                    "value": s.value,
                    "respondents": s.respondents,
                    "scores": _num(s.scores),
                    "answered": dict(s.answered),
                }
                for s in a.segments
            ]
            for a in found.attributes
        },
        "withheld": list(found.withheld),
        "splits": [
            {
                "attribute": s.attribute,
                "construct": s.construct,
                "high": s.high,
                "low": s.low,
                "scores": _num(list(s.scores)),
                "difference": _num(s.difference),
                "ci95": _num(list(s.ci)),
            }
            for s in found.splits
        ],
    }


def _interval(found: Interval | None) -> list[float] | None:
    """A 95% interval as [low, high], or null where none may be shown."""
    return None if found is None else _num(list(found))


def intervals_dict(found: Intervals) -> dict[str, Any]:
    """The relationship's 95% intervals (docs/method.md §4a), where they may be shown, and the
    gaps and misreadings named by the rule (at least the notable size, interval clear of 0)."""
    return {
        "partnering_index_ci95": _interval(found.partnering_index),
        "gaps_ci95": _pairs(found.gaps),
        "misreadings_ci95": _pairs(found.misreadings),
        "power_gap_ci95": _interval(found.power_gap),
        "named": {
            "gaps": sorted(found.named_gaps),
            "misreadings": sorted(found.named_misreadings),
        },
    }


def alpha_dict(result: AlphaResult) -> dict[str, Any]:
    """An alpha with the numbers it rests on: its interval, the respondents, the items."""
    return {
        "alpha": _round(result.alpha),
        "ci95": [_round(result.ci_low), _round(result.ci_high)],
        "n": result.n,
        "items": result.k,
    }


def words_dict(words: SideWords) -> dict[str, Any]:
    return {
        "statements": words.statements,
        "stances": dict(words.overall),
        "by_question": {q: dict(c) for q, c in words.by_question.items()},
        "quotes": [
            {
                "question": q.column,
                "text": q.text,
                "stance": q.label,
                "confidence": round(q.confidence, 3),
            }
            for q in words.quotes
        ],
        "portraits": [
            {
                "question": p.column,
                "text": p.text,
                "stance": p.label,
                "confidence": round(p.quote.confidence, 3),
                "image": p.image,
                "traits": list(p.traits),
                "feelings": list(p.feelings),
            }
            for p in words.portraits
        ],
        "themes": [theme_dict(t) for t in words.themes],
    }


def theme_dict(theme: Theme) -> dict[str, Any]:
    """One theme of a side's comments; the answers in no theme are one more, ``"other"``."""
    quote = theme.quote
    return {
        "label": "other" if theme.other else theme.label,
        "words": list(theme.words),
        "answers": theme.answers,
        "other": theme.other,
        "quote": quote.text if quote is not None else None,
    }


def relationship_dict(rel: RelationshipResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "parties": list(rel.parties),
        "label": rel.label,
        "scope": rel.scope,
        "archetype": rel.archetype,
        "roles": dict(rel.roles),
        "confidence": _num(rel.confidence),
        "partnering_index": _num(rel.partnering_index),
        "name_only": rel.name_only,
        "declared_partner": rel.declared_partner,
        "sides": {side.party: side_dict(side) for side in rel.sides},
        "gaps": _floats(rel.gaps),
        "power": _num(rel.power),
        "mutual_need": _num(rel.mutual_need),
        "parity": _floats(rel.parity),
        "reasons": list(rel.reasons),
        "contradictions": list(rel.contradictions),
        **intervals_dict(rel.intervals),
    }
    if rel.wave is not None:
        out = {"wave": rel.wave, **out}
    return out


def finding_dict(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "kind": finding.kind,
        "party": finding.party,
        "construct": finding.construct,
        "effect": _num(finding.effect),
        "sentence": finding.sentence,
    }
    if finding.other is not None:
        out["other"] = finding.other
    if finding.reliability is not None:
        out["reliability"] = _num(finding.reliability)
    return out


def round_robin_dict(robin: RoundRobin) -> dict[str, Any]:
    return {
        "wave": robin.wave,
        "members": list(robin.members),
        "left_out": list(robin.left_out),
        "ratings": robin.ratings,
        "possible": robin.possible,
        "findings": [finding_dict(f) for f in robin.findings],
        "pair_findings": [finding_dict(f) for f in robin.pair_findings],
        "constructs": {
            c.construct: {
                "shares": _num(c.shares),
                "generalized_reciprocity": _num(c.generalized_reciprocity),
                "dyadic_reciprocity": _num(c.dyadic_reciprocity),
                "reliability": _num(c.reliability),
                "perceiver_effects": _num(c.perceiver_effects),
                "target_effects": _num(c.target_effects),
                "warnings": list(c.warnings),
            }
            for c in robin.constructs
        },
    }


def network_dict(net: Network) -> dict[str, Any]:
    return {
        "wave": net.wave,
        "nodes": [
            {
                "name": n.name,
                "kind": n.kind,
                "relationships": n.degree,
                "strength": _num(n.strength),
                "betweenness": _num(n.betweenness),
                "roles": dict(n.roles),
            }
            for n in net.nodes
        ],
        "central": list(net.central),
        "servants": {c.party: list(c.others) for c in net.servants},
        "masters": {c.party: list(c.others) for c in net.masters},
        "clusters": [list(c) for c in net.clusters],
        "cores": [list(c) for c in net.cores],
        "unpartnered": list(net.unpartnered),
        "sentences": list(net.sentences),
    }


def _scope_dict(summary: ScopeSummary) -> dict[str, Any]:
    return {
        "relationships": summary.relationships,
        "classified": summary.classified,
        "mean_partnering_index": _num(summary.mean_index),
        "partnering": summary.partnering,
        "name_only": summary.name_only,
        "archetypes": dict(summary.archetypes),
    }


def scopes_dict(scopes: ScopeComparison) -> dict[str, Any]:
    return {
        "internal": _scope_dict(scopes.internal),
        "external": _scope_dict(scopes.external),
        "difference": _num(scopes.difference),
        "verdict": scopes.verdict,
        "sentence": scopes.sentence,
    }


def trends_dict(trends: Trends) -> dict[str, Any]:
    return {
        "rounds": list(trends.rounds),
        "relationships": [
            {
                "parties": list(t.parties),
                "points": [
                    {
                        "round": p.round,
                        "archetype": p.archetype,
                        "partnering_index": _num(p.partnering_index),
                        "asymmetry": _num(p.asymmetry),
                    }
                    for p in t.points
                ],
            }
            for t in trends.relationships
        ],
        "warnings": [
            {
                "parties": list(w.parties),
                "from": w.before.round,
                "to": w.after.round,
                "asymmetry": [_num(w.before.asymmetry), _num(w.after.asymmetry)],
                "driver": w.driver,
                "sentence": w.sentence,
            }
            for w in trends.warnings
        ],
        "sentences": list(trends.sentences),
    }


def organization_dict(view: OrganizationView) -> dict[str, Any]:
    """The organization-wide views (docs/method.md, "The whole organization")."""
    return {
        "wave": view.wave,
        "round_robin": None if view.round_robin is None else round_robin_dict(view.round_robin),
        "network": network_dict(view.network),
        "internal_external": None if view.scopes is None else scopes_dict(view.scopes),
        "trends": None if view.trends is None else trends_dict(view.trends),
    }


def screen_dict(screen: ScreenSummary) -> dict[str, Any]:
    """The respondent screen (docs/method.md §2a): the flagged respondents of each shown side
    (sides with none are not listed; a hidden side never is), by reason, and the rules'
    thresholds."""
    sides = []
    for side in screen.sides:
        entry: dict[str, Any] = {
            "party": side.party,
            "about": side.about,
            "flagged": side.flagged,
            "reasons": dict(side.reasons),
        }
        if side.wave is not None:
            wave = side.wave
            entry = {"wave": wave if isinstance(wave, str | int | float) else str(wave), **entry}
        sides.append(entry)
    return {
        "kept_flagged": screen.kept,
        "flagged": screen.flagged,
        "reasons": screen.reasons,
        "sides": sides,
        "thresholds": {
            "min_answered_share": MIN_ANSWERED_SHARE,
            "straight_line_min_answers": STRAIGHT_LINE_MIN_ANSWERS,
            "agree_points": AGREE_POINTS,
            "acquiescence_min_pairs": ACQUIESCENCE_MIN_PAIRS,
            "acquiescence_min_share": ACQUIESCENCE_MIN_SHARE,
            "seconds_per_item": SECONDS_PER_ITEM,
        },
    }


def analysis_dict(analysis: Analysis, view: OrganizationView | None = None) -> dict[str, Any]:
    """The analysis as the JSON contract has it; ``view`` is its organization view when the
    caller has already made it (the terminal shows the same)."""
    data = _summary_dict(analysis, view)
    data["relationships"] = [relationship_dict(r) for r in analysis.relationships]
    return data


def _summary_dict(analysis: Analysis, view: OrganizationView | None) -> dict[str, Any]:
    """:func:`analysis_dict` with ``relationships`` left empty (``None``), in its place."""
    reliability = {
        str(code): _num({k: (int(v) if k in ("items", "n") else float(v)) for k, v in row.items()})
        for code, row in analysis.reliability.iterrows()
    }
    return {
        "format_version": JSON_VERSION,
        "instrument": dict(analysis.instrument),
        "min_respondents": analysis.min_respondents,
        "gap_convention": "gaps are the first party's score minus the second party's",
        "relationships": None,
        "reliability": reliability,
        "screen": screen_dict(analysis.screen),
        "organization": organization_dict(view or organization_view(analysis)),
    }


def analysis_json(analysis: Analysis, view: OrganizationView | None = None) -> str:
    """The whole document as text (:func:`analysis_json_parts`, joined)."""
    return b"".join(analysis_json_parts(analysis, view)).decode("utf-8")


def analysis_json_parts(
    analysis: Analysis, view: OrganizationView | None = None
) -> Iterator[bytes]:
    """The document in UTF-8 pieces, to be written one after the other: pretty at the top, one
    compact line per relationship.

    Python's indenting encoder is pure Python and dominates the run time on large files; a
    compact line per relationship, written by orjson's encoder (several times faster than the
    standard library's C encoder), stays easy to read, grep and diff. Each relationship is
    encoded as it is written, so neither its dict nor the whole document's text is ever held
    at once: on a large file that text, copied as it is joined, decoded and encoded again,
    was the last step's peak in memory.
    """
    data = _summary_dict(analysis, view)
    del data["relationships"]
    head = json.dumps(data, indent=2, ensure_ascii=False)
    yield f"{head[:-2]},\n".encode()
    if not analysis.relationships:
        yield b'  "relationships": []\n}\n'
        return
    yield b'  "relationships": [\n'
    for i, rel in enumerate(analysis.relationships):
        yield (b"  " if i == 0 else b",\n  ") + orjson.dumps(relationship_dict(rel), option=_ORJSON)
    yield b"\n  ]\n}\n"


#: Keys that are not text (a numeric wave) written as text, and NumPy numbers as numbers, as
#: the standard library's encoder does.
_ORJSON = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY
