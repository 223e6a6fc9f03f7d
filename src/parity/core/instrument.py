"""The survey instrument as data.

TPI-1 ships as a TOML file inside the package so that its wording can be improved (or
translated) without touching code, while the item IDs and construct codes stay a contract.
Custom instruments (another language, extra items) go through the same validation, so a broken
file is refused with a sentence that says what to fix rather than failing half-way through an
analysis.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

#: Constructs every instrument must measure: the engine's formulas read them by code.
CORE_CONSTRUCTS: tuple[str, ...] = (
    "OUT",
    "STK",
    "COM",
    "ALT",
    "NEED",
    "ONEED",
    "VAL",
    "VOI",
    "DEF",
    "DIR",
    "TRX",
    "TRS",
)

#: Item IDs of TPI-1 that a custom instrument must keep (it may add more).
TPI1_ITEM_IDS: tuple[str, ...] = (
    "OUT1",
    "OUT2",
    "STK1",
    "STK2",
    "COM1",
    "COM2",
    "ALT1",
    "ALT2",
    "NEED1",
    "NEED2",
    "ONEED1",
    "VAL1",
    "VAL2",
    "VOI1",
    "VOI2",
    "DEF1",
    "DEF2",
    "DIR1",
    "DIR2",
    "TRX1",
    "TRX2",
    "TRS1",
    "TRS2",
    "TRS3",
)

OPEN_QUESTION_IDS: tuple[str, ...] = ("purpose", "persona", "mirror", "comment")

_ITEM_ID = re.compile(r"^([A-Z]+)(\d+)$")


class InstrumentError(ValueError):
    """An instrument definition that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Item:
    """One rated statement. ``text`` may contain ``{other}`` for the other party's name."""

    id: str
    construct: str
    text: str
    reverse: bool = False

    def wording(self, other: str) -> str:
        return self.text.replace("{other}", other)


@dataclass(frozen=True)
class OpenQuestion:
    id: str
    text: str

    def wording(self, other: str) -> str:
        return self.text.replace("{other}", other)


#: A construct's ``key`` names it in coaching triggers: lower case, digits and underscores.
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Construct:
    """A construct's words, all from the instrument file so that renaming or translating one
    is a change to that file only.

    ``name`` heads a table row ("Shared outcome"); ``short`` stands mid-sentence ("shared
    outcome"); ``gloss`` says it in the rating side's own voice ("we work toward the same
    outcome"); ``meaning`` explains it to a reader who has never seen Parity; ``key`` names it
    in coaching triggers ("outcome", so ``other_outcome`` and ``outcome_gap`` too).
    """

    code: str
    name: str
    short: str
    gloss: str
    meaning: str
    key: str
    #: The IDs of the construct's items, in the file's order.
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A page of the web survey: the constructs whose items are asked together."""

    title: str
    constructs: tuple[str, ...]


#: The page that gathers the items of constructs no ``[[pages]]`` entry names.
MORE_PAGE_TITLE = "More about working together"


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    language: str
    title: str
    scale_min: int
    scale_max: int
    scale_labels: tuple[str, ...]
    constructs: Mapping[str, Construct]
    items: tuple[Item, ...]
    open_questions: tuple[OpenQuestion, ...]
    #: The survey's pages of items (the open questions follow on a page of their own).
    pages: tuple[Page, ...] = ()

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def construct_codes(self) -> tuple[str, ...]:
        return tuple(self.constructs)

    @property
    def reverse_item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.reverse)

    @property
    def open_question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.open_questions)

    def name_of(self, code: str) -> str:
        """The heading name of construct ``code`` (the code itself when unknown)."""
        found = self.constructs.get(code)
        return found.name if found is not None else code

    def items_of(self, construct: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.construct == construct)

    def reference(self) -> dict[str, str]:
        """What travels with every result: which instrument, which version."""
        return {"id": self.id, "version": self.version}


def _require(data: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in data:
        raise InstrumentError(f"{where}: the field '{key}' is missing.")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InstrumentError(
            f"{where}: '{key}' must be {kind.__name__}, not {type(value).__name__}."
        )
    return value


def _parse_construct(code: Any, raw: Any, source: str) -> Construct:
    """``OUT = "Shared outcome"`` (the name only) or a ``[constructs.OUT]`` table with ``name``
    and, optionally, ``short``, ``gloss``, ``meaning`` and ``key``; what is not given is made
    from the name and the code."""
    where = f"{source}: construct {code!r}"
    if not isinstance(code, str) or not _ITEM_ID.match(f"{code}1"):
        raise InstrumentError(f"{source}: construct codes are capital letters, not {code!r}.")
    if isinstance(raw, str):
        raw = {"name": raw}
    if not isinstance(raw, Mapping):
        raise InstrumentError(f"{where} must be a name or a table with 'name'.")
    unknown = sorted(set(raw) - {"name", "short", "gloss", "meaning", "key"})
    if unknown:
        raise InstrumentError(f"{where} has unknown fields: {', '.join(unknown)}.")
    name = str(_require(raw, "name", str, where)).strip()
    words = {field: raw.get(field) for field in ("short", "gloss", "meaning", "key")}
    for field, value in words.items():
        if value is not None and not isinstance(value, str):
            raise InstrumentError(f"{where}: '{field}' must be text.")
    short = words["short"] or name.lower()
    key = words["key"] or code.lower()
    if not _KEY.match(key):
        raise InstrumentError(
            f"{where}: key {key!r} must be lower-case letters, digits and underscores."
        )
    return Construct(code, name, short, words["gloss"] or short, words["meaning"] or name, key)


def _parse_item(raw: Any, index: int, constructs: Mapping[str, Construct], source: str) -> Item:
    where = f"{source}: item {index + 1}"
    if not isinstance(raw, Mapping):
        raise InstrumentError(f"{where} must be a table with 'id' and 'text'.")
    item_id = _require(raw, "id", str, where)
    where = f"{source}: item {item_id!r}"
    match = _ITEM_ID.match(item_id)
    if match is None:
        raise InstrumentError(
            f"{where}: an item ID is capital letters followed by a number, such as OUT1."
        )
    construct = str(raw.get("construct", match.group(1)))
    if construct not in constructs:
        raise InstrumentError(
            f"{where}: its construct {construct!r} is not listed under [constructs]."
        )
    text = _require(raw, "text", str, where).strip()
    if not text:
        raise InstrumentError(f"{where}: the wording is empty.")
    reverse = raw.get("reverse", False)
    if not isinstance(reverse, bool):
        raise InstrumentError(f"{where}: 'reverse' must be true or false.")
    return Item(id=item_id, construct=construct, text=text, reverse=reverse)


def _parse_open_question(raw: Any, index: int, source: str) -> OpenQuestion:
    where = f"{source}: open question {index + 1}"
    if not isinstance(raw, Mapping):
        raise InstrumentError(f"{where} must be a table with 'id' and 'text'.")
    qid = _require(raw, "id", str, where)
    text = _require(raw, "text", str, f"{source}: open question {qid!r}").strip()
    return OpenQuestion(id=qid, text=text)


def _check_contract(
    items: tuple[Item, ...], constructs: Mapping[str, Construct], source: str
) -> None:
    ids = [item.id for item in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InstrumentError(f"{source}: item IDs appear twice: {', '.join(duplicates)}.")
    missing_constructs = [c for c in CORE_CONSTRUCTS if c not in constructs]
    if missing_constructs:
        raise InstrumentError(
            f"{source}: the constructs {', '.join(missing_constructs)} are required by the "
            "analysis and must be listed under [constructs]."
        )
    missing_items = [i for i in TPI1_ITEM_IDS if i not in ids]
    if missing_items:
        raise InstrumentError(
            f"{source}: the TPI-1 items {', '.join(missing_items)} are missing; a custom "
            "instrument may reword or add items but must keep these IDs."
        )
    for item in items:
        if item.id == "TRS3" and not item.reverse:
            raise InstrumentError(f"{source}: item 'TRS3' must be reverse-keyed (reverse = true).")
        expected = item.id.rstrip("0123456789")
        if item.id in TPI1_ITEM_IDS and item.construct != expected:
            raise InstrumentError(
                f"{source}: item {item.id!r} belongs to construct {expected!r}, "
                f"not {item.construct!r}."
            )


def parse_instrument(data: Mapping[str, Any], source: str = "instrument") -> Instrument:
    """Build and validate an :class:`Instrument` from a parsed TOML/JSON mapping."""
    ident = _require(data, "id", str, source)
    version = _require(data, "version", str, source)
    scale_min = _require(data, "scale_min", int, source)
    scale_max = _require(data, "scale_max", int, source)
    if scale_max <= scale_min:
        raise InstrumentError(f"{source}: scale_max must be greater than scale_min.")
    raw_constructs = _require(data, "constructs", Mapping, source)
    constructs = {
        str(code): _parse_construct(code, raw, source) for code, raw in raw_constructs.items()
    }
    keys = [c.key for c in constructs.values()]
    if len(set(keys)) != len(keys):
        raise InstrumentError(f"{source}: two constructs have the same key; keys must differ.")
    raw_items = _require(data, "items", list, source)
    items = tuple(_parse_item(raw, i, constructs, source) for i, raw in enumerate(raw_items))
    _check_contract(items, constructs, source)
    raw_questions = data.get("open_questions", [])
    if not isinstance(raw_questions, list):
        raise InstrumentError(f"{source}: 'open_questions' must be a list of tables.")
    questions = tuple(_parse_open_question(raw, i, source) for i, raw in enumerate(raw_questions))
    labels = data.get("scale_labels", [])
    if not isinstance(labels, list):
        raise InstrumentError(f"{source}: 'scale_labels' must be a list of texts, one per point.")
    if labels and len(labels) != scale_max - scale_min + 1:
        raise InstrumentError(
            f"{source}: scale_labels has {len(labels)} labels for a "
            f"{scale_min}-{scale_max} scale; give one per point or none."
        )
    pages = _parse_pages(data.get("pages", []), constructs, source)
    constructs = {
        code: replace(c, items=tuple(i.id for i in items if i.construct == code))
        for code, c in constructs.items()
    }
    return Instrument(
        id=ident,
        version=version,
        language=str(data.get("language", "en")),
        title=str(data.get("title", ident)),
        scale_min=scale_min,
        scale_max=scale_max,
        scale_labels=tuple(str(label) for label in labels),
        constructs=constructs,
        items=items,
        open_questions=questions,
        pages=tuple(page for page in pages if any(i.construct in page.constructs for i in items)),
    )


def _parse_pages(raw: Any, constructs: Mapping[str, Construct], source: str) -> tuple[Page, ...]:
    """``[[pages]]`` with a ``title`` and the ``constructs`` asked on it; every construct with
    items not on a page is asked on one more page at the end."""
    if not isinstance(raw, list):
        raise InstrumentError(f"{source}: 'pages' must be a list of tables.")
    pages: list[Page] = []
    placed: set[str] = set()
    for index, entry in enumerate(raw):
        where = f"{source}: page {index + 1}"
        if not isinstance(entry, Mapping):
            raise InstrumentError(f"{where} must be a table with 'title' and 'constructs'.")
        title = str(_require(entry, "title", str, where)).strip()
        codes = _require(entry, "constructs", list, where)
        for code in codes:
            if not isinstance(code, str) or code not in constructs:
                raise InstrumentError(f"{where} names {code!r}, which is not a construct.")
            if code in placed:
                raise InstrumentError(f"{where} names {code!r}, already on an earlier page.")
            placed.add(code)
        pages.append(Page(title, tuple(codes)))
    rest = tuple(code for code in constructs if code not in placed)
    return (*pages, Page(MORE_PAGE_TITLE, rest)) if rest else tuple(pages)


def parse_instrument_toml(text: str, source: str = "instrument") -> Instrument:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError(f"{source}: not valid TOML ({error}).") from error
    return parse_instrument(data, source)


@cache
def shipped_instruments() -> Mapping[str, Instrument]:
    """The instruments shipped in the package (``core/instruments/*.toml``), by id: what a
    round of the web application can ask. Adding one is adding its file."""
    folder = resources.files("parity.core").joinpath("instruments")
    found = (
        parse_instrument_toml(entry.read_text("utf-8"), entry.name)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    )
    return {instrument.id: instrument for instrument in found}


def shipped_instrument(ident: str) -> Instrument:
    """The shipped instrument ``ident`` (``"TPI-1"``); a sentence naming the known ones if
    there is no such instrument."""
    known = shipped_instruments()
    if ident not in known:
        raise InstrumentError(
            f"There is no instrument {ident!r}; Parity ships {', '.join(sorted(known))}."
        )
    return known[ident]


def default_instrument() -> Instrument:
    """TPI-1, the instrument shipped with Parity."""
    return shipped_instrument("TPI-1")
