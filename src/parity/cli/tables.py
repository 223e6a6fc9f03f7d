"""Small helpers for the commands that read a plain CSV table (`parity srm`, `parity agreement`).

Reading a table as text (so that nothing is silently converted), pointing at the row and column
a person has to fix, and turning numbers and ids into what JSON can hold. Nothing heavy is
imported at module level: `parity --help` stays instant.
"""

from __future__ import annotations

import math
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
