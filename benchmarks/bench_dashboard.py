"""Dashboard pages and the digest under load: p50 / p95 and queries per page.

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--db sqlite|postgresql|both]
[--items N] [--teams N] [--reports N] [--rounds N] [--pg-url URL]``.

It seeds a tenth of the data, counts the SQL statements each page issues,
seeds the rest, counts again (the two columns must match: queries do not
grow with the data), then times each page through the Flask test client
as a signed-in editor. PostgreSQL runs in a schema of its own, dropped at
the end. The target is p95 <= 150 ms for the list pages on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, event, insert, text  # noqa: E402

from tracker import migrate  # noqa: E402
from tracker.app import create_app  # noqa: E402
from tracker.auth.models import User  # noqa: E402
from tracker.digest import service as digest  # noqa: E402
from tracker.items.models import ActionItem, ItemEvent  # noqa: E402
from tracker.metrics.periods import Period, local_today  # noqa: E402
from tracker.people.models import Person, Team  # noqa: E402
from tracker.reports.models import Report  # noqa: E402
from tracker.settings import Settings  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LIST_PAGES = ("items", "items filtered", "items sorted p50", "reports", "person")
BATCH = 5_000
SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4", None)
KINDS = ("prevent", "mitigate", "detect", "process", "other", None)
VERBS = ("Add an alert on", "Document", "Automate", "Load test", "Add retries to")
SYSTEMS = ("checkout API", "ledger", "session store", "ingest queue", "CDN", "DNS")


@dataclass
class Sizes:
    items: int
    teams: int
    reports: int

    def part(self, share: float) -> Sizes:
        return Sizes(
            int(self.items * share), int(self.teams * share), int(self.reports * share)
        )


class Seeder:
    """Bulk inserts through SQLAlchemy Core; ids are assigned here."""

    def __init__(self, engine, seed: int) -> None:  # type: ignore[no-untyped-def]
        self.engine = engine
        self.rng = random.Random(seed)
        self.today = local_today("UTC")
        self.team_ids: list[int] = []
        self.people: list[tuple[int, int]] = []
        self.report_ids: list[int] = []
        self.next = {"team": 1, "person": 1, "report": 1, "item": 1}

    def grow(self, to: Sizes) -> None:
        self._teams(to.teams - len(self.team_ids))
        self._reports(to.reports - len(self.report_ids))
        self._items(to.items - (self.next["item"] - 1))

    def _teams(self, count: int) -> None:
        teams, people = [], []
        for _ in range(count):
            tid = self._id("team")
            teams.append(
                {
                    "id": tid,
                    "slug": f"team-{tid:03d}",
                    "name": f"Team {tid:03d}",
                    "aliases": [],
                    "timezone": "UTC",
                }
            )
            for _ in range(10):
                pid = self._id("person")
                people.append(
                    {
                        "id": pid,
                        "name": f"Person {pid}",
                        "team_id": tid,
                        "email": f"p{pid}@example.com",
                        "handles": [f"p{pid}"],
                        "aliases": [],
                        "active": True,
                    }
                )
                self.people.append((pid, tid))
            self.team_ids.append(tid)
        self._insert(Team, teams)
        self._insert(Person, people)

    def _reports(self, count: int) -> None:
        rows = []
        for _ in range(count):
            rid = self._id("report")
            day = self.today - dt.timedelta(days=self.rng.randint(0, 400))
            rows.append(
                {
                    "id": rid,
                    "source": f"/reports/{rid}.md",
                    "format": "markdown",
                    "title": f"{self.rng.choice(SYSTEMS)} incident {rid}",
                    "incident_date": day,
                    "severity": self.rng.choice(SEVERITIES),
                    "team_id": self.rng.choice(self.team_ids),
                    "content_hash": f"{rid:064d}",
                    "body": "",
                    "problems": [],
                    "accountable_share": self.rng.random(),
                    "ingested_at": _utc(day),
                    "updated_at": _utc(day),
                }
            )
            self.report_ids.append(rid)
        self._insert(Report, rows)

    def _items(self, count: int) -> None:
        items, events = [], []
        for _ in range(count):
            iid = self._id("item")
            items.append(self._item(iid))
            events.append(
                {
                    "item_id": iid,
                    "at": items[-1]["created_at"],
                    "actor": "ingest",
                    "action": "created",
                }
            )
            if len(items) == BATCH:
                self._insert(ActionItem, items)
                self._insert(ItemEvent, events)
                items, events = [], []
        self._insert(ActionItem, items)
        self._insert(ItemEvent, events)

    def _item(self, iid: int) -> dict:
        rng = self.rng
        created = self.today - dt.timedelta(days=rng.randint(0, 400))
        due = (
            created + dt.timedelta(days=rng.randint(7, 90))
            if rng.random() > 0.1
            else None
        )
        status = rng.choices(("open", "in_progress", "done", "wont_do"), (4, 1, 6, 1))[
            0
        ]
        done = None
        if status == "done":
            done = min(
                self.today, (due or created) + dt.timedelta(days=rng.randint(-20, 20))
            )
        person = rng.choice(self.people) if rng.random() > 0.15 else None
        problems = [
            p
            for p, share in (("vague", 0.1), ("no_owner", 0.0))
            if rng.random() < share
        ]
        return {
            "id": iid,
            "report_id": rng.choice(self.report_ids),
            "position": 0,
            "text": f"{rng.choice(VERBS)} the {rng.choice(SYSTEMS)} ({iid})",
            "owner_raw": f"p{person[0]}" if person else None,
            "owner_kind": "person" if person else None,
            "owner_person_id": person[0] if person else None,
            "due": due,
            "status": status,
            "completed_on": done,
            "kind": rng.choice(KINDS),
            "excerpt": "- item",
            "problems": problems,
            "extracted": {},
            "removed": rng.random() < 0.01,
            "created_at": _utc(created),
            "updated_at": _utc(created),
        }

    def _id(self, kind: str) -> int:
        value = self.next[kind]
        self.next[kind] += 1
        return value

    def _insert(self, model, rows: list[dict]) -> None:  # type: ignore[no-untyped-def]
        if rows:
            with self.engine.begin() as conn:
                conn.execute(insert(model), rows)


def _utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), dt.UTC)


def pages(seeder: Seeder) -> dict[str, Callable[[], str]]:
    """Each page's URL, picked afresh per round so caches do not flatter."""
    rng = seeder.rng
    team = lambda: f"team-{rng.choice(seeder.team_ids):03d}"  # noqa: E731
    return {
        "items": lambda: "/items",
        "items filtered": lambda: f"/items?team={team()}&overdue=1",
        "items sorted p50": lambda: "/items?sort=team&dir=desc&page=50",
        "items.csv team": lambda: f"/items.csv?team={team()}",
        "item": lambda: f"/items/{rng.randint(1, seeder.next['item'] - 1)}",
        "reports": lambda: f"/reports?page={rng.randint(1, 50)}",
        "report": lambda: f"/reports/{rng.choice(seeder.report_ids)}",
        "person": lambda: f"/people/{rng.choice(seeder.people)[0]}",
        "scoreboard": lambda: "/teams",
        "team": lambda: f"/teams/{team()}",
    }


class Bench:
    def __init__(self, url: str, workdir: Path) -> None:
        settings = Settings(database_url=url, instance_dir=workdir / "instance")
        self.app = create_app(settings)
        self.runtime = self.app.extensions["tracker"]
        self.client = self.app.test_client()
        self.statements = 0
        event.listen(self.runtime.db.engine, "before_cursor_execute", self._count)
        with self.runtime.db.session() as session:
            user = User(login="bench", role="editor", source="local", active=True)
            session.add(user)
            session.flush()
            uid = user.id
        with self.client.session_transaction() as session:
            session.update(uid=uid, at=int(time.time()), csrf="x")

    def _count(self, *args) -> None:  # type: ignore[no-untyped-def]
        self.statements += 1

    def run(self, name: str, target: Callable[[], str] | None) -> tuple[float, int]:
        """Milliseconds and statements for one request (or one digest build)."""
        self.statements = 0
        started = time.perf_counter()
        if target is None:
            week = Period.week_of(local_today("UTC") - dt.timedelta(days=7))
            digest.build(self.runtime, week=week)
        else:
            response = self.client.get(target())
            response.get_data()
            assert response.status_code == 200, (name, response.status_code)
        return (time.perf_counter() - started) * 1000, self.statements


def measure(bench: Bench, seeder: Seeder, rounds: int) -> dict[str, list[float]]:
    targets: dict[str, Callable[[], str] | None] = {
        **pages(seeder),
        "digest build": None,
    }
    timings: dict[str, list[float]] = {name: [] for name in targets}
    for name, target in targets.items():
        bench.run(name, target)
        for _ in range(rounds if name != "items.csv team" else max(rounds // 4, 3)):
            timings[name].append(bench.run(name, target)[0])
    return timings


def statement_counts(bench: Bench, seeder: Seeder) -> dict[str, int]:
    targets: dict[str, Callable[[], str] | None] = {
        **pages(seeder),
        "digest build": None,
    }
    return {name: bench.run(name, target)[1] for name, target in targets.items()}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def backend(kind: str, args: argparse.Namespace, workdir: Path) -> None:
    url, drop = database(kind, args.pg_url, workdir)
    try:
        engine = create_engine(url)
        migrate.upgrade(engine)
        seeder = Seeder(engine, args.seed)
        sizes = Sizes(args.items, args.teams, args.reports)
        seeder.grow(sizes.part(0.1))
        bench = Bench(url, workdir / kind)
        small = statement_counts(bench, seeder)
        started = time.perf_counter()
        seeder.grow(sizes)
        if kind == "postgresql":
            with engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        print(f"\n{kind}: seeded {sizes} in {time.perf_counter() - started:.0f} s")
        full = statement_counts(bench, seeder)
        timings = measure(bench, seeder, args.rounds)
        report(kind, small, full, timings, sizes)
        bench.runtime.db.dispose()
        engine.dispose()
    finally:
        drop()


def database(kind: str, pg_url: str, workdir: Path) -> tuple[str, Callable[[], None]]:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'bench.sqlite'}", lambda: None
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    joiner = "&" if "?" in pg_url else "?"
    return f"{pg_url}{joiner}options=-csearch_path%3D{schema}", drop


def report(kind, small, full, timings, sizes) -> None:  # type: ignore[no-untyped-def]
    tenth = sizes.part(0.1)
    print(f"{'page':<18} {'queries':>8} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'':<18} {f'{tenth.items // 1000}k':>8} {f'{sizes.items // 1000}k':>8}")
    for name, values in timings.items():
        flag = "" if small[name] == full[name] else "  <- grows"
        target = "  (target 150)" if kind == "postgresql" and name in LIST_PAGES else ""
        print(
            f"{name:<18} {small[name]:>8} {full[name]:>8} "
            f"{statistics.median(values):>8.1f} {p95(values):>8.1f}{flag}{target}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", choices=("sqlite", "postgresql", "both"), default="both"
    )
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=200)
    parser.add_argument("--reports", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pg-url", default=PG_URL)
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            backend(kind, args, Path(tmp))


if __name__ == "__main__":
    main()
