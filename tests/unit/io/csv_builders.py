"""Build small input files the way a survey tool or spreadsheet would write them."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from parity.core.instrument import default_instrument

ITEMS: tuple[str, ...] = default_instrument().item_ids
RESPONSE_COLUMNS: tuple[str, ...] = ("respondent", "party", "about", *ITEMS)


def response(
    respondent: str = "r1",
    party: str = "IT",
    about: str = "Sales",
    answer: object = 4,
    **cells: object,
) -> dict[str, object]:
    """One valid response row: every item answered ``answer`` unless overridden in ``cells``."""
    row: dict[str, object] = {"respondent": respondent, "party": party, "about": about}
    row.update(dict.fromkeys(ITEMS, answer))
    row.update(cells)
    return row


def to_csv(
    rows: Sequence[Mapping[str, object]],
    columns: Sequence[str] | None = None,
    *,
    sep: str = ",",
    bom: bool = False,
    line_end: str = "\n",
) -> bytes:
    """CSV bytes (UTF-8) of ``rows``; ``columns`` defaults to the keys of the first row."""
    header = list(columns if columns is not None else rows[0])
    records = [
        header,
        *(["" if row.get(c) is None else row.get(c) for c in header] for row in rows),
    ]
    text = "".join(_record(cells, sep) + line_end for cells in records)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def _record(cells: Sequence[object], sep: str) -> str:
    """One CSV record; written with a CRLF terminator so that a lone CR in a cell is quoted."""
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerow(cells)
    return out.getvalue()[:-2]


def responses_csv(
    *rows: Mapping[str, object], sep: str = ",", bom: bool = False, line_end: str = "\n"
) -> bytes:
    """A responses file from rows; by default two valid respondents."""
    chosen = list(rows) or [response("r1", "IT", "Sales"), response("r2", "Sales", "IT")]
    return to_csv(chosen, sep=sep, bom=bom, line_end=line_end)
