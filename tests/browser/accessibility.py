"""axe-core, run inside the page: serious and critical violations fail the test, others are
printed (``pytest -s`` or the report of a failing test shows them).

axe-core is vendored under ``vendor/axe-core`` (see its README), so the check needs no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = frozenset({"serious", "critical"})


def _describe(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
    more = len(violation["nodes"]) - len(targets)
    where = ", ".join(targets) + (f" and {more} more" if more > 0 else "")
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} ({where})"


def assert_accessible(page: Page, what: str) -> None:
    """No serious or critical axe-core violation on ``page`` as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated by the browser's debugging protocol rather than added as a <script>: the
        # pages' Content-Security-Policy refuses inline scripts, and stays on in these tests.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    violations: list[dict[str, Any]] = results["violations"]
    for violation in violations:
        if violation["impact"] not in BLOCKING:
            print(f"axe on {what}: {_describe(violation)}")
    blocking = [_describe(v) for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core on {what} ({page.url}):\n" + "\n".join(blocking)
