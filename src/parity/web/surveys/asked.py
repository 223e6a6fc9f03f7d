"""What a round asked about, as it stood when the round was made: its facts.

A round records, with itself (:attr:`~parity.web.surveys.models.Round.asked`), each of its
relationships with the two parties' names, kinds and functions, the label and the scope, the
names of every party of the organization then (which are not people's names, for the quotes),
and the instrument (id and version) and thresholds it was opened with. Results, pages, the API,
reports and trends read these facts, never the live map, so renaming a party, relabelling a
relationship or archiving one changes future rounds only.

The facts of a relationship are recorded when it joins the round and kept from then on; a
round that has not opened yet is brought up to date when a party or relationship it asks about
is renamed or relabelled (:func:`refresh_unopened`), since nobody has been asked yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from parity.core import instrument as instruments
from parity.core.policy import Thresholds
from parity.web.orgs.models import Party, Relationship, Scope
from parity.web.surveys.models import Round

#: Written into :attr:`Round.asked` so that its shape can change later.
VERSION = 1


def _party_facts(party: Party) -> dict[str, Any]:
    return {"id": party.pk, "name": party.name, "kind": party.kind, "function": party.function}


def relationship_facts(relationship: Relationship) -> dict[str, Any]:
    """One relationship as a round records it."""
    return {
        "id": relationship.pk,
        "party_a": _party_facts(relationship.party_a),
        "party_b": _party_facts(relationship.party_b),
        "label": relationship.label,
        "scope": relationship.scope,
    }


def facts_now(round_: Round, keep: dict[int, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The facts of ``round_`` from the live map; relationships in ``keep`` (by id) keep the
    facts already recorded for them."""
    keep = keep or {}
    organization = round_.organization
    relationships = round_.relationships.select_related("party_a", "party_b").order_by("pk")
    try:
        reference: dict[str, str] = instruments.shipped_instrument(round_.instrument).reference()
    except instruments.InstrumentError:
        reference = {"id": str(round_.instrument), "version": ""}
    names = sorted(Party.objects.filter(organization=organization).values_list("name", flat=True))
    return {
        "version": VERSION,
        "relationships": [keep.get(r.pk) or relationship_facts(r) for r in relationships],
        "party_names": sorted(set(names) | {n for f in keep.values() for n in _names(f)}),
        "instrument": reference,
        "thresholds": {
            "score": organization.score_threshold,
            "text": organization.text_threshold,
        },
    }


def _names(facts: dict[str, Any]) -> tuple[str, str]:
    return (str(facts["party_a"]["name"]), str(facts["party_b"]["name"]))


def record(round_: Round, *, refresh: bool = False) -> None:
    """Record the facts of ``round_``'s relationships; those already recorded are kept unless
    ``refresh`` (only for a round nobody has been asked in yet)."""
    recorded = {} if refresh else {int(f["id"]): f for f in recorded_relationships(round_)}
    facts = facts_now(round_, recorded)
    if not refresh and round_.asked:
        # The instrument, thresholds and names the round was made with stay as recorded.
        facts = {**facts, **{k: round_.asked[k] for k in ("instrument", "thresholds")}}
        facts["party_names"] = sorted(
            set(round_.asked.get("party_names", [])) | set(facts["party_names"])
        )
    Round.objects.filter(pk=round_.pk).update(asked=facts, revision=F("revision") + 1)
    round_.asked = facts
    round_.refresh_from_db(fields=["revision"])


def recorded_relationships(round_: Round) -> list[dict[str, Any]]:
    asked = round_.asked or {}
    return list(asked.get("relationships", []))


@receiver(m2m_changed, sender=Round.relationships.through)
def _relationships_changed(
    sender: type, instance: Any, action: str, reverse: bool, **kwargs: Any
) -> None:
    """Whichever way a round's relationships are set (the use case, the demo, the admin), the
    round records the facts of those that join it."""
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    if isinstance(instance, Round):
        record(instance)


def refresh_unopened(relationships: Iterable[Relationship]) -> None:
    """Bring the facts of the rounds that ask about ``relationships`` and have not opened yet
    up to date: nobody has answered them, so they ask about the map as it is now."""
    ids = [r.pk for r in relationships]
    unopened = Round.objects.filter(relationships__in=ids, opens_at__gt=timezone.now()).distinct()
    with transaction.atomic():
        for round_ in unopened.select_related("organization"):
            record(round_, refresh=True)


@dataclass(frozen=True)
class AskedParty:
    """A party as the round asked about it; ``now`` is its name today when it has changed."""

    pk: int
    name: str
    kind: str
    function: str
    now: str | None = None

    @property
    def shown(self) -> str:
        """The name it had, with today's beside it: "IT (now Technology)"."""
        return f"{self.name} (now {self.now})" if self.now else self.name

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class AskedRelationship:
    """A relationship as the round asked about it: what every result of the round reads."""

    pk: int
    party_a: AskedParty
    party_b: AskedParty
    label: str
    scope: str

    @property
    def id(self) -> int:
        return self.pk

    @property
    def renamed(self) -> bool:
        return bool(self.party_a.now or self.party_b.now)

    @property
    def shown(self) -> str:
        return f"{self.party_a.shown} – {self.party_b.shown}"

    def get_scope_display(self) -> str:
        return str(dict(Scope.choices).get(self.scope, self.scope))

    def __str__(self) -> str:
        return f"{self.party_a.name} – {self.party_b.name}"


def asked_relationships(round_: Round) -> list[AskedRelationship]:
    """The round's relationships as it asked about them, by id, each party with its name today
    where that has changed; recorded first if the round has no facts yet."""
    return named_today(recorded_asked(round_))


def recorded_asked(round_: Round) -> list[AskedRelationship]:
    """The round's relationships as it asked about them, by id, as recorded (nothing read from
    the live map): what the results of a round may keep while the round does not change."""
    if not round_.asked:
        record(round_)
    facts = sorted(recorded_relationships(round_), key=lambda f: int(f["id"]))

    def party(f: dict[str, Any]) -> AskedParty:
        return AskedParty(
            pk=int(f["id"]), name=str(f["name"]), kind=str(f["kind"]), function=str(f["function"])
        )

    return [
        AskedRelationship(
            pk=int(f["id"]),
            party_a=party(f["party_a"]),
            party_b=party(f["party_b"]),
            label=str(f["label"]),
            scope=str(f["scope"]),
        )
        for f in facts
    ]


def named_today(relationships: list[AskedRelationship]) -> list[AskedRelationship]:
    """``relationships`` with each party's name today beside the one asked about, where it has
    changed (one query for the parties' names; the rows whose parties kept their names are
    returned as they are)."""
    ids = {p.pk for r in relationships for p in (r.party_a, r.party_b)}
    current = dict(Party.objects.filter(pk__in=ids).values_list("pk", "name"))

    def party(asked: AskedParty) -> AskedParty:
        now = current.get(asked.pk)
        changed = now if now is not None and now != asked.name else None
        return asked if changed == asked.now else replace(asked, now=changed)

    out = []
    for rel in relationships:
        a, b = party(rel.party_a), party(rel.party_b)
        out.append(
            rel if a is rel.party_a and b is rel.party_b else replace(rel, party_a=a, party_b=b)
        )
    return out


def asked_party_names(round_: Round) -> dict[int, str]:
    """Party id -> the name the round asked under."""
    out: dict[int, str] = {}
    for f in recorded_relationships(round_):
        for side in ("party_a", "party_b"):
            out[int(f[side]["id"])] = str(f[side]["name"])
    return out


def not_people(round_: Round) -> frozenset[str]:
    """The organization's party names when the round was made (not people's names)."""
    if not round_.asked:
        record(round_)
    return frozenset(str(n) for n in round_.asked.get("party_names", []))


def asked_thresholds(round_: Round) -> Thresholds | None:
    recorded = (round_.asked or {}).get("thresholds")
    if not recorded:
        return None
    return Thresholds(int(recorded["score"]), int(recorded["text"]))
