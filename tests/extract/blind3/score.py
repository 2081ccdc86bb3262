"""Score the extractor on blind set 3; see RUN.md for how it was made.

Run ``.venv/bin/python -m tests.extract.blind3.score`` (``-v`` lists every
miss). Pairing and field rules are those of ``tests.extract.scoring``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.extract.blind2.score import load_truth as load_truth_in
from tests.extract.blind2.score import score_all as score_all_in
from tests.extract.scoring import Totals, render

HERE = Path(__file__).resolve().parent


def load_truth() -> list[tuple[Path, dict]]:
    return load_truth_in(HERE)


def score_all() -> Totals:
    return score_all_in(HERE)


if __name__ == "__main__":
    print(render(score_all(), verbose="-v" in sys.argv[1:]))
