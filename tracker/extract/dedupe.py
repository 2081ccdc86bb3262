"""The same item stated twice in one report counts once."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TypeVar

from tracker.extract.types import ExtractedItem

SAME = 0.85
CONTAINED = 0.75
NEARBY = 200
WORD = re.compile(r"[a-z0-9]+")
STOP = frozenset(
    "a an the to of for in on at by and or with from into our we be is are it "
    "this that as all".split()
)
NEGATIONS = frozenset("not no never don't dont without non".split())
OPPOSITES = (
    ("enable", "disable"),
    ("add", "remove"),
    ("allow", "deny"),
    ("allow", "block"),
    ("increase", "decrease"),
    ("raise", "lower"),
    ("start", "stop"),
    ("open", "close"),
    ("keep", "drop"),
    ("on", "off"),
)
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
    postings: dict[str, list[int]] = defaultdict(list)
    for source, item in pairs:
        bag = words(item.text)
        twin = _twin(kept, _nearby(bag, postings), item, bag)
        if twin is not None:
            _fold(twin, item)
            continue
        for word in bag - STOP or bag:
            postings[word].append(len(kept))
        kept.append((source, item, bag))
    return [(source, item) for source, item, _ in kept]


def _nearby(bag: frozenset[str], postings: dict[str, list[int]]) -> list[int]:
    """Earlier items sharing one of this item's two rarest words.

    A restatement shares most of its words, so it shares one of these; the
    index keeps the check linear for reports with thousands of items.
    """
    content = [word for word in bag - STOP or bag if word in postings]
    rarest = sorted(content, key=lambda word: len(postings[word]))[:2]
    found = {index for word in rarest for index in postings[word][-NEARBY:]}
    return sorted(found)


def _twin(kept, nearby: list[int], item: ExtractedItem, bag) -> ExtractedItem | None:
    for index in nearby:
        _, other, other_bag = kept[index]
        if other.ticket and item.ticket and other.ticket != item.ticket:
            continue
        alike = similarity(bag, other_bag) >= SAME
        if alike or _restated(item, other, bag, other_bag):
            if not _distinct(item, other):
                return other
    return None


def _distinct(item: ExtractedItem, other: ExtractedItem) -> bool:
    """Two items that differ in a field, a number, a word swapped for another,
    a negation or an opposite verb are two commitments, however alike their
    wording."""
    if item.due and other.due and item.due != other.due:
        return True
    if item.owner and other.owner and not words(item.owner) & words(other.owner):
        return True
    left, right = _tokens(item.text), _tokens(other.text)
    only = left ^ right
    if any(any(c.isdigit() for c in token) for token in only):
        return True
    if only & NEGATIONS or _swapped(item.text, other.text):
        return True
    return any(
        (a in left and b in right) or (b in left and a in right)
        for a, b in OPPOSITES
        if (a in only or b in only)
    )


def _swapped(text: str, other: str) -> bool:
    """Each side has a word the other lacks: "the finance dashboard" and "the
    ledger dashboard" name two things. A restatement may reword its leading
    verb ("Validate ..." / "Lint ...") but otherwise only adds or drops
    words, so one side's other words are all in the other."""
    left, right = _after_verb(text), _after_verb(other)
    return bool(left - right) and bool(right - left)


def _after_verb(text: str) -> frozenset[str]:
    tokens = _tokens(text.split(maxsplit=1)[-1])
    return frozenset(t for t in tokens if t not in STOP and f"{t}s" not in STOP)


def _tokens(text: str) -> frozenset[str]:
    return frozenset(
        token.strip(".,;:()[]`'\"*").rstrip("s")
        if not token[-1:].isdigit()
        else token.strip(".,;:()[]`'\"*")
        for token in text.lower().split()
    ) - {""}


def _restated(
    item: ExtractedItem,
    other: ExtractedItem,
    bag: frozenset[str],
    other_bag: frozenset[str],
) -> bool:
    """A shorter wording of an item with the same due date or owner, as in a
    table that restates the list above it with owners and dates."""
    same_due = item.due is not None and item.due == other.due
    same_owner = item.owner is not None and item.owner == other.owner
    if not (same_due or same_owner):
        return False

    left, right = bag - STOP, other_bag - STOP
    short = min(left, right, key=len)
    if len(short) < 3:
        return False
    return len(left & right) / len(short) >= CONTAINED


def _fold(first: ExtractedItem, later: ExtractedItem) -> None:
    for name in FILLABLE:
        if getattr(first, name) is None and getattr(later, name) is not None:
            setattr(first, name, getattr(later, name))
    if first.status == "open" and later.status != "open":
        first.status = later.status
