"""Render the demo analysis as the terminal shows it, to an SVG for the README.

.venv/bin/python scripts/terminal_screenshot.py docs/images/demo-analysis.svg
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from rich.console import Console

from parity.cli.render import print_analysis
from parity.cli.running import DEMO_THRESHOLDS, analyse_demo


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images/demo-analysis.svg")
    with tempfile.TemporaryDirectory() as tmp:
        _, _, result = analyse_demo(Path(tmp), seed=7)
    console = Console(record=True, width=110, file=open("/dev/null", "w"))  # noqa: SIM115
    print_analysis(result, console, DEMO_THRESHOLDS)
    target.write_text(console.export_svg(title="parity analyze"), encoding="utf-8")
    print(f"Wrote {target}.")


if __name__ == "__main__":
    main()
