"""Benchmark: importing a large map from CSV through the pages, against the database's floor.

Sets Django up on a fresh SQLite database in a temporary folder (the embedded default; or on
``--database-url``), writes a relationships file just under the upload limit (about 31,000
relationships among 250 parties, 2 MB), and times its three requests through Django's test
client: the upload (reading and checking every row against the organization), the preview,
and the confirmation (every party and relationship saved, each with its record of changes).
An import this large is saved by the background worker; here the tasks run in the request
(``PARITY_TASKS=immediate``), so that the confirmation's time is the worker's.
The floor, timed in the same run on a second organization: Django's ``bulk_create`` of the
same parties and relationships with no check and no record. The figure that matters is the
confirmation's ratio to the floor. Then the same file again with every label and scope
changed, confirmed as updates of what the organization has, against ``bulk_update`` of the same
rows on the floor's organization.

    .venv/bin/python bench/bench_import.py [--relationships 31000] [--database-url URL]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_pages import facilitator, setup_django


def relationships_file(count: int) -> tuple[bytes, list[str], list[tuple[str, str]]]:
    """A relationships CSV of ``count`` pairs of departments, with its parties and pairs."""
    parties = int((2 * count) ** 0.5) + 2
    names = [f"Department number {i:04d}" for i in range(parties)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]][:count]
    rows = "".join(f"{a},{b},partner,internal\n" for a, b in pairs)
    return ("party_a,party_b,label,scope\n" + rows).encode(), names, pairs


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def floor_seconds(names: list[str], pairs: list[tuple[str, str]]) -> float:
    """The same rows saved with ``bulk_create`` alone, in one transaction, on another
    organization: what the database and Django's inserts cost, and nothing more."""
    from django.db import transaction

    from parity.web.orgs.models import Organization, Party, Relationship

    org = Organization.objects.create(name="Floor", slug="bench-floor")
    start = time.perf_counter()
    with transaction.atomic():
        made = Party.objects.bulk_create(
            [Party(organization=org, name=name) for name in names], batch_size=500
        )
        by_name = {party.name: party for party in made}
        Relationship.objects.bulk_create(
            [
                Relationship(organization=org, party_a=by_name[a], party_b=by_name[b])
                for a, b in pairs
            ],
            batch_size=500,
        )
    return time.perf_counter() - start


def update_floor_seconds() -> float:
    """The floor organization's relationships given another label and scope with
    ``bulk_update`` alone, in one transaction: what writing the same rows over costs."""
    from django.db import transaction

    from parity.web.orgs.models import Relationship

    rows = list(Relationship.objects.filter(organization__slug="bench-floor"))
    start = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            row.label, row.scope = "supplier", "external"
        Relationship.objects.bulk_update(rows, ["label", "scope"], batch_size=500)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--relationships", type=int, default=31_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    os.environ["PARITY_TASKS"] = "immediate"  # the worker's saving, timed in this process
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder), args.database_url)
        run(args.relationships)


def run(count: int) -> None:
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parity.web.orgs.models import Relationship

    data, names, pairs = relationships_file(count)
    org, client = facilitator("bench-import")
    url = f"/orgs/{org.slug}/import/"
    upload = SimpleUploadedFile("map.csv", data, content_type="text/csv")
    form = {"kind": "relationships", "existing": "skip", "file": upload}
    checked, answer = timed(lambda: client.post(url, form))
    if answer.status_code != 302:
        raise SystemExit(f"The upload was refused ({answer.status_code}).")
    previewed, page = timed(lambda: client.get(f"{url}preview/"))
    saved, _ = timed(lambda: client.post(f"{url}preview/"))
    stored = Relationship.objects.filter(organization=org).count()
    if stored != len(pairs):
        raise SystemExit(f"{stored} of {len(pairs)} relationships were stored.")
    floor = floor_seconds(names, pairs)
    relabelled = data.replace(b",partner,internal\n", b",supplier,external\n")
    upload = SimpleUploadedFile("map.csv", relabelled, content_type="text/csv")
    form = {"kind": "relationships", "existing": "update", "file": upload}
    if client.post(url, form).status_code != 302:
        raise SystemExit("The second upload was refused.")
    updated, _ = timed(lambda: client.post(f"{url}preview/"))
    changed = Relationship.objects.filter(organization=org, label="supplier").count()
    if changed != len(pairs):
        raise SystemExit(f"{changed} of {len(pairs)} relationships were updated.")
    update_floor = update_floor_seconds()
    print(f"{settings.DATABASES['default']['ENGINE']}")
    print(
        f"import of {len(pairs):,} relationships and {len(names)} parties "
        f"({len(data) / 1e6:.2f} MB): upload and check {checked:.2f} s, "
        f"preview {previewed:.2f} s ({len(page.content) / 1000:.0f} kB), "
        f"confirm (the worker's saving) {saved:.2f} s"
    )
    print(
        f"  floor (bulk_create of the same rows, no check, no record): {floor:.2f} s; "
        f"confirm / floor = {saved / floor:.1f}"
    )
    print(
        f"the same file again, every label and scope changed, confirmed as updates: "
        f"{updated:.2f} s; floor (bulk_update of the same rows, no check, no record): "
        f"{update_floor:.2f} s; confirm / floor = {updated / update_floor:.1f}"
    )


if __name__ == "__main__":
    main()
