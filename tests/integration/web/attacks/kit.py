"""The attacker's toolkit: what anyone with a browser, an API token or a database dump can do.

Everything here goes through behaviour that outlives a rewrite: HTTP through Django's test
``Client`` (the survey pages at ``/s/<token>/``, the facilitator's pages, the JSON API), the
database's tables as a dump shows them, and the models' public fields only where a test says it
simulates time passing (``Round.closes_at``) or an owner editing a row.

The survey is answered as a browser would: each page is read, its form parsed, and the page's
own fields posted back (hidden fields included), so a new field or page order needs no change
here. Each respondent comes from an address of their own, as on an office network, so the
public pages' rate limit never interferes.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.core import mail
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from tests.support.builders import ITEM_PAIRS, varied

from parity.web.orgs.models import Party, Relationship
from parity.web.surveys.models import Round

#: TPI-1's 24 items as the survey's fields are named (the instrument's IDs, lower case).
ITEMS: tuple[str, ...] = (
    "out1", "out2", "stk1", "stk2", "com1", "com2", "alt1", "alt2", "need1", "need2", "oneed1",
    "val1", "val2", "voi1", "voi2", "def1", "def2", "dir1", "dir2", "trx1", "trx2",
    "trs1", "trs2", "trs3",
)  # fmt: skip
#: The construct of each item (TPI-1): the codes the API's ``scores`` use.
CONSTRUCT_OF = {item: re.sub(r"\d+$", "", item).upper() for item in ITEMS}
CONSTRUCTS: tuple[str, ...] = tuple(dict.fromkeys(CONSTRUCT_OF.values()))
#: The open questions, as the survey's text fields are named.
QUESTIONS: tuple[str, ...] = ("purpose", "persona", "mirror", "comment")

#: A partner's answers: high on the partnering items, low on alternatives, deference,
#: direction and transactional; TRS3 is reverse-keyed, so a low answer there is high trust.
_LOW = {"alt1", "alt2", "def1", "def2", "dir1", "dir2", "trx1", "trx2", "trs3"}
PARTNER: dict[str, int | None] = {item: (2 if item in _LOW else 6) for item in ITEMS}
#: Someone who feels like a servant: the mirror image of :data:`PARTNER`.
SERVANT: dict[str, int | None] = {item: (6 if item in _LOW else 2) for item in ITEMS}
#: A text that reads as a partner's (the light stance reader labels it "partner"), so it is
#: a candidate for quoting.
PARTNER_TEXT = "We own the outcome jointly with {other}, as equals, and decide together."

_addresses = itertools.count(1)


def signed_in(user: User) -> Client:
    """A fresh browser signed in as ``user``: its own cookies, so no flash message of another
    client's action ever lands on the pages it reads."""
    client = Client()
    client.force_login(user)
    return client


def respondent() -> Client:
    """An anonymous browser on an address of its own."""
    n = next(_addresses)
    return Client(REMOTE_ADDR=f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}")


# --- The facilitator's moves ------------------------------------------------------------------


def _json(response: HttpResponse) -> Any:
    return json.loads(response.content.decode())


def _iso(moment: datetime) -> str:
    return moment.isoformat()


@dataclass
class Scene:
    """One round of one organization, as its facilitator runs it through the API and pages."""

    facilitator: Client
    slug: str
    round_id: int
    relationship: Relationship

    @classmethod
    def open(
        cls,
        facilitator: Client,
        slug: str,
        relationship: Relationship,
        *,
        name: str = "Attack round",
        attributes: Mapping[str, list[str]] | None = None,
    ) -> Scene:
        """A round of TPI-1 (whose items :data:`ITEMS` answers) opened an hour ago, closing in
        two weeks, through the API; asking ``attributes`` (respondent attribute -> choices)."""
        now = timezone.now()
        body = {
            "name": name,
            "instrument": "TPI-1",
            "opens_at": _iso(now - timedelta(hours=1)),
            "closes_at": _iso(now + timedelta(days=14)),
            "relationship_ids": [relationship.pk],
            "attributes": dict(attributes or {}),
        }
        made = facilitator.post(f"/api/orgs/{slug}/rounds", body, content_type="application/json")
        assert made.status_code == 201, made.content
        return cls(facilitator, slug, int(_json(made)["id"]), relationship)

    # Invitations ---------------------------------------------------------------------------

    def codes(self, party: Party, count: int) -> list[str]:
        """``count`` printed codes for ``party``'s side, as the survey paths they open."""
        made = self.facilitator.post(
            f"/api/orgs/{self.slug}/rounds/{self.round_id}/invitations/codes",
            {"relationship_id": self.relationship.pk, "party_id": party.pk, "count": count},
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
        return [urlsplit(code["link"]).path for code in _json(made)["codes"]]

    def send_emails(self, party: Party, addresses: list[str]) -> HttpResponse:
        return self.facilitator.post(
            f"/api/orgs/{self.slug}/rounds/{self.round_id}/invitations/emails",
            {"relationship_id": self.relationship.pk, "party_id": party.pk, "emails": addresses},
            content_type="application/json",
        )

    def email_links(self, party: Party, addresses: list[str]) -> dict[str, str]:
        """E-mail invitations for ``party``'s side (the tests' mail backend keeps the mails):
        each address with the survey path its mail holds."""
        before = len(mail.outbox)
        sent = self.send_emails(party, addresses)
        assert sent.status_code == 201, sent.content
        links = {}
        for message in mail.outbox[before:]:
            found = re.search(r"https?://[^\s/]+(/s/[^\s]+/)", str(message.body))
            assert found, message.body
            (address,) = message.to
            links[address] = found.group(1)
        assert set(links) == set(addresses)
        return links

    # The round's life ----------------------------------------------------------------------

    @property
    def round_url(self) -> str:
        return f"/orgs/{self.slug}/rounds/{self.round_id}/"

    def close(self) -> None:
        """The facilitator's "Close now" button."""
        closed = self.facilitator.post(f"{self.round_url}close/")
        assert closed.status_code in (200, 302), closed.status_code
        assert self.round_json()["state"] == "closed"

    def let_expire(self) -> None:
        """The round's closing moment passes (a minute ago), with nobody pressing a button."""
        Round.objects.filter(pk=self.round_id).update(
            closes_at=timezone.now() - timedelta(minutes=1)
        )

    def release(self) -> None:
        """The facilitator releases the results to both sides."""
        released = self.facilitator.post(
            f"/orgs/{self.slug}/rounds/{self.round_id}/release/", {"action": "release"}
        )
        assert released.status_code in (200, 302), released.status_code
        assert self.round_json()["released_at"] is not None

    def round_json(self) -> dict[str, Any]:
        got = self.facilitator.get(f"/api/orgs/{self.slug}/rounds/{self.round_id}")
        assert got.status_code == 200, got.content
        return dict(_json(got))

    # What is published ---------------------------------------------------------------------

    @property
    def results_base(self) -> str:
        return f"/orgs/{self.slug}/rounds/{self.round_id}/results/"

    def views(self, reader: Client) -> Views:
        """Everything a member can read of the round's results right now."""
        rel = self.relationship.pk
        return Views(
            api=api_results(reader, self.slug, self.round_id),
            pages={
                "organization page": page(reader, self.results_base),
                "relationship page": page(reader, f"{self.results_base}{rel}/"),
                "relationship report (HTML)": page(reader, f"{self.results_base}{rel}/report.html"),
            },
        )


def api_results(reader: Client, slug: str, round_id: int) -> dict[str, Any] | None:
    """``GET /api/orgs/<slug>/rounds/<id>/results``: its JSON, or None when the API answers
    with a refusal (4xx: nothing published). A server error is a failure."""
    got = reader.get(f"/api/orgs/{slug}/rounds/{round_id}/results")
    assert got.status_code < 500, got.content[:2000]
    if got.status_code != 200:
        return None
    return dict(_json(got))


def page(reader: Client, url: str) -> str | None:
    """A page's HTML, or None when it is refused (4xx: nothing published)."""
    got = reader.get(url)
    assert got.status_code < 500, (url, got.status_code)
    if got.status_code != 200:
        return None
    return got.content.decode()


# --- The respondent's moves -------------------------------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: their fields, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(action=a.get("action", ""))
            self.forms.append(self._form)
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "radio":
                form.radios.setdefault(name, []).append(a.get("value", ""))
            elif kind in ("submit", "button"):
                form.buttons.append((name, a.get("value", "")))
            elif kind == "checkbox":
                form.checkboxes.setdefault(name, []).append(a.get("value", "on"))
            else:
                form.values[name] = a.get("value", "")
        elif tag == "textarea" and name:
            form.textareas.append(name)
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            form.selects[name] = []
        elif tag == "option" and self._select is not None:
            form.selects[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


@dataclass
class Form:
    action: str
    values: dict[str, str] = field(default_factory=dict)
    radios: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)
    textareas: list[str] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


def forms_of(html: str) -> list[Form]:
    reader = _Forms()
    reader.feed(html)
    return reader.forms


def _survey_form(html: str) -> Form:
    forms = [f for f in forms_of(html) if any(name == "action" for name, _ in f.buttons)]
    assert len(forms) == 1, "a survey page has one form with action buttons"
    return forms[0]


def ballots(items: Mapping[str, int | None], n: int) -> list[dict[str, int | None]]:
    """``n`` respondents' answers whose construct scores are those of ``items`` but whose item
    answers differ (:func:`tests.support.builders.varied`): the respondent screen
    (docs/method.md §2a) leaves none of them out as a duplicate of another."""
    pairs = [(a.lower(), b.lower()) for a, b in ITEM_PAIRS]
    return [
        {k: None if v is None else int(v) for k, v in row.items()}
        for row in varied(items, n, pairs)
    ]


def answer(
    link: str,
    items: Mapping[str, int | None],
    texts: Mapping[str, str] | None = None,
    *,
    save_at_end: bool = False,
    attributes: Mapping[str, str] | None = None,
    tampered: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Answer the whole survey behind ``link`` as a browser would, page by page.

    ``items`` maps item fields (``out1``…) to 1-7 or None ("No answer"); ``texts`` maps the
    open questions to answers; ``attributes`` the respondent attributes asked to a choice's
    value ("Prefer not to say" where absent). ``tampered`` fields are added to every page's
    POST, as a crafted request would. The last page is submitted, or with ``save_at_end`` only
    saved ("Save and finish later"). Returns the last POST's response; a submission is checked
    by the link no longer opening the survey.
    """
    browser = respondent()
    got = browser.get(link)
    assert got.status_code == 200, (link, got.status_code)
    words = dict(texts or {})
    for _ in range(20):
        form = _survey_form(got.content.decode())
        data: dict[str, str] = dict(form.values)
        for name in form.radios:
            value = items.get(name.lower())
            data[name] = "" if value is None else str(value)
            if attributes is not None and name in attributes:
                data[name] = attributes[name]
        for name in form.textareas:
            data[name] = words.get(name, "")
        actions = {value for name, value in form.buttons if name == "action"}
        last = "submit" in actions
        action = ("save" if save_at_end else "submit") if last else "next"
        posted = browser.post(link, {**data, **(tampered or {}), "action": action})
        if last:
            if not save_at_end:
                assert posted.status_code in (200, 302), (link, posted.status_code)
                assert link_is_spent(link), "after a submission the link opens no survey"
            else:
                assert posted.status_code == 200, (link, posted.status_code)
            return posted
        assert posted.status_code == 302, (link, posted.status_code, posted.content[:500])
        got = browser.get(posted["Location"])
        assert got.status_code == 200, (posted["Location"], got.status_code)
    raise AssertionError("the survey never reached a page with a submit button")


def resumed(link: str, pages: int = 12) -> str:
    """Every page of the survey behind ``link`` as its respondent sees it on coming back
    (``?page=N``, the survey's own page links), joined: where a saved draft shows again."""
    browser = respondent()
    return "\n".join(browser.get(link, {"page": n}).content.decode() for n in range(1, pages + 1))


def link_is_spent(link: str) -> bool:
    """True when the link no longer opens a survey (used, closed, or unknown)."""
    got = respondent().get(link)
    return got.status_code != 200 or not _has_survey_form(got.content.decode())


def _has_survey_form(html: str) -> bool:
    return any(any(name == "action" for name, _ in f.buttons) for f in forms_of(html))


def try_to_answer(link: str, items: Mapping[str, int | None]) -> bool:
    """A late respondent's attempt: True if the survey took the answers."""
    got = respondent().get(link)
    if got.status_code != 200 or not _has_survey_form(got.content.decode()):
        return False
    try:
        answer(link, items)
    except AssertionError:
        return False
    return True


# --- Reading what was published ---------------------------------------------------------------

#: JSON keys whose numbers are counts, thresholds or identifiers, not results: an open round
#: may show how many answered, and ids differ between organizations.
COUNT_KEYS = frozenset(
    {
        "respondents",
        "n",
        "answered",
        "submitted",
        "responded",
        "response_count",
        "fewer_than",
        "invitations",
        "email_invitations",
        "code_invitations",
        "responses",
        "threshold",
        "min_respondents",
        "score_threshold",
        "text_threshold",
        "format_version",
        "round",
        "round_id",
        "relationship_id",
        "party_id",
        "id",
        "status",
        "name",
        "released_at",
        "opens_at",
        "closes_at",
        "state",
    }
)


def scrubbed(data: Any) -> Any:
    """``data`` without the keys of :data:`COUNT_KEYS`, at any depth."""
    if isinstance(data, Mapping):
        return {k: scrubbed(v) for k, v in data.items() if k not in COUNT_KEYS}
    if isinstance(data, list):
        return [scrubbed(v) for v in data]
    return data


def _leaves(data: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(data, Mapping):
        for key, value in data.items():
            yield from _leaves(value, f"{path}/{key}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, f"{path}[{i}]")
    else:
        yield path, data


def json_differences(a: Any, b: Any, limit: int = 8) -> list[str]:
    """The leaves in which two API answers differ, counts and ids left out: ``path: a -> b``."""
    x, y = dict(_leaves(scrubbed(a))), dict(_leaves(scrubbed(b)))
    changed = sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k))
    return [f"{k}: {x.get(k)!r} -> {y.get(k)!r}" for k in changed[:limit]] + (
        [f"(+{len(changed) - limit} more)"] if len(changed) > limit else []
    )


def published_numbers(data: Any) -> dict[str, float]:
    """Every number of a JSON answer that is a result (not a count or an id), by its path."""
    if data is None:
        return {}
    return {
        path: float(value)
        for path, value in _leaves(scrubbed(data))
        if isinstance(value, int | float)
        and not isinstance(value, bool)
        and not (isinstance(value, float) and math.isnan(value))
    }


#: The keys of the API's JSON that carry a relationship's or a side's results (as opposed to
#: its map, counts and thresholds, which an open round may show).
RELATIONSHIP_RESULTS = (
    "confidence",
    "partnering_index",
    "gaps",
    "power",
    "mutual_need",
    "parity",
    "partnering_index_ci95",
    "gaps_ci95",
    "misreadings_ci95",
    "power_gap_ci95",
)
SIDE_RESULTS = (
    "scores",
    "partnering_score",
    "partnering_score_ci95",
    "sd",
    "ci95",
    "agreement_rwg_j",
    "words",
)


def published_results(data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The results an API answer publishes, by where they are: every non-empty value of
    :data:`RELATIONSHIP_RESULTS` and :data:`SIDE_RESULTS`. Empty for an answer that shows the
    round's map and counts only."""
    out: dict[str, Any] = {}
    for n, relationship in enumerate(relationships_of(data)):
        for key in RELATIONSHIP_RESULTS:
            if relationship.get(key) not in (None, {}, []):
                out[f"relationships[{n}].{key}"] = relationship[key]
        for party, side in (relationship.get("sides") or {}).items():
            for key in SIDE_RESULTS:
                if (side or {}).get(key) not in (None, {}, []):
                    out[f"relationships[{n}].sides.{party}.{key}"] = side[key]
    return out


def relationships_of(data: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    return list((data or {}).get("relationships") or [])


def side_of(data: Mapping[str, Any] | None, party: str) -> dict[str, Any]:
    """One side of the round's only relationship in the API's JSON (empty if absent)."""
    for relationship in relationships_of(data):
        sides = relationship.get("sides") or {}
        if party in sides:
            return dict(sides[party] or {})
    return {}


def side_scores(data: Mapping[str, Any] | None, party: str) -> dict[str, float]:
    """A side's published construct scores (0-100), without the ones left out or null."""
    scores = side_of(data, party).get("scores") or {}
    return {
        code: float(value)
        for code, value in scores.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


class _Text(HTMLParser):
    """A page's visible text, and the numbers drawn into its SVG charts."""

    _HIDDEN = frozenset({"script", "style", "head", "title", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.drawn: list[str] = []
        self._hidden = 0
        self._svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        if tag == "svg":
            self._svg += 1
        if self._svg:
            for name, value in attrs:
                if (
                    value
                    and name not in ("id", "class", "role", "href")
                    and not (name.startswith(("aria-", "data-", "xmlns")))
                ):
                    self.drawn.append(value)
        self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1
        if tag == "svg" and self._svg:
            self._svg -= 1
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_COUNTED = (
    r"(?:respondents?|responses?|answers?|answered|people|persons?|statements?|invitations?|"
    r"links?|codes?|members?|writers?|wrote|ballots?|voices?|more\b|sides?|days?|hours?|"
    r"minutes?|relationships?|rounds?|parties|party)"
)
#: Counts, thresholds, dates and times: numbers a page may show, and change, while a round is
#: open (how many answered) or between two organizations (when a round was made).
_MASKS = (
    re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})(?:\s+\d{{4}})?", re.I),
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:,\s*\d{{4}})?", re.I),
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+)?(?:Z|[+-]\d{2}:?\d{2})?"),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\b"),
    re.compile(r"\b\d{4}\b(?=\s*(?:,|\.|\)|$))"),
    re.compile(
        r"(?:fewer than|at least|more than|less than|under|below|threshold of|minimum of)\s+\d+",
        re.I,
    ),
    re.compile(rf"\b\d+\s+(?:\S+\s+){{0,2}}?{_COUNTED}", re.I),
    re.compile(r"\b\d+\s*(?:of|/|out of)\s*\d+\b", re.I),
    re.compile(r"\b\d+(?:\.\d+)?\s*%"),
)
_NUMBER = re.compile(r"[-−+]?\d+(?:[.,]\d+)?")


def page_numbers(html: str | None) -> list[str]:
    """The numbers a page shows that are results: its visible text's numbers, after counts,
    thresholds, dates and times are masked, and the numbers drawn into its SVG charts (whose
    positions encode scores). A refused page (None) shows none."""
    if html is None:
        return []
    reader = _Text()
    reader.feed(html)
    text = " ".join("".join(reader.text).split())
    for mask in _MASKS:
        text = mask.sub(" ~ ", text)
    drawn = " ".join(reader.drawn)
    return _NUMBER.findall(text) + ["svg:" + n for n in _NUMBER.findall(drawn)]


def visible_text(html: str | None) -> str:
    if html is None:
        return ""
    reader = _Text()
    reader.feed(html)
    return " ".join("".join(reader.text).split())


@dataclass(frozen=True)
class Views:
    """One moment's published views of a round: the API's JSON and the pages' HTML."""

    api: dict[str, Any] | None
    pages: dict[str, str | None]

    @property
    def api_numbers(self) -> dict[str, float]:
        return published_numbers(self.api)

    @property
    def api_results(self) -> dict[str, Any]:
        return published_results(self.api)

    def all_text(self) -> str:
        """Everything published, as one string to search for words that must not be there."""
        return json.dumps(self.api, ensure_ascii=False) + "\n".join(
            html or "" for html in self.pages.values()
        )


def differences(
    before: Views, after: Views, *, recounted: Iterable[tuple[int, int]] = ()
) -> list[str]:
    """What changed in the published results between two moments, view by view.

    ``recounted`` lists the respondent counts that changed in between (``(5, 6)``): a page
    may show a side's count as a bare number ("IT: 6"), so a number that changed from exactly
    one of those counts to the other is taken for that count, not for a result.
    """
    allowed = {(str(x), str(y)) for x, y in recounted}
    out = []
    a, b = before.api_numbers, after.api_numbers
    if a != b:
        changed = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        out.append(
            "API: "
            + "; ".join(f"{k}: {a.get(k)} -> {b.get(k)}" for k in changed[:8])
            + (f" (+{len(changed) - 8} more)" if len(changed) > 8 else "")
        )
    for name in before.pages:
        x, y = page_numbers(before.pages[name]), page_numbers(after.pages.get(name))
        moved = len(x) != len(y) or any(
            p != q and (p, q) not in allowed for p, q in zip(x, y, strict=True)
        )
        if moved:
            out.append(f"{name}: numbers {_diff_sample(x, y)}")
    return out


def _diff_sample(x: list[str], y: list[str]) -> str:
    first = next(
        (i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y))
    )
    return f"differ from position {first}: {x[first : first + 6]} -> {y[first : first + 6]}"


# --- The database as a dump shows it ----------------------------------------------------------


def engine() -> str:
    return str(connection.settings_dict["ENGINE"])


def on_postgres() -> bool:
    return engine() == "django.db.backends.postgresql"


def table_rows() -> Iterable[tuple[str, tuple[Any, ...]]]:
    """Every row of every table, as ``SELECT *`` gives it."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                yield table, tuple(row)


def _as_text(value: Any) -> str:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rows_containing(*needles: str) -> list[tuple[str, str]]:
    """(table, needle) for every row that holds one of ``needles`` in any column, in clear."""
    found = []
    for table, row in table_rows():
        cells = " ".join(_as_text(v) for v in row)
        found.extend((table, n) for n in needles if n in cells)
    return found


def database_bytes() -> bytes | None:
    """The SQLite database as its file holds it (free pages included), or None elsewhere.

    The test database is SQLite in memory, which has no file; ``serialize()`` returns the
    same bytes a file of that database would hold, page for page, so a deleted value still
    lying in a free page or a cell's unused space is found as it would be in the file.
    """
    if engine() != "django.db.backends.sqlite3":
        return None
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    return bytes(raw.serialize())
