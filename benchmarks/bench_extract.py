"""Reports per second and peak memory: extraction against a bare Markdown parse.

Run: ``.venv/bin/python benchmarks/bench_extract.py [--reports N] [--seed S]``.

It generates realistic 150-line postmortems (seeded, so runs compare) and
times each workload over all of them. To add a row, call
``measure(name, fn, texts)`` with a function that takes one report's text.
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import markdown_it  # noqa: E402

from tracker import migrate  # noqa: E402
from tracker.db import Database  # noqa: E402
from tracker.extract import extract_document  # noqa: E402
from tracker.extract.types import Document  # noqa: E402
from tracker.people.service import RosterIndex  # noqa: E402
from tracker.reports.ingest import store  # noqa: E402
from tracker.reports.service import content_hash  # noqa: E402

LINES = 150
TEAMS = ("payments", "platform", "search", "identity", "data", "edge")
PEOPLE = ("maria", "dev-lee", "sam.k", "priya", "jonas", "aiko", "omar")
SYSTEMS = ("checkout API", "ledger", "session store", "ingest queue", "CDN", "DNS")
VERBS = ("Add", "Document", "Automate", "Investigate", "Improve", "Replace", "Alert on")
THINGS = (
    "a p99 latency alert for the {sys}",
    "the failover runbook for the {sys}",
    "connection-pool limits on the {sys}",
    "why the canary missed the {sys} regression",
    "retries with backoff in the {sys} client",
    "a load test of the {sys} in CI",
)
DUES = ("", " (Due: March 16)", " by end of Q2", " (next sprint)", " due 2026-04-30")


@dataclass
class Result:
    name: str
    per_second: float
    peak_kib: float


def report(rng: random.Random, number: int) -> str:
    """One generated postmortem of exactly ``LINES`` lines."""
    system = rng.choice(SYSTEMS)
    lines = [
        "---",
        f"title: {system} outage {number}",
        f"date: 2026-03-{rng.randint(1, 28):02d}",
        f"severity: SEV{rng.randint(1, 3)}",
        "---",
        "",
        f"# The {system} was unavailable for {rng.randint(5, 90)} minutes",
        "",
        "## Summary",
        "",
    ]
    lines += _prose(rng, system, 5)
    lines += ["", "## Impact", "", "| Metric | Value |", "| --- | --- |"]
    lines += [f"| Errors in {s} | {rng.randint(1, 99)}% |" for s in SYSTEMS[:4]]
    lines += ["", "## Detection", ""] + _prose(rng, system, 3)
    lines += ["", "## Timeline", "", "All times UTC.", ""]
    lines += [_event(rng, system) for _ in range(rng.randint(24, 30))]
    lines += ["", "## Root cause", ""] + _prose(rng, system, 6)
    lines += ["", "## Contributing factors", ""]
    lines += [f"- No alert on the {rng.choice(SYSTEMS)} queue depth" for _ in "abcd"]
    lines += ["", "## Resolution", ""] + _prose(rng, system, 4)
    lines += ["", "## Lessons learned", "", "### What went well", ""]
    lines += [f"- The {rng.choice(SYSTEMS)} dashboards showed it early" for _ in "abc"]
    lines += ["", "### What went wrong", ""]
    lines += [f"- Nobody owned the {rng.choice(SYSTEMS)} alerts" for _ in "abcd"]
    lines += ["", "## Action items", ""] + _table(rng) + [""] + _bullets(rng)
    return "\n".join(_fill(lines, rng, system)[:LINES]) + "\n"


def _prose(rng: random.Random, system: str, count: int) -> list[str]:
    """A hard-wrapped paragraph of ``count`` lines."""
    team = rng.choice(TEAMS)
    pool = (
        f"the {system} queue grew while retries from the {team} clients piled up",
        f"and latency rose past the {rng.randint(200, 900)} ms objective for most",
        "requests; the on-call engineer paged the owning team after the second",
        f"alert and rolled back the {rng.choice(SYSTEMS)} change that started it.",
    )
    return [rng.choice(pool) for _ in range(count)]


def _event(rng: random.Random, system: str) -> str:
    who = rng.choice(PEOPLE)
    return (
        f"- {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} @{who} looked at {system}"
    )


def _thing(rng: random.Random) -> str:
    return rng.choice(THINGS).format(sys=rng.choice(SYSTEMS))


def _table(rng: random.Random) -> list[str]:
    rows = ["| Action item | Owner | Due | Status | Ticket |", "|---" * 5 + "|"]
    for _ in range(rng.randint(3, 6)):
        rows.append(
            f"| {rng.choice(VERBS)} {_thing(rng)} | @{rng.choice(PEOPLE)} | "
            f"2026-0{rng.randint(4, 9)}-15 | {rng.choice(('Open', 'Done', 'WIP'))} | "
            f"OPS-{rng.randint(100, 999)} |"
        )
    return rows


def _bullets(rng: random.Random) -> list[str]:
    bullets = []
    for _ in range(rng.randint(6, 10)):
        mark = rng.choice(("- [ ] ", "- [x] ", "- ", "- ✅ "))
        owner = rng.choice(("", f" (Owner: @{rng.choice(PEOPLE)})", " @omar"))
        team = rng.choice(("", f"{rng.choice(TEAMS).title()} team: "))
        ticket = f" [#{rng.randint(10, 9999)}](https://github.com/acme/ops/issues/1)"
        bullets.append(
            f"{mark}{team}{rng.choice(VERBS)} {_thing(rng)}{owner}{rng.choice(DUES)}"
            + (ticket if rng.random() < 0.5 else "")
        )
    return bullets


def _fill(lines: list[str], rng: random.Random, system: str) -> list[str]:
    """Pad with an appendix of links and a chat excerpt, as real reports do."""
    extra = ["", "## Supporting information", ""]
    while len(lines) + len(extra) < LINES:
        who = rng.choice(PEOPLE)
        extra.append(
            rng.choice(
                (
                    f"- Graph of {system} errors: https://grafana.example/d/{who}",
                    f"- [Incident channel](https://chat.example/{who}) export",
                    f"{who}: I think the {system} retries are the problem, can we",
                    f"shed load first? (at {rng.randint(10, 23)}h)",
                )
            )
        )
    return lines + extra


def measure(name: str, fn: Callable[[str], object], texts: list[str]) -> Result:
    """Time ``fn`` over every text (best of three), then its peak memory."""
    fn(texts[0])
    best = float("inf")
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)

    tracemalloc.start()
    for text in texts[:20]:
        fn(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return Result(name, len(texts) / best, peak / 1024)


def extract_text(text: str):
    lines = text.count("\n") + 1
    doc = Document("bench.md", "markdown", text, list(range(1, lines + 1)))
    return extract_document(doc)


class SqliteIngest:
    """Extract and store each report as new, one transaction each, in SQLite."""

    def __init__(self, folder: str) -> None:
        self.db = Database(f"sqlite:///{folder}/bench.sqlite")
        migrate.upgrade(self.db.engine)
        self.roster = RosterIndex([], [])
        self.count = 0

    def __call__(self, text: str) -> object:
        self.count += 1
        return store(
            self.db,
            source=f"bench-{self.count}.md",
            display=f"bench-{self.count}.md",
            digest=content_hash(text.encode()),
            extracted=extract_text(text),
            body=text,
            roster=self.roster,
            warnings=[],
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    texts = [report(rng, number) for number in range(args.reports)]
    parse = markdown_it.MarkdownIt().parse
    with tempfile.TemporaryDirectory() as folder:
        results = [
            measure("markdown-it parse (bare)", parse, texts),
            measure("tracker extract", extract_text, texts),
            measure("extract + ingest (SQLite)", SqliteIngest(folder), texts),
        ]

    print(f"{len(texts)} generated reports of {LINES} lines, seed {args.seed}")
    for result in results:
        print(
            f"{result.name:<28} {result.per_second:8.1f} reports/s"
            f"   peak {result.peak_kib:8.1f} KiB"
        )
    ratio = results[0].per_second / results[1].per_second
    print(f"extraction costs {ratio:.2f}x the bare parse (target <= 2.00x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
