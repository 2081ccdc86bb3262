"""Hostile input stays fast: no regex may go quadratic on long runs."""

from __future__ import annotations

import time

import pytest

from tests.extract.textdoc import document
from tracker.extract import extract_document

HEAD = "## Action items\n\n- "
CASES = {
    "spaces": HEAD + "Add due" + " " * 40_000 + "x\n",
    "dashes": HEAD + "Add x " + "-" * 40_000 + "\n",
    "brackets": HEAD + "[a](" * 10_000 + "\n",
    "parens": HEAD + "Add x " + "(" * 40_000 + "\n",
    "bold": HEAD + "**a " * 10_000 + "\n",
    "comments": HEAD + "<!--" * 10_000 + "\n",
    "tag attributes": HEAD + "Add <x" + " a=b" * 20_000 + "\n",
    "tag equals": HEAD + "Add <x a=" + "= " * 20_000 + "\n",
    "heading": "#" + " " * 40_000 + "x #\n",
    "many items": "## Action items\n\n"
    + "".join(f"- Add alert {n}\n" for n in range(5_000)),
    "field separators": HEAD + "Add x" + " — a ·" * 20_000 + "\n",
    "struck": HEAD + "~~a~~ " * 10_000 + "dropped\n",
    "bracket tail": HEAD + "Add x " + "(a, OPS-1) " * 8_000 + "\n",
    "incident label": "Incident date" + " " * 40_000 + ":\n",
    "prose": "# T\n\n" + "We will add x, and we will add y. " * 5_000 + "\n",
    "prose spaces": "# T\n\nWe will add x," + " " * 40_000 + "and we will.\n",
}


@pytest.mark.parametrize("name", CASES)
def test_extraction_stays_linear(name: str) -> None:
    start = time.perf_counter()
    extract_document(document(CASES[name]))

    assert time.perf_counter() - start < 3.0
