"""Score the extractor against the hand-labelled public postmortems.

Run ``.venv/bin/python -m tests.extract.scoring`` for a per-document table,
add ``-v`` to list every unpaired item and every field miss.

Pairing. Within one document each extracted item is paired with the label
whose text is most similar, one to one, greedily from the most similar
pair down. Similarity is the Dice overlap of the two word sets (lower-case
letters and digits). A pair counts only at 0.5 or more: labels trim the
source text (owner labels, status markers, links, a trailing rationale)
and the extractor may keep a bold title or a note, so exact or
character-level matching would miss genuine pairs, while two different
actions of one report rarely share half of their words. Below 0.5 the
extracted item is a false positive and the label a false negative.

Fields, over the pairs:

- owner: case-insensitive, without a leading ``@``, a leading "the" or a
  trailing " team"; null is a value.
- due: exact ISO date; null is a value.
- status: exact.
- ticket: after normalising (case, scheme, ``www.``, trailing slash). A URL
  and a key count as the same ticket when the URL is the key's page
  (``…/browse/SAAS-309`` equals ``SAAS-309``); a GitHub issue and pull URL
  with the same repository and number count as one, since GitHub numbers
  them in one sequence and redirects between them. Any other difference,
  including a URL against a bare ``#123``, is a miss.
- kind: only where the label has a kind.
- vague: ``"vague" in problems`` against the label's flag.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tracker.extract import extract_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "postmortems"
THRESHOLD = 0.5
FIELDS = ("owner", "due", "status", "ticket", "kind", "vague")
INFO_FIELDS = ("owner_kind", "due_raw", "completed_on")
WORD = re.compile(r"[a-z0-9]+")
MAX_BYTES = 50_000_000


@dataclass
class DocScore:
    doc: str
    labels: int = 0
    extracted: int = 0
    pairs: int = 0
    misses: list[str] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    field_hits: dict[str, list[int]] = field(default_factory=dict)
    error: str | None = None
    date_ok: bool | None = None

    @property
    def false_positives(self) -> int:
        return self.extracted - self.pairs

    @property
    def false_negatives(self) -> int:
        return self.labels - self.pairs


@dataclass
class Totals:
    docs: list[DocScore]

    def count(self, name: str) -> int:
        return sum(getattr(doc, name) for doc in self.docs)

    @property
    def f1(self) -> float:
        tp = self.count("pairs")
        precision = tp / max(self.count("extracted"), 1)
        recall = tp / max(self.count("labels"), 1)
        return 2 * precision * recall / max(precision + recall, 1e-9)

    def accuracy(self, name: str) -> float:
        hits = total = 0
        for doc in self.docs:
            good, seen = doc.field_hits.get(name, [0, 0])
            hits, total = hits + good, total + seen
        return hits / total if total else 1.0


def words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower()))


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def pair(extracted: list[dict], labels: list[dict]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairing on text similarity, best pairs first."""
    bags = [words(item["text"]) for item in extracted]
    label_bags = [words(label["text"]) for label in labels]
    scored = []
    for i, bag in enumerate(bags):
        for j, label_bag in enumerate(label_bags):
            score = similarity(bag, label_bag)
            if score >= THRESHOLD:
                scored.append((score, i, j))

    used_i: set[int] = set()
    used_j: set[int] = set()
    pairs = []
    for _, i, j in sorted(scored, key=lambda row: (-row[0], row[1], row[2])):
        if i not in used_i and j not in used_j:
            used_i.add(i)
            used_j.add(j)
            pairs.append((i, j))
    return pairs


def norm_owner(owner: str | None) -> str | None:
    if not owner:
        return None
    text = owner.strip().lower().lstrip("@")
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+team$", "", text)


def norm_ticket(ticket: str | None) -> str | None:
    if not ticket:
        return None
    text = ticket.strip().lower().rstrip("/")
    text = re.sub(r"^https?://(www\.)?", "", text)
    jira = re.search(r"/browse/([a-z][a-z0-9_]+-\d+)$", text)
    if jira:
        return jira.group(1)
    return re.sub(
        r"^(github\.com/[^/]+/[^/]+)/(?:pull|pulls|issues)/", r"\1/issues/", text
    )


def compare(name: str, got: dict, label: dict) -> bool | None:
    """Whether a field matches; None when the field is not scored here."""
    if name == "owner":
        return norm_owner(got["owner"]) == norm_owner(label["owner"])
    if name == "ticket":
        return norm_ticket(got["ticket"]) == norm_ticket(label["ticket"])
    if name == "kind":
        return None if label["kind"] is None else got["kind"] == label["kind"]
    if name == "vague":
        return ("vague" in got["problems"]) == bool(label["vague"])
    return got[name] == label[name]


def score_doc(raw: Path, truth: dict) -> DocScore:
    score = DocScore(raw.name, labels=len(truth["items"]))
    try:
        report = extract_file(raw, max_bytes=MAX_BYTES).to_json()
    except Exception as exc:  # noqa: BLE001 - a crash scores as no items
        score.error = f"{type(exc).__name__}: {exc}"
        score.missing = [label["text"] for label in truth["items"]]
        return score

    items = report["items"]
    score.extracted = len(items)
    score.date_ok = report["incident_date"] == truth["incident_date"]
    pairs = pair(items, truth["items"])
    score.pairs = len(pairs)
    _fields(score, items, truth["items"], pairs)
    paired_i = {i for i, _ in pairs}
    paired_j = {j for _, j in pairs}
    score.unpaired = [
        f"L{it['line']} {it['text']}" for i, it in enumerate(items) if i not in paired_i
    ]
    score.missing = [
        lab["text"] for j, lab in enumerate(truth["items"]) if j not in paired_j
    ]
    return score


def _fields(score: DocScore, items: list[dict], labels: list[dict], pairs) -> None:
    for i, j in pairs:
        for name in FIELDS + INFO_FIELDS:
            verdict = compare(name, items[i], labels[j])
            if verdict is None:
                continue
            hits = score.field_hits.setdefault(name, [0, 0])
            hits[0] += int(verdict)
            hits[1] += 1
            if not verdict and name in FIELDS:
                score.misses.append(_miss(name, items[i], labels[j]))


def _miss(name: str, got: dict, label: dict) -> str:
    mine = "vague" in got["problems"] if name == "vague" else got[name]
    return f"{name}: got {mine!r} want {label[name]!r} | {label['text'][:70]}"


def load_truth(shared: Path = SHARED) -> list[tuple[Path, dict]]:
    found = []
    for path in sorted((shared / "truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        found.append((shared / "raw" / truth["doc"], truth))
    return found


def score_all(shared: Path = SHARED) -> Totals:
    return Totals([score_doc(raw, truth) for raw, truth in load_truth(shared)])


def render(totals: Totals, *, verbose: bool = False) -> str:
    rows = [f"{'doc':<48} {'lab':>4} {'ext':>4} {'tp':>4} {'fp':>3} {'fn':>3}  misses"]
    for doc in totals.docs:
        rows.append(
            f"{doc.doc[:48]:<48} {doc.labels:>4} {doc.extracted:>4} {doc.pairs:>4} "
            f"{doc.false_positives:>3} {doc.false_negatives:>3}  {len(doc.misses)}"
            + (f"  ERROR {doc.error}" if doc.error else "")
        )
        if verbose:
            rows.extend(_details(doc))
    rows.append("")
    rows.append(
        f"items: labels {totals.count('labels')} extracted {totals.count('extracted')}"
        f" pairs {totals.count('pairs')}  F1 {totals.f1:.3f}"
    )
    rows.append("  ".join(f"{name} {totals.accuracy(name):.3f}" for name in FIELDS))
    dated = [doc.date_ok for doc in totals.docs if doc.date_ok is not None]
    rows.append(
        "info: "
        + "  ".join(f"{name} {totals.accuracy(name):.3f}" for name in INFO_FIELDS)
        + f"  incident_date {sum(dated) / max(len(dated), 1):.3f}"
    )
    return "\n".join(rows)


def _details(doc: DocScore) -> list[str]:
    lines = [f"    + extra   {text[:110]}" for text in doc.unpaired]
    lines += [f"    - missing {text[:110]}" for text in doc.missing]
    lines += [f"    ~ {miss[:130]}" for miss in doc.misses]
    if doc.date_ok is False:
        lines.append("    ~ incident_date differs")
    return lines


def main(argv: list[str]) -> int:
    if not (SHARED / "truth").is_dir():
        print(f"no labelled postmortems at {SHARED}", file=sys.stderr)
        return 2
    print(render(score_all(), verbose="-v" in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
