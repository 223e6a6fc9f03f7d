"""Write docs/analysis.schema.json, the JSON Schema of `parity analyze --format json`, from the
models in :mod:`parity.io.analysis_schema` (run after changing them; a test fails while the
committed file differs from what they make).

Usage: python scripts/write_analysis_schema.py [OUTPUT]
"""

from __future__ import annotations

import sys
from pathlib import Path

from parity.io.analysis_schema import analysis_schema_text

#: Where the schema is published.
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "analysis.schema.json"


def main(argv: list[str]) -> None:
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    output.write_text(analysis_schema_text(), encoding="utf-8")
    print(f"Wrote {output}.")


if __name__ == "__main__":
    main(sys.argv[1:])
