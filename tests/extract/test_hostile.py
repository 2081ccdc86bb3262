"""Hostile input stays linear: no regex may go quadratic on long runs.

Each case is built at two sizes, the second four times the first. Linear
work takes about four times as long on the larger; quadratic work sixteen
times. The check compares the two runs of the same case on the same
machine, so a slow or busy machine does not fail it, and a quadratic
regex still does.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.extract.textdoc import document
from tracker.extract import extract_document

HEAD = "## Action items\n\n- "
PROSE = "We will add x, and we will add y. "
SCALE = 4
# Build a case of size n (the larger run is SCALE times n).
CASES: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: HEAD + "Add due" + " " * 4 * n + "x\n",
    "dashes": lambda n: HEAD + "Add x " + "-" * 4 * n + "\n",
    "brackets": lambda n: HEAD + "[a](" * n + "\n",
    "parens": lambda n: HEAD + "Add x " + "(" * 4 * n + "\n",
    "bold": lambda n: HEAD + "**a " * n + "\n",
    "comments": lambda n: HEAD + "<!--" * n + "\n",
    "tag attributes": lambda n: HEAD + "Add <x" + " a=b" * 2 * n + "\n",
    "tag equals": lambda n: HEAD + "Add <x a=" + "= " * 2 * n + "\n",
    "heading": lambda n: "#" + " " * 4 * n + "x #\n",
    "many items": lambda n: (
        "## Action items\n\n" + "".join(f"- Add alert {k}\n" for k in range(n // 2))
    ),
    "field separators": lambda n: HEAD + "Add x" + " — a ·" * 2 * n + "\n",
    "struck": lambda n: HEAD + "~~a~~ " * n + "dropped\n",
    "bracket tail": lambda n: HEAD + "Add x " + "(a, OPS-1) " * n + "\n",
    "incident label": lambda n: "Incident date" + " " * 4 * n + ":\n",
    "prose": lambda n: "# T\n\n" + PROSE * (n // 2) + "\n",
    "prose spaces": lambda n: "# T\n\nWe will add x," + " " * 4 * n + "and we will.\n",
}
SMALL = 2_500  # the larger run is the size these cases were first tested at


def fastest(text: str, runs: int = 2) -> float:
    """The quickest of ``runs`` extractions of ``text``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        extract_document(document(text))
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", CASES)
def test_extraction_stays_linear(name: str) -> None:
    build = CASES[name]
    small = fastest(build(SMALL))
    large = fastest(build(SMALL * SCALE))

    # Linear is about 4x; quadratic about 16x. 8x plus a little for timer
    # noise on very quick runs sits between them.
    assert large < 2 * SCALE * small + 0.05, f"{small:.3f}s -> {large:.3f}s"
