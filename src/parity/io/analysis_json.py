"""The JSON form of an analysis: a contract other tools read (see docs/json-output.md).

Floats are rounded to three decimals (scores are 0-100, so nothing meaningful is lost), NaN
becomes null, and keys keep the instrument's construct codes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from parity.core.analysis import Analysis, RelationshipResult, SideResult
from parity.core.language.words import SideWords

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


def side_dict(side: SideResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "about": side.about,
        "respondents": side.respondents,
        "shown": side.shown,
    }
    if side.shown:
        out |= {
            "partnering_score": _num(side.partnering_score),
            "scores": _num(side.scores),
            "sd": _num(side.sd),
            "ci95": _num({k: list(v) for k, v in side.ci.items()}),
            "agreement_rwg_j": _num(side.agreement),
            "low_agreement": list(side.low_agreement),
        }
        if side.words is not None:
            out["words"] = words_dict(side.words)
    return out


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
        "gaps": _num(rel.gaps),
        "power": _num(rel.power),
        "mutual_need": _num(rel.mutual_need),
        "parity": _num(rel.parity),
        "reasons": list(rel.reasons),
        "contradictions": list(rel.contradictions),
    }
    if rel.wave is not None:
        out = {"wave": rel.wave, **out}
    return out


def analysis_dict(analysis: Analysis) -> dict[str, Any]:
    reliability = {
        str(code): _num({k: (int(v) if k in ("items", "n") else float(v)) for k, v in row.items()})
        for code, row in analysis.reliability.iterrows()
    }
    return {
        "format_version": JSON_VERSION,
        "instrument": dict(analysis.instrument),
        "min_respondents": analysis.min_respondents,
        "gap_convention": "gaps are the first party's score minus the second party's",
        "relationships": [relationship_dict(r) for r in analysis.relationships],
        "reliability": reliability,
    }


def analysis_json(analysis: Analysis) -> str:
    """Pretty at the top, one compact line per relationship.

    Python's indenting encoder is pure Python and dominates the run time on large files; a
    line per relationship keeps the C encoder and stays easy to read, grep and diff.
    """
    data = analysis_dict(analysis)
    lines = [f"  {json.dumps(r, ensure_ascii=False)}" for r in data.pop("relationships")]
    head = json.dumps(data, indent=2, ensure_ascii=False)
    body = ",\n".join(lines)
    relationships = f'  "relationships": [\n{body}\n  ]' if lines else '  "relationships": []'
    return f"{head[:-2]},\n{relationships}\n}}\n"
