"""Score the extractor on the held-out postmortems in this package.

The documents in ``docs/`` were written for this set and labelled by hand in
``truth/`` (same schema and rules as ``../shared/postmortems/truth``) before the
extractor was ever run on them, so they measure how well it generalises beyond
the 40 documents it was tuned on. Pairing and field scoring are those of
``tests.extract.scoring``.

Run ``.venv/bin/python -m tests.extract.heldout.score`` (``-v`` for details).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tests.extract.scoring import Totals, render, score_doc

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
TRUTH = HERE / "truth"


def load_heldout() -> list[tuple[Path, dict]]:
    found = []
    for path in sorted(TRUTH.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        found.append((DOCS / truth["doc"], truth))
    return found


def score_heldout() -> Totals:
    return Totals([score_doc(raw, truth) for raw, truth in load_heldout()])


def main(argv: list[str]) -> int:
    print(render(score_heldout(), verbose="-v" in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
