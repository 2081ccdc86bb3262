"""Labelled fields written inside an item: "(Owner: X, Due: Y, OPS-1)".

Reports write them in many ways: a parenthesis at the end, a trailing
"— owner: x, due y", or sentences on a wrapped line ("Owner: Eva. Due:
2026-11-20. Ticket: MOB-412."). Each is read into a field and cut out of
the item's text.
"""

from __future__ import annotations

import re

from tracker.extract.inline import cut
from tracker.extract.tickets import KEY

LABELS = {
    "owner": "owner",
    "owners": "owner",
    "assignee": "owner",
    "assigned to": "owner",
    "dri": "owner",
    "responsible": "owner",
    "due": "due",
    "due date": "due",
    "eta": "due",
    "deadline": "due",
    "target": "due",
    "ticket": "ticket",
    "jira": "ticket",
    "issue": "ticket",
    "tracking": "ticket",
    "ref": "ticket",
    "reference": "ticket",
}
LABEL = "|".join(sorted((re.escape(label) for label in LABELS), key=len, reverse=True))
GROUP = re.compile(rf"[(\[]\s*((?:{LABEL})\b[^()\[\]]*)[)\]]", re.I)
FIELD = re.compile(
    rf"(?:^|(?<=[\s,;.(—–-]))\**(?P<label>{LABEL})\**\s*"
    r"(?P<sep>:\**|\s(?=[@\d]|(?-i:[A-Z])))\s*"
    r"(?P<value>[^,;·|()\[\]]+?)(?=\s*(?:[,;·|)\]]|\.(?:\s|$)|\s[—–]\s|\s--\s|$))",
    re.I,
)
SEPARATORS = " \t,;.·|—–-"
DUE_BY = re.compile(r"^by\s+(?=\S)", re.I)
# "Owner: X; Due: Y; Status: in progress": a field this module does not read
# keeps its separator, so the trailer reads it after the item.
OTHER_LABEL = re.compile(r"^(?:status|state)\s*:", re.I)


def pull(text: str) -> tuple[str, dict[str, str]]:
    """Fields found in ``text`` and the text without them."""
    found: dict[str, str] = {}
    group = GROUP.search(text)
    if group:
        _parts(group.group(1), found)
        text = cut(text, group.start(), group.end())

    return _labelled(text, found), found


def _parts(inner: str, found: dict[str, str]) -> None:
    for part in re.split(r"[,;·|]\s*", inner):
        match = FIELD.match(part.strip())
        if match and _accept(match):
            _keep(found, match.group("label"), match.group("value"))
        elif KEY.fullmatch(part.strip()):
            found.setdefault("ticket", part.strip())


def _labelled(text: str, found: dict[str, str]) -> str:
    matches = [match for match in FIELD.finditer(text) if _accept(match)]
    if not matches:
        return text

    pieces: list[str] = []
    pos = 0
    for match in matches:
        _keep(found, match.group("label"), match.group("value"))
        piece = text[pos : match.start()]
        pieces.append(piece.rstrip(SEPARATORS) if pieces else piece.rstrip(" ,;·|—–-*"))
        pos = match.end()
    tail = text[pos:].lstrip(" .,;·|*")
    if OTHER_LABEL.match(tail):
        return f"{_join(pieces)}; {tail}"
    pieces.append(tail)
    return _join(pieces)


def _join(pieces: list[str]) -> str:
    head = pieces[0]
    tail = " ".join(piece for piece in pieces[1:] if piece.strip())
    if head and tail:
        return f"{head} {tail}"
    return head or tail


def _accept(match: re.Match) -> bool:
    """A ticket label needs a colon or a key: "issue 42 in the parser" is prose."""
    field = LABELS[" ".join(match.group("label").lower().split())]
    if field != "ticket" or match.group("sep").startswith(":"):
        return True
    return bool(KEY.fullmatch(match.group("value").strip()))


def _keep(found: dict[str, str], label: str, value: str) -> None:
    field = LABELS[" ".join(label.lower().split())]
    value = value.strip().strip("*").rstrip(".")
    found.setdefault(field, DUE_BY.sub("", value) if field == "due" else value)
