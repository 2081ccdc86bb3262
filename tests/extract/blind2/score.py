"""Score the extractor on the second blind set of postmortems.

Run ``.venv/bin/python -m tests.extract.blind2.score`` for the per-document
table, pooled F1 and field accuracies; add ``-v`` to list every unpaired
item and every field miss. The ten documents in ``docs/`` were written for
this set and labelled in ``truth/`` before the extractor was first run on
them (see RUN.md). Pairing and field rules are those of
``tests.extract.scoring``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.extract.scoring import Totals, render, score_doc

HERE = Path(__file__).resolve().parent


def load_truth(here: Path = HERE) -> list[tuple[Path, dict]]:
    found = []
    for path in sorted((here / "truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        found.append((here / "docs" / truth["doc"], truth))
    return found


def score_all(here: Path = HERE) -> Totals:
    return Totals([score_doc(raw, truth) for raw, truth in load_truth(here)])


def main(argv: list[str]) -> int:
    print(render(score_all(), verbose="-v" in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
