"""Small helpers for the commands that read a plain CSV table (`parity srm`, `parity agreement`).

Reading a table as text (so that nothing is silently converted), or its number columns straight
as floats when that gives the same numbers, pointing at the row and column a person has to fix,
and turning numbers and ids into what JSON can hold. Nothing heavy is imported at module level:
`parity --help` stays instant.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parity.cli.failure import fail

if TYPE_CHECKING:
    import pandas as pd


def read_table(path: Path) -> pd.DataFrame:
    """The CSV as text cells (empty cells as ""), or a clear exit if it cannot be read.

    Reading every cell as text keeps ids such as ``007`` intact and lets the analysis say
    which cell is not a number, instead of pandas guessing types column by column.
    """
    import pandas as pd

    try:
        table = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=True
        )
    except FileNotFoundError:
        fail("Nothing was analysed.", f"{path}: there is no such file.")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        fail("Nothing was analysed.", f"{path}: cannot be read as a CSV table ({err}).")
    table.columns = [str(c).strip() for c in table.columns]
    return table


#: Above this size a float cannot hold every integer: such numbers are left to the text path.
_EXACT_INTEGERS = 2.0**53


def read_numbers(path: Path, texts: Sequence[str], numbers: Sequence[str]) -> pd.DataFrame | None:
    """The ``texts`` columns of the CSV as text and the ``numbers`` columns as floats from
    pandas' C parser; None whenever this quick read cannot vouch for giving what the text path
    gives.

    The text path (:func:`read_table`, then :func:`parity.core.srm.numeric_values` per column)
    reads every cell as text to name the cell that is not a number; on a million rows that
    costs seconds. The C parser reads the same numbers in a fraction of that, but it says
    nothing useful about a bad cell, and it reads a few texts the text path refuses (True and
    False, ``-0`` as a negative zero, huge integers through a float). So this read is only a
    shortcut for the ordinary case: a file it cannot read, a column missing or named twice, a
    cell that is not a plain finite number or a blank, and such corner values all give None,
    and the caller takes the text path, which then names the problem as it always has.

    The other columns are parsed too, into one byte per cell and dropped: skipping them
    (``usecols``) would also skip the parser's check that no row has more cells than the header.
    """
    import numpy as np
    import pandas as pd

    options: dict[str, Any] = {"encoding": "utf-8-sig", "skipinitialspace": True}
    try:
        header = pd.read_csv(path, nrows=0, **options).columns
        names = [str(c).strip() for c in header]
        wanted = {**dict.fromkeys(texts, str), **dict.fromkeys(numbers, np.float64)}
        if len(set(names)) < len(names) or not set(wanted) <= set(names):
            return None
        raw = dict(zip(names, header, strict=True))
        table = pd.read_csv(
            path,
            dtype={c: wanted.get(n, "S1") for n, c in raw.items()},
            keep_default_na=False,
            na_values={raw[n]: _missing_spellings() for n in numbers},
            **options,
        )
    except (OSError, ValueError):
        return None
    if list(table.columns) != list(header) or not isinstance(table.index, pd.RangeIndex):
        return None
    table.columns = names
    if not all(_plain_numbers(table[n].to_numpy()) for n in set(numbers)):
        return None
    kept: pd.DataFrame = table.loc[:, [n for n in names if n in wanted]]
    return kept


@cache
def _missing_spellings() -> list[str]:
    """Every upper/lower-case spelling of the texts that mean "no rating" (MISSING_TOKENS)."""
    from parity.core.srm import MISSING_TOKENS

    return [
        "".join(letters)
        for token in MISSING_TOKENS
        for letters in itertools.product(*({c.lower(), c.upper()} for c in token))
    ]


def _plain_numbers(column: Any) -> bool:
    """Whether the C parser's floats are surely the text path's: finite, below 2^53 in size,
    no negative zero, and not a column of only 0 and 1 (which may have been True and False)."""
    import numpy as np

    present = column[~np.isnan(column)]
    ordinary = (
        np.isfinite(present)
        & (np.abs(present) < _EXACT_INTEGERS)
        & ~((present == 0) & np.signbit(present))
    )
    maybe_booleans = present.size > 0 and bool(((present == 0) | (present == 1)).all())
    return bool(ordinary.all()) and not maybe_booleans


def where(path: Path, column: str | None, rows: tuple[int, ...]) -> str:
    """'ratings.csv row 7 (the header is row 1), column "liking"' for a problem's location."""
    parts = [path.name]
    if rows:
        first = f"row {rows[0] + 2}"
        more = (
            f" and {len(rows) - 1} more row{'s' if len(rows) > 2 else ''}" if len(rows) > 1 else ""
        )
        parts.append(f"{first} (the header is row 1){more}")
    if column is not None:
        parts.append(f'column "{column}"')
    return ", ".join(parts)


def number(value: Any) -> float | None:
    """A float for JSON, with None for NaN/inf (JSON has no NaN)."""
    if value is None:
        return None
    as_float = float(value)
    return as_float if math.isfinite(as_float) else None


def key(value: Any) -> Any:
    """An id or group as JSON shows it (numpy scalars to Python, missing to None)."""
    if value is None:
        return None
    item = getattr(value, "item", None)
    return item() if callable(item) else value
