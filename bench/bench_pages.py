"""Benchmark: what the results and organization pages cost, against `/healthz` in the same run.

Sets Django up on a fresh SQLite database in a temporary folder (the embedded default; or on
``--database-url``), builds organizations of the sizes the issue names with Parity's own models,
and times requests through Django's test client (the whole request: middleware, tenancy, the
page's queries, the results cache, the template), alternating each page with `/healthz` so
that a noisy machine slows both alike. Medians of ``--repeat`` requests.

- the results page of the demo round (about 380 responses), warm: target at most 10x `/healthz`;
- the results page of a round of 1,000 relationships (about 16,000 responses): cold (first
  request after the round closed: the analysis runs; the median of ``--cold-repeat`` such
  requests, the caches emptied before each) under 1 s, warm at most 10x `/healthz`, flat in
  the round's size; and the same cold page as its reader meets it, over HTTP from a
  `parity serve` started for each request, to the answer's last byte (``--served-repeat``,
  bench/served.py: the test client also counts what the server does after the answer);
- the organization page with 5,000 parties: under 300 ms.

    .venv/bin/python bench/bench_pages.py [--relationships 1000] [--parties 5000] [--repeat 15]
        [--cold-repeat 3] [--served-repeat 3]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np

WARM_RATIO_TARGET = 10.0
COLD_TARGET_S = 1.0
ORG_PAGE_TARGET_S = 0.3
PURPOSES = (
    "To serve the business and keep the lights on.",
    "We own the outcome together with them.",
    "",
    "",
)


def setup_django(folder: Path, database_url: str | None) -> None:
    """Django on a fresh data folder (SQLite) or the given database, ready as `parity serve`
    makes it: migrated, with the cache table, the static files and the demo organization."""
    os.environ["PARITY_DATA_DIR"] = str(folder)
    (folder / "static").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = database_url or ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parity.web.settings")
    import django

    django.setup()
    from parity.collector import for_large_analyses
    from parity.web.server import prepare

    prepare(demo=True)  # migrate, the cache table, static files, the demo organization
    for_large_analyses()  # as the server's workers do (parity.web.wsgi)


def facilitator(slug: str) -> Any:
    """An organization with one owner, signed in on a test client."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from parity.web.orgs.models import Membership, Organization, Role

    user = get_user_model().objects.create_user(f"owner-{slug}", password="not-a-secret-1")
    org = Organization.objects.create(name=f"Bench {slug}", slug=slug)
    Membership.objects.create(user=user, organization=org, role=Role.OWNER)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return org, client


def big_round(org: Any, relationships: int, per_side: int, seed: int) -> Any:
    """A closed, sealed round over ``relationships`` pairs, ``per_side`` answers a side."""
    from django.utils import timezone

    from parity.web.orgs.models import Party, PartyKind, Relationship
    from parity.web.surveys.models import Response, Round, item_fields

    rng = np.random.default_rng(seed)
    count = int(np.ceil(np.sqrt(2 * relationships))) + 2
    parties = Party.objects.bulk_create(
        Party(organization=org, name=f"Unit {i:04d}", kind=PartyKind.DEPARTMENT)
        for i in range(count)
    )
    pairs = [(a, b) for i, a in enumerate(parties) for b in parties[i + 1 :]][:relationships]
    made = Relationship.objects.bulk_create(
        Relationship(organization=org, party_a=a, party_b=b) for a, b in pairs
    )
    closes = timezone.now() - timedelta(days=1)
    finished = Round.objects.create(
        organization=org,
        name="Big round",
        opens_at=closes - timedelta(days=28),
        closes_at=closes,
        score_threshold=org.score_threshold,
        text_threshold=org.text_threshold,
        sealed_at=closes,
    )
    finished.relationships.set(made)
    fields = item_fields(finished.questions())
    rows = []
    for relationship in made:
        for party, about in (
            (relationship.party_a, relationship.party_b),
            (relationship.party_b, relationship.party_a),
        ):
            centre = rng.uniform(1.5, 6.5, size=len(fields))
            answers = np.clip(np.rint(centre + rng.normal(0, 1.0, (per_side, len(fields)))), 1, 7)
            for person in answers:
                rows.append(
                    Response(
                        round=finished,
                        relationship=relationship,
                        party=party,
                        about=about,
                        answers=dict(zip(fields, (int(x) for x in person), strict=True)),
                        purpose=PURPOSES[int(rng.integers(len(PURPOSES)))],
                        seconds=int(rng.integers(60, 600)),
                    )
                )
    Response.objects.bulk_create(rows, batch_size=2000)
    return finished


def many_parties(org: Any, count: int) -> None:
    """``count`` parties and a relationship for each consecutive pair of them."""
    from parity.web.orgs.models import Party, PartyKind, Relationship

    parties = Party.objects.bulk_create(
        Party(organization=org, name=f"Team {i:05d}", kind=PartyKind.DEPARTMENT)
        for i in range(count)
    )
    Relationship.objects.bulk_create(
        Relationship(organization=org, party_a=a, party_b=b) for a, b in itertools.pairwise(parties)
    )


def seconds_of(client: Any, url: str) -> float:
    return timed(client, url)[0]


def timed(client: Any, url: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one request of ``url``. The test client runs the request
    in this process, so its CPU seconds are what the request itself cost: on a machine shared
    with other work, wall-clock time also counts the waiting."""
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed, used = time.perf_counter() - start, time.process_time() - cpu
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, used


def cold_seconds(client: Any, url: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds of ``url`` with nothing kept: the shared cache emptied and
    every memo of the process forgotten, as a server that just started meets a round nobody
    analysed yet."""
    from django.core.cache import cache

    from parity.web.insights.memo import forget_everything

    cache.clear()
    forget_everything()
    return timed(client, url)


def paired(client: Any, url: str, repeat: int) -> tuple[float, float]:
    """Median seconds of ``url`` and of `/healthz`, requested alternately."""
    page, health = [], []
    for _ in range(repeat):
        page.append(seconds_of(client, url))
        health.append(seconds_of(client, "/healthz"))
    return statistics.median(page), statistics.median(health)


def line(name: str, seconds: float, health: float, target: float | None = None) -> str:
    ratio = seconds / health
    verdict = "" if target is None else (" OK" if ratio <= target else " OVER TARGET")
    limit = "" if target is None else f" (target <= {target:.0f}x)"
    return f"{name}: {seconds * 1000:.1f} ms, {ratio:.1f}x /healthz{limit}{verdict}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relationships", type=int, default=1000)
    parser.add_argument("--per-side", type=int, default=8)
    parser.add_argument("--parties", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--cold-repeat",
        type=int,
        default=3,
        help="cold requests of the large round (the first, then each after emptying the caches)",
    )
    parser.add_argument(
        "--served-repeat",
        type=int,
        default=3,
        help="cold requests of the large round through `parity serve` (0: none)",
    )
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp), args.database_url)
        run(args, Path(tmp))


def run(args: argparse.Namespace, folder: Path) -> None:
    from django.conf import settings

    from parity.web.surveys.models import Response, Round

    demo = Round.objects.filter(sealed_at__isnull=False).order_by("pk").first()
    if demo is None:
        raise SystemExit("The demo has no closed round.")
    _, client = facilitator("bench-demo")
    from parity.web.orgs.models import Membership, Role

    Membership.objects.create(user=_user(client), organization=demo.organization, role=Role.OWNER)
    demo_url = f"/orgs/{demo.organization.slug}/rounds/{demo.pk}/results/"
    seconds_of(client, demo_url)  # warm
    page, health = paired(client, demo_url, args.repeat)
    demo_count = Response.objects.filter(round=demo).count()
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"{settings.DATABASES['default']['ENGINE']}"
    )
    print(f"/healthz: {health * 1000:.2f} ms")
    print(
        line(
            f"results page, demo round ({demo_count} responses), warm",
            page,
            health,
            WARM_RATIO_TARGET,
        )
    )

    big_org, big_client = facilitator("bench-big")
    made = big_round(big_org, args.relationships, args.per_side, seed=1)
    count = Response.objects.filter(round=made).count()
    big_url = f"/orgs/{big_org.slug}/rounds/{made.pk}/results/"
    runs = [timed(big_client, big_url)]  # the first request after the round closed
    runs += [cold_seconds(big_client, big_url) for _ in range(max(0, args.cold_repeat - 1))]
    colds = [wall for wall, _ in runs]
    cold = statistics.median(colds)
    verdict = "OK" if cold <= COLD_TARGET_S else "OVER TARGET"
    print(
        f"results page, {args.relationships:,} relationships ({count:,} responses), cold: "
        f"{cold * 1000:.0f} ms (target < {COLD_TARGET_S * 1000:.0f} ms) {verdict}; median of "
        f"{len(colds)}: {', '.join(f'{c * 1000:.0f}' for c in colds)} ms; CPU "
        f"{statistics.median(cpu for _, cpu in runs) * 1000:.0f} ms"
    )
    if args.served_repeat:
        Membership.objects.create(
            user=_user(big_client), organization=demo.organization, role=Role.OWNER
        )
        served_cold(args, folder, demo_url, big_url, big_client.cookies["sessionid"].value)
    page, health = paired(big_client, big_url, args.repeat)
    print(
        line(
            f"results page, {args.relationships:,} relationships, warm",
            page,
            health,
            WARM_RATIO_TARGET,
        )
    )

    wide_org, wide_client = facilitator("bench-wide")
    many_parties(wide_org, args.parties)
    wide_url = f"/orgs/{wide_org.slug}/"
    seconds_of(wide_client, wide_url)
    page, health = paired(wide_client, wide_url, max(3, args.repeat // 3))
    verdict = "OK" if page <= ORG_PAGE_TARGET_S else "OVER TARGET"
    print(
        f"organization page, {args.parties:,} parties: {page * 1000:.0f} ms "
        f"(target < {ORG_PAGE_TARGET_S * 1000:.0f} ms) {verdict}; {page / health:.0f}x /healthz"
    )
    for name, url in (
        ("new relationship form", f"/orgs/{wide_org.slug}/relationships/new/"),
        ("new round form", f"/orgs/{wide_org.slug}/rounds/new/"),
    ):
        page, health = paired(wide_client, url, max(3, args.repeat // 3))
        verdict = "OK" if page <= ORG_PAGE_TARGET_S else "OVER TARGET"
        print(
            f"{name}, {args.parties:,} parties: {page * 1000:.0f} ms "
            f"(target < {ORG_PAGE_TARGET_S * 1000:.0f} ms) {verdict}"
        )


def served_cold(
    args: argparse.Namespace, folder: Path, warm_url: str, url: str, session: str
) -> None:
    """The large round's cold results page as its reader meets it, through `parity serve`
    (bench/served.py): the time to the last byte of the answer, and the server's CPU seconds
    for the request, what it did after the answer included."""
    from served import cold

    database_url = args.database_url or ""
    runs = [cold(folder, database_url, warm_url, url, session) for _ in range(args.served_repeat)]
    wall = statistics.median(r.wall for r in runs)
    verdict = "OK" if wall <= COLD_TARGET_S else "OVER TARGET"
    print(
        f"  the same through `parity serve`, cold, to the answer's last byte: {wall * 1000:.0f} ms "
        f"(target < {COLD_TARGET_S * 1000:.0f} ms) {verdict}; median of {len(runs)}: "
        f"{', '.join(f'{r.wall * 1000:.0f}' for r in runs)} ms; the server's CPU for the "
        f"request, storing it after the answer included: "
        f"{statistics.median(r.server_cpu for r in runs) * 1000:.0f} ms"
    )
    print(
        "  the first page of a server that just started (the demo round's results, analysed "
        f"then): {statistics.median(r.first for r in runs) * 1000:.0f} ms, median of "
        f"{len(runs)}: {', '.join(f'{r.first * 1000:.0f}' for r in runs)} ms"
    )


def _user(client: Any) -> Any:
    from django.contrib.auth import get_user

    return get_user(client)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
