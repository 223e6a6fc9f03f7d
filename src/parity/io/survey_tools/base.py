"""What every survey tool module provides: how to recognise its export and read its headers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from parity.io.survey_tools.export import Column, Export, Role, data_rows, unique_keys

#: Columns that identify a person in any tool's export; they are never written.
PERSONAL: frozenset[str] = frozenset(
    {
        "ip address",
        "ipaddress",
        "ip-adresse",
        "ipaddr",
        "email",
        "e-mail",
        "email address",
        "emailaddress",
        "e-mail address",
        "recipientemail",
        "recipientfirstname",
        "recipientlastname",
        "first name",
        "last name",
        "name",
        "full name",
        "locationlatitude",
        "locationlongitude",
        "locationaccuracy",
        "latitude",
        "longitude",
        "externalreference",
        "externaldatareference",
        "token",
        "access code",
        "responder",
        "phone",
    }
)


def lowered(text: str) -> str:
    return " ".join(text.split()).lower()


@dataclass(frozen=True)
class ToolFormat:
    """One survey tool's export.

    ``detects`` tells from the file's first records whether this tool wrote it;
    ``header_rows`` says how many header rows it has (it may depend on the file);
    ``header_texts`` turns the header rows into each column's texts, most specific first;
    ``roles`` names the tool's own columns (lower case) and what they hold.
    """

    key: str
    name: str
    detects: Callable[[Sequence[Sequence[str]]], bool]
    header_rows: Callable[[Sequence[Sequence[str]]], int]
    header_texts: Callable[[Sequence[Sequence[str]]], list[tuple[str, ...]]]
    roles: Mapping[str, Role] = field(default_factory=dict)

    def role_of(self, texts: Sequence[str]) -> Role:
        for text in texts:
            name = lowered(text)
            if name in self.roles:
                return self.roles[name]
        return "personal" if any(lowered(t) in PERSONAL for t in texts) else ""

    def export(self, records: Sequence[Sequence[str]], file: str) -> Export:
        count = min(self.header_rows(records), len(records))
        headers = [list(r) for r in records[:count]]
        width = max((len(r) for r in headers), default=0)
        for row in headers:
            row.extend([""] * (width - len(row)))
        texts = self.header_texts(headers)
        keys = unique_keys([t[0] if t else "" for t in texts])
        columns = tuple(
            Column(i, keys[i], tuple(t for t in texts[i] if t), self.role_of(texts[i]))
            for i in range(width)
        )
        return Export(file, self.key, columns, data_rows(records, count, width))


def first_row_only(records: Sequence[Sequence[str]]) -> int:
    return 1


def single_header(headers: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    return [(cell.strip(),) for cell in headers[0]]


def first_cells(records: Sequence[Sequence[str]]) -> list[str]:
    return [lowered(c).lstrip("\ufeff") for c in records[0]] if records else []
