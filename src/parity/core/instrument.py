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

#: The family a custom instrument belongs to when its file names none.
DEFAULT_FAMILY = "TPI-1"

#: How an item's answer becomes a construct score (docs/method.md §1):
#: ``linear``: the answer as given (reverse-keyed items turned round);
#: ``balance``: a comparison whose best answer is its middle ("about the same"), falling to the
#: lowest score at either end;
#: ``not_less``: a comparison whose answer counts in full from the middle up ("about the same"
#: or more for us), falling to the lowest score when the other party has far more.
SCORINGS: tuple[str, ...] = ("linear", "balance", "not_less")

#: The middle point of a comparison item when its file gives no wording for it.
DEFAULT_MIDDLE = "About the same"

_ITEM_ID = re.compile(r"^([A-Z]+)(\d+)$")


class InstrumentError(ValueError):
    """An instrument definition that cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Item:
    """One rated statement. ``text`` may contain ``{other}`` for the other party's name.

    A *comparison* item (``anchors`` given) asks which way something leans between the two
    parties ("Who has more say ...?") on a scale whose ends are its anchors and whose middle is
    "about the same"; its ``scoring`` says how that answer becomes a construct score, so that
    having more than the other party is not read as having less (TPI-1's "equal say" items
    could not tell the two apart).
    """

    id: str
    construct: str
    text: str
    reverse: bool = False
    scoring: str = "linear"
    #: The words at the low and the high end of the scale, for a comparison item.
    anchors: tuple[str, str] | None = None
    middle: str = DEFAULT_MIDDLE

    def wording(self, other: str) -> str:
        return self.text.replace("{other}", other)

    @property
    def compares(self) -> bool:
        """True for a comparison item (its scale runs from one party to the other)."""
        return self.anchors is not None

    def anchor_wording(self, other: str) -> tuple[str, str]:
        """The anchors with the other party's name, or empty texts for an agreement item."""
        low, high = self.anchors or ("", "")
        return low.replace("{other}", other), high.replace("{other}", other)


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
    #: The shipped instrument whose item IDs this one keeps (docs/instrument.md).
    family: str = DEFAULT_FAMILY

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
    def comparison_item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items if item.compares)

    def items_scored(self, scoring: str) -> tuple[str, ...]:
        """The IDs of the items scored by ``scoring`` (one of :data:`SCORINGS`)."""
        return tuple(item.id for item in self.items if item.scoring == scoring)

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
    anchors, middle = _parse_anchors(raw, where)
    scoring = _parse_scoring(raw, where, anchors is not None, reverse)
    return Item(item_id, construct, text, reverse, scoring, anchors, middle)


def _parse_anchors(raw: Mapping[str, Any], where: str) -> tuple[tuple[str, str] | None, str]:
    """``anchors = ["{other} has much more say", "We have much more say"]``: the two ends of a
    comparison item, and optionally ``middle`` for its midpoint."""
    found = raw.get("anchors")
    middle = raw.get("middle", DEFAULT_MIDDLE)
    if not isinstance(middle, str) or not middle.strip():
        raise InstrumentError(f"{where}: 'middle' must be the wording of the scale's middle.")
    if found is None:
        if "middle" in raw:
            raise InstrumentError(f"{where}: 'middle' needs 'anchors' (the two ends).")
        return None, DEFAULT_MIDDLE
    if (
        not isinstance(found, list)
        or len(found) != 2
        or not all(isinstance(end, str) and end.strip() for end in found)
    ):
        raise InstrumentError(
            f"{where}: 'anchors' must be two texts, the low end and the high end of the scale."
        )
    return (found[0].strip(), found[1].strip()), middle.strip()


def _parse_scoring(raw: Mapping[str, Any], where: str, compares: bool, reverse: bool) -> str:
    scoring = raw.get("scoring", "linear")
    if scoring not in SCORINGS:
        raise InstrumentError(
            f"{where}: 'scoring' must be one of {', '.join(SCORINGS)}, not {scoring!r}."
        )
    if scoring != "linear" and not compares:
        raise InstrumentError(
            f"{where}: scoring {scoring!r} compares the two parties; give the item 'anchors'."
        )
    if scoring != "linear" and reverse:
        raise InstrumentError(
            f"{where}: a {scoring!r} item cannot also be reverse-keyed; swap its anchors instead."
        )
    return str(scoring)


def _parse_open_question(raw: Any, index: int, source: str) -> OpenQuestion:
    where = f"{source}: open question {index + 1}"
    if not isinstance(raw, Mapping):
        raise InstrumentError(f"{where} must be a table with 'id' and 'text'.")
    qid = _require(raw, "id", str, where)
    text = _require(raw, "text", str, f"{source}: open question {qid!r}").strip()
    return OpenQuestion(id=qid, text=text)


def _check_contract(
    items: tuple[Item, ...],
    constructs: Mapping[str, Construct],
    source: str,
    family: Instrument | None,
) -> None:
    """Item IDs are unique, the engine's constructs are there, and an instrument of a family
    keeps the family's items: same IDs, same constructs, same keying (``family`` is None for
    the shipped instrument that defines a family)."""
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
    for item in items:
        expected = item.id.rstrip("0123456789")
        if item.construct != expected and (family is None or item.id in family.item_ids):
            raise InstrumentError(
                f"{source}: item {item.id!r} belongs to construct {expected!r}, "
                f"not {item.construct!r}."
            )
    if family is not None:
        _check_family(items, family, source)


def _check_family(items: tuple[Item, ...], family: Instrument, source: str) -> None:
    ids = {item.id: item for item in items}
    missing_items = [i for i in family.item_ids if i not in ids]
    if missing_items:
        raise InstrumentError(
            f"{source}: the {family.id} items {', '.join(missing_items)} are missing; a custom "
            "instrument may reword or add items but must keep these IDs."
        )
    for kept in family.items:
        item = ids[kept.id]
        if item.reverse != kept.reverse:
            should = "reverse-keyed (reverse = true)" if kept.reverse else "not reverse-keyed"
            raise InstrumentError(
                f"{source}: item {kept.id!r} must be {should}, as in {family.id}."
            )
        if item.scoring != kept.scoring:
            raise InstrumentError(
                f"{source}: item {kept.id!r} must keep scoring {kept.scoring!r}, as in {family.id}."
            )


def parse_instrument(
    data: Mapping[str, Any], source: str = "instrument", *, defines_family: bool = False
) -> Instrument:
    """Build and validate an :class:`Instrument` from a parsed TOML/JSON mapping.

    ``family`` (default TPI-1) names the shipped instrument whose items this one keeps;
    ``defines_family`` is for the shipped files themselves, which are their own family.
    """
    ident = _require(data, "id", str, source)
    family_id = str(data.get("family", ident if defines_family else DEFAULT_FAMILY))
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
    if defines_family and family_id != ident:
        raise InstrumentError(f"{source}: a shipped instrument is its own family ({ident!r}).")
    family = None if defines_family else _family(family_id, source)
    _check_contract(items, constructs, source, family)
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
        family=family_id,
    )


def _family(family_id: str, source: str) -> Instrument:
    """The shipped instrument that a custom one extends."""
    known = shipped_instruments()
    if family_id not in known:
        raise InstrumentError(
            f"{source}: family {family_id!r} is not a shipped instrument; "
            f"use one of {', '.join(sorted(known))}."
        )
    return known[family_id]


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


def parse_instrument_toml(
    text: str, source: str = "instrument", *, defines_family: bool = False
) -> Instrument:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError(f"{source}: not valid TOML ({error}).") from error
    return parse_instrument(data, source, defines_family=defines_family)


@cache
def shipped_instruments() -> Mapping[str, Instrument]:
    """The instruments shipped in the package (``core/instruments/*.toml``), by id: what a
    round of the web application can ask. Adding one is adding its file."""
    folder = resources.files("parity.core").joinpath("instruments")
    found = (
        parse_instrument_toml(entry.read_text("utf-8"), entry.name, defines_family=True)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml") and not _is_translation(entry.name)
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


# Translations --------------------------------------------------------------------------------
#
# A shipped instrument's words in another language live beside it, in ``<file>.<language>.toml``
# (``tpi-1.de.toml``): only what a respondent reads, keyed by the same item IDs, so that the
# IDs, the constructs, the keying and the scale (hence every stored answer and every score)
# stay those of the instrument itself (docs/instrument.md, "Translations").

#: The fields a translation file may have, besides its ``[items]`` and ``[open_questions]``.
_TRANSLATION_FIELDS = frozenset(
    {"instrument", "language", "title", "scale_labels", "middle", "page_titles"}
)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _is_translation(file_name: str) -> bool:
    """``tpi-1.de.toml`` translates ``tpi-1.toml``; it is not an instrument of its own."""
    return "." in file_name.removesuffix(".toml")


def translation_file_name(ident: str, language: str) -> str:
    """The file that holds instrument ``ident``'s words in ``language``."""
    return f"{ident.lower()}.{language}.toml"


def instrument_in(ident: str, language: str) -> Instrument:
    """The shipped instrument ``ident`` with the words a respondent reads in ``language``
    (page titles, scale labels, items, open questions), or as shipped (English) when that
    language has no translation file; everything that is scored stays the same.

    A translation file that lacks an item, has one the instrument does not, or changes an
    item's ``{other}`` is refused with a sentence naming the file and the item.
    """
    instrument = shipped_instrument(ident)
    if language == instrument.language:
        return instrument
    name = translation_file_name(ident, language)
    data = _translation_file(name)
    return instrument if data is None else translated(instrument, data, name)


@cache
def _translation_file(name: str) -> Mapping[str, Any] | None:
    """The shipped translation file ``name``, read once; None if there is none."""
    entry = resources.files("parity.core").joinpath("instruments").joinpath(name)
    if not entry.is_file():
        return None
    try:
        return tomllib.loads(entry.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise InstrumentError(f"{name}: not valid TOML ({error}).") from error


def translated(instrument: Instrument, data: Mapping[str, Any], source: str) -> Instrument:
    """``instrument`` with the words of translation ``data`` (read from ``source``)."""
    unknown = sorted(set(data) - _TRANSLATION_FIELDS - {"items", "open_questions"})
    if unknown:
        raise InstrumentError(f"{source}: unknown fields: {', '.join(unknown)}.")
    if data.get("instrument") != instrument.id:
        raise InstrumentError(f"{source}: 'instrument' must name {instrument.id!r}.")
    language = _require(data, "language", str, source)
    labels = [str(label) for label in data.get("scale_labels", [])]
    if len(labels) != len(instrument.scale_labels):
        raise InstrumentError(
            f"{source}: scale_labels must have {len(instrument.scale_labels)} labels, "
            f"one for each of {instrument.id}'s, not {len(labels)}."
        )
    titles = [str(title) for title in data.get("page_titles", [])]
    if len(titles) != len(instrument.pages):
        raise InstrumentError(
            f"{source}: page_titles must have {len(instrument.pages)} titles, one for each "
            f"of {instrument.id}'s pages in order, not {len(titles)}."
        )
    texts = _keyed(data, "items", instrument.item_ids, source)
    questions = _keyed(data, "open_questions", instrument.open_question_ids, source)
    middle = data.get("middle")
    return replace(
        instrument,
        language=language,
        title=str(data.get("title", instrument.title)),
        scale_labels=tuple(labels),
        items=tuple(_translated_item(i, texts[i.id], middle, source) for i in instrument.items),
        open_questions=tuple(
            replace(q, text=_same_placeholders(q.text, questions[q.id], f"{source}: {q.id!r}"))
            for q in instrument.open_questions
        ),
        pages=tuple(
            replace(page, title=t) for page, t in zip(instrument.pages, titles, strict=True)
        ),
    )


def _keyed(data: Mapping[str, Any], table: str, ids: tuple[str, ...], source: str) -> Any:
    """The ``[table]`` of a translation file, with exactly the instrument's ``ids``."""
    found = data.get(table, {})
    if not isinstance(found, Mapping):
        raise InstrumentError(f"{source}: [{table}] must be a table keyed by ID.")
    missing = [i for i in ids if i not in found]
    if missing:
        raise InstrumentError(
            f"{source}: [{table}] has no wording for {', '.join(missing)}; every one needs one."
        )
    extra = sorted(set(found) - set(ids))
    if extra:
        raise InstrumentError(
            f"{source}: [{table}] words {', '.join(extra)}, which the instrument does not ask."
        )
    return found


def _translated_item(item: Item, raw: Any, middle: Any, source: str) -> Item:
    """An item with the translated text and, for a comparison, its anchors and middle."""
    where = f"{source}: item {item.id!r}"
    words = {"text": raw} if isinstance(raw, str) else raw
    if not isinstance(words, Mapping) or not isinstance(words.get("text"), str):
        raise InstrumentError(f"{where} must be a text, or a table with 'text'.")
    unknown = sorted(set(words) - {"text", "anchors", "middle"})
    if unknown:
        raise InstrumentError(f"{where} has unknown fields: {', '.join(unknown)}.")
    text = _same_placeholders(item.text, words["text"], where)
    if item.anchors is None:
        if "anchors" in words or "middle" in words:
            raise InstrumentError(f"{where} is not a comparison; give it no anchors or middle.")
        return replace(item, text=text)
    anchors = words.get("anchors")
    if not isinstance(anchors, list) or len(anchors) != 2:
        raise InstrumentError(f"{where} is a comparison: give its two 'anchors', low end first.")
    ends = tuple(
        _same_placeholders(e, str(a), where) for e, a in zip(item.anchors, anchors, strict=True)
    )
    own = words.get("middle")
    if own is None and item.middle != DEFAULT_MIDDLE:
        raise InstrumentError(f"{where} has a middle of its own ({item.middle!r}): give 'middle'.")
    said = own if own is not None else middle
    if not isinstance(said, str) or not said.strip():
        raise InstrumentError(f"{where}: the file's 'middle' (the scale's midpoint) is missing.")
    return replace(item, text=text, anchors=(ends[0], ends[1]), middle=said.strip())


def _same_placeholders(original: str, wording: str, where: str) -> str:
    """``wording``, if it is not empty and names the same placeholders as ``original``."""
    wording = wording.strip()
    if not wording:
        raise InstrumentError(f"{where}: the wording is empty.")
    if sorted(_PLACEHOLDER.findall(wording)) != sorted(_PLACEHOLDER.findall(original)):
        raise InstrumentError(
            f"{where}: {wording!r} must name the same placeholders as {original!r}."
        )
    return wording
