"""The same item stated twice in one report counts once."""

from __future__ import annotations

import re
from typing import TypeVar

from tracker.extract.types import ExtractedItem

SAME = 0.85
WORD = re.compile(r"[a-z0-9]+")
FILLABLE = ("owner", "owner_kind", "due", "due_raw", "ticket", "kind", "completed_on")

T = TypeVar("T")


def words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower()))


def similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """Dice overlap of two word sets."""
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def dedupe(pairs: list[tuple[T, ExtractedItem]]) -> list[tuple[T, ExtractedItem]]:
    """Drop restatements, folding their owner, dates and ticket into the first."""
    kept: list[tuple[T, ExtractedItem, frozenset[str]]] = []
    for source, item in pairs:
        bag = words(item.text)
        twin = _twin(kept, item, bag)
        if twin is None:
            kept.append((source, item, bag))
        else:
            _fold(twin, item)
    return [(source, item) for source, item, _ in kept]


def _twin(kept, item: ExtractedItem, bag: frozenset[str]) -> ExtractedItem | None:
    for _, other, other_bag in kept:
        if other.owner and item.owner and other.owner != item.owner:
            continue
        if other.ticket and item.ticket and other.ticket != item.ticket:
            continue
        if similarity(bag, other_bag) >= SAME:
            return other
    return None


def _fold(first: ExtractedItem, later: ExtractedItem) -> None:
    for name in FILLABLE:
        if getattr(first, name) is None and getattr(later, name) is not None:
            setattr(first, name, getattr(later, name))
    if first.status == "open" and later.status != "open":
        first.status = later.status
