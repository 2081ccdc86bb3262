"""HTTP requests per Jira sync, counted at the fake Jira the real client talks to.

Run: ``.venv/bin/python benchmarks/bench_jira_sync.py [--items N] [--owners D]
[--changed K]``.

The bound to meet, for N new items with D distinct owners and K issues
changed in Jira: at most ceil(N/50) creates, D user look-ups and ceil(K/100)
search pages, and no request per item in a steady state. Every run also
makes three fixed calls (serverInfo, myself, field) and at least one search
page, and a run that created issues reads them back with one search page per
100 new issues. Rows:

1. cold: N new items, nothing in Jira yet;
2. next run: nothing changed, but our own writes of run 1 are newer than
   its cursor, so this pull pages through them once (nothing per item);
3. steady + K: K issues closed or re-dated in Jira since the last run;
4. quiet: nothing changed anywhere;
5. mixed: N new items and K Jira changes in the same run.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from tests.factories import make_item, make_person, make_report  # noqa: E402
from tests.fakes.jira import FakeJira  # noqa: E402
from tracker import migrate  # noqa: E402
from tracker.db import Database  # noqa: E402
from tracker.jira_sync.models import JiraLink  # noqa: E402
from tracker.jira_sync.service import sync  # noqa: E402
from tracker.settings import Settings  # noqa: E402

FIXED = ("GET serverInfo", "GET myself", "GET field")
SEARCHES = ("GET search/jql", "GET search")
SEARCH_PATH = re.compile(r"^/rest/api/[^/]+/search(/jql)?$")


@dataclass
class Row:
    name: str
    n: int
    d: int
    k: int
    calls: Counter
    pull_pages: int
    readback_pages: int

    @property
    def per_item(self) -> int:
        known = FIXED + SEARCHES + ("POST issue/bulk", "GET user/search")
        return sum(v for k, v in self.calls.items() if k not in known)

    def verdict(self) -> str:
        ok = (
            self.calls["POST issue/bulk"] <= math.ceil(self.n / 50)
            and self.calls["GET user/search"] <= self.d
            and self.pull_pages <= max(1, math.ceil(self.k / 100))
            and self.readback_pages <= math.ceil(self.n / 100)
            and self.per_item == 0
        )
        return "within bound" if ok else "OVER BOUND"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--owners", type=int, default=25)
    parser.add_argument("--changed", type=int, default=230)
    args = parser.parse_args()

    fake = FakeJira().start()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.sqlite")
        migrate.upgrade(db.engine)
        settings = Settings(
            database_url=db.url,
            instance_dir=Path(tmp),
            jira=fake.settings(timeout=10.0),
        )
        try:
            rows = scenario(db, settings, fake, args.items, args.owners, args.changed)
        finally:
            fake.stop()
            db.dispose()
    report(rows)
    sys.exit(0 if all(r.verdict() == "within bound" for r in rows) else 1)


def scenario(
    db: Database, settings: Settings, fake: FakeJira, n: int, d: int, k: int
) -> list[Row]:
    """Runs ten minutes apart (the scheduler's pace), changes in between."""
    add_items(db, fake, n, d, first=0)
    rows = [measure("cold: N new items", db, settings, fake, n, d, 0)]
    fake.advance(10)
    rows.append(measure("next run: echo of ours", db, settings, fake, 0, 0, n))
    change_in_jira(db, fake, k)
    fake.advance(10)
    rows.append(measure("steady + K Jira changes", db, settings, fake, 0, 0, k))
    fake.advance(10)
    rows.append(measure("quiet", db, settings, fake, 0, 0, 0))
    add_items(db, fake, n, d, first=d)
    change_in_jira(db, fake, k, offset=k)
    fake.advance(10)
    rows.append(measure("mixed: N new + K changes", db, settings, fake, n, d, k))
    return rows


def add_items(db: Database, fake: FakeJira, n: int, d: int, *, first: int) -> None:
    emails = [f"owner{first + i}@example.com" for i in range(d)]
    with db.session() as session:
        people = [make_person(session, email=e) for e in emails]
        report = make_report(session)
        for i in range(n):
            make_item(session, report, owner_person_id=people[i % d].id)
    for email in emails:
        fake.add_user(email, email.split("@")[0])


def change_in_jira(db: Database, fake: FakeJira, k: int, *, offset: int = 0) -> None:
    with db.session() as session:
        keys = list(session.scalars(select(JiraLink.issue_key).order_by(JiraLink.id)))
    for i, key in enumerate(keys[offset : offset + k]):
        if i % 2:
            fake.close(key)
        else:
            fake.set_due(key, "2027-06-30")


def measure(
    name: str, db: Database, settings: Settings, fake: FakeJira, n: int, d: int, k: int
) -> Row:
    start = len(fake.calls)
    summary = sync(db, replace(settings))
    if summary.stopped or summary.failed:
        raise SystemExit(f"{name}: the sync failed: {summary.stopped or summary.lines}")
    calls = Counter(fake.calls[start:])
    searches = [r for r in fake.requests[start:] if SEARCH_PATH.search(r.path)]
    readback = sum(1 for r in searches if (r.arg("jql") or "").startswith("key in"))
    return Row(name, n, d, k, calls, len(searches) - readback, readback)


def report(rows: list[Row]) -> None:
    head = (
        f"{'run':<26}{'N':>5}{'D':>4}{'K':>5} | {'creates':>7}{'users':>6}"
        f"{'pull':>5}{'read':>5}{'fixed':>6}{'item':>5}{'total':>6} | bound"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        fixed = sum(r.calls[c] for c in FIXED)
        total = sum(r.calls.values())
        bound = (
            f"{math.ceil(r.n / 50)}+{r.d}+{max(1, math.ceil(r.k / 100))}"
            f"(+{math.ceil(r.n / 100)} read)"
        )
        print(
            f"{r.name:<26}{r.n:>5}{r.d:>4}{r.k:>5} | "
            f"{r.calls['POST issue/bulk']:>7}{r.calls['GET user/search']:>6}"
            f"{r.pull_pages:>5}{r.readback_pages:>5}{fixed:>6}{r.per_item:>5}"
            f"{total:>6} | {bound} {r.verdict()}"
        )
    print(
        "\ncreates = POST issue/bulk, users = GET user/search, pull / read = "
        "search pages of the pull and of the read-back of new issues, fixed = "
        "serverInfo + myself + field, item = requests naming one issue."
    )


if __name__ == "__main__":
    main()
