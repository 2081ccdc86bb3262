"""Fields written after an item's sentence, in whatever shape the report uses.

"(ayo, INFRA-4410) due 2026-12-04", "[Bjorn] -- by Fri 29 Jan, PR #2240 is
open", "— @lena — NA-771", ". Done 16/12/2026". The tail of the item is read
one fragment at a time from the end: a group in brackets, or the words after
a field separator (— – -- - · | ; , and a full stop). Every fragment must be
a field: an owner, a ticket, a due phrase or a status (with the day it was
done). Reading stops at the first fragment that is not, so a sentence that
merely ends in a parenthesis keeps it.
"""

from __future__ import annotations

import re

from tracker.extract import dates
from tracker.extract.owners import owner_word
from tracker.extract.tickets import KEY, NOT_KEYS
from tracker.extract.vocab import ExtractVocab

DASHES = (" -- ", " — ", " – ", " - ", " · ", " | ")
SOFT = ("; ", ", ", ". ")
ENDS = " \t.,;:·|—–-"
SEPARATORS = " \t,;·|—–-"
MAX_FRAGMENTS = 8
MAX_FRAGMENT = 60
WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
DAY = re.compile(
    rf"{WEEKDAY}(?:{dates.DATE_EXPR}|{dates.SOFT_DUE}|{dates.RELATIVE.pattern}|"
    r"(?:short|medium|mid|long|near)[\s-]?term)",
    re.I,
)
STATUS_LABEL = re.compile(r"^(?:status|state)\s*:\s*")
TEAMISH = re.compile(r"\s(?:team|squad|group|guild|crew)$", re.I)
DUE_LEAD = re.compile(r"^(?:due|by|eta|target|deadline)\b\s*:?\s*", re.I)
DONE_ON = re.compile(
    r"^(?:done|completed?|finished|fixed|resolved|shipped|merged|landed)"
    r"(?:\s*:\s*|\s+(?:on\s+)?)?(?P<day>(?<=[\s:]).+)?$",
    re.I,
)
REVIEW = re.compile(
    r"^(?:(?:pr|mr|pull request|merge request)s?(?:\s+#?\d+)?\s+(?:is\s+)?"
    r"(?:up|open|opened|raised for review|in review|under review)|"
    r"in review|under review|in code review)$",
    re.I,
)
TICKET = re.compile(
    r"^(?:(?:pr|mr|pull request|merge request|issue|ticket|bug)s?\s*)?"
    r"(?:[\w.-]*[#!]\d+)?$",
    re.I,
)
HANDLE_BY = re.compile(r"^(@[\w.-]+)\s+(?:by|due)\s+(\S.*)$", re.I)
HANDLE_ROLE = re.compile(r"(@[\w.-]+)\s+\(([a-z][a-z -]{0,24})\)(?=\s*(?:$|[,;]))")
HANDLE_STATUS = re.compile(
    r"^(@[\w.-]+)\s+(?:[^\w\s]{1,3}\s*)?(\w[\w' ]{1,30}?)(?:\s+(?:in|via))?$"
)
NOBODY = frozenset("someone somebody anyone nobody unassigned tbd tbc".split())
PAREN_TUPLE = re.compile(r"\((@?[\w.-]+)\s*,\s*[A-Z][A-Z0-9]+-\d+\)|\(@[\w.-]+\)")
DASH_HANDLE = re.compile(r"\s(?:--|[—–])\s@\w[\w.-]*\w(?![\w.-])")


def split(
    text: str,
    vocab: ExtractVocab,
    *,
    paren_owners: bool = False,
    dash_owners: bool = False,
) -> tuple[str, dict[str, str]]:
    """The item without its trailing fields, and the fields by name.

    ``paren_owners`` says the report writes owners in parentheses elsewhere
    ("(ayo, INFRA-4410)"), so a lone "(ayo)" is an owner too; ``dash_owners``
    says it writes handles after a dash ("— @ayo"), so "— ayo" is one too.
    """
    found: dict[str, str] = {}
    if "@" in text:
        text = HANDLE_ROLE.sub(lambda m: _role(m, vocab), text)
    rest = text
    after: list[tuple[str, str]] = []
    for _ in range(MAX_FRAGMENTS):
        piece = _last_fragment(rest.rstrip(ENDS))
        if piece is None:
            break
        head, fragment, shape = piece
        loose = dash_owners and shape not in ("soft", "(", "[")
        fields = _fields(fragment, shape, vocab, paren_owners, loose)
        if fields is None and shape == "soft" and head.endswith("."):
            fields = _signed(fragment, after, vocab)
        if fields is None:
            break
        _dated_done(fields, after, found)
        for name, value in fields:
            found.setdefault(name, value)
        rest, after = head, fields
    if rest is text:
        return text, {}
    return rest.rstrip(SEPARATORS), found


def _signed(
    fragment: str, after: list[tuple[str, str]], vocab: ExtractVocab
) -> list[tuple[str, str]] | None:
    """ "… fleet. Ingrid Solberg, H1 2027.": a full name as its own sentence,
    followed by a due phrase, signs the item."""
    if not any(name == "due" for name, _ in after) or " " not in fragment:
        return None
    owner = owner_word(fragment, vocab, names=True)
    return [("owner", owner)] if owner else None


def _dated_done(
    fields: list[tuple[str, str]],
    after: list[tuple[str, str]],
    found: dict[str, str],
) -> None:
    """ "Done (2026-03-04)": a bare date right after "done" is when, not a due."""
    if ("status", "done") in fields and len(after) == 1 and after[0][0] == "due":
        if found.get("due") == after[0][1]:
            found["completed"] = found.pop("due")


def _role(match: re.Match[str], vocab: ExtractVocab) -> str:
    """ "@tobi (support)": a role after a handle is not a field; keep the rest."""
    inner = match.group(2)
    if _status(inner, vocab) is not None or DAY.fullmatch(inner):
        return match.group(0)
    return match.group(1)


def convention(texts: list[str], pattern: re.Pattern[str] = PAREN_TUPLE) -> bool:
    """Whether a report writes owners in parentheses (or with ``pattern``, in
    another shape such as ``DASH_HANDLE``) after its items."""
    return sum(1 for text in texts if pattern.search(text)) >= 2


def _last_fragment(text: str) -> tuple[str, str, str] | None:
    """(head, fragment, shape): shape is "(", "[", a dash, or "soft"."""
    if text.endswith((")", "]")):
        opener = "(" if text.endswith(")") else "["
        start = text.rfind(opener)
        inner = text[start + 1 : -1]
        if start < 0 or len(inner) > MAX_FRAGMENT or ")" in inner or "]" in inner:
            return None
        return text[:start], inner, opener

    cuts = [(text.rfind(sep), sep) for sep in DASHES + SOFT]
    at, sep = max(cuts)
    bracket = max(text.rfind(")"), text.rfind("]"))
    if bracket > at:
        at, sep = bracket + 1, ""
    if at <= 0 or len(text) - at > MAX_FRAGMENT + len(sep):
        return None
    shape = "soft" if sep in SOFT or not sep else sep.strip()
    head = text[: at + 1] if sep == ". " else text[:at]
    return head, text[at + len(sep) :].strip(), shape


def _fields(
    fragment: str, shape: str, vocab: ExtractVocab, paren_owners: bool, loose: bool
) -> list[tuple[str, str]] | None:
    if shape not in ("(", "["):
        return _part(fragment, vocab, shape, loose=loose)

    parts = [p.strip() for p in re.split(r"[,;·|]|\s[-–—]\s", fragment) if p.strip()]
    found = [_part(part, vocab, shape) for part in parts]
    if not parts or None in found:
        return None
    fields = [field for group in found if group for field in group]
    named = [value for name, value in fields if name == "owner"]
    if len(named) > 1:
        return None
    if named and len(parts) == 1 and not _sure_owner(named[0], shape):
        return fields if paren_owners else None
    return fields


def _sure_owner(owner: str, shape: str) -> bool:
    return shape == "[" or owner.startswith("@") or bool(TEAMISH.search(owner))


def _part(
    part: str, vocab: ExtractVocab, shape: str, *, loose: bool = False
) -> list[tuple[str, str]] | None:
    """The fields one fragment states: owner, due, status, completed, ticket.

    ``loose`` accepts a lone login ("asouza"), as brackets always do."""
    part = part.strip(" .")
    if not part:
        return None
    status = _status(part, vocab)
    if status is not None:
        return status
    if _ticket(part):
        return [("ticket", part)]

    due = DUE_LEAD.sub("", part)
    if DAY.fullmatch(due) and not dates.CONDITION.match(due):
        return [("due", due)]
    if part.lower() in NOBODY:
        return []
    handle = HANDLE_STATUS.match(part)
    said = _status(handle.group(2), vocab) if handle else None
    if handle and said:
        return [("owner", handle.group(1)), *said]
    handle = HANDLE_BY.match(part)
    if handle and DAY.fullmatch(handle.group(2)):
        return [("owner", handle.group(1)), ("due", handle.group(2))]
    loose = loose or shape in ("(", "[")
    owner = owner_word(part, vocab, loose=loose, names=shape != "soft")
    return [("owner", owner)] if owner else None


def _ticket(part: str) -> bool:
    key = KEY.fullmatch(part)
    if key:
        return part.split("-", 1)[0] not in NOT_KEYS
    return bool(TICKET.fullmatch(part))


def _status(part: str, vocab: ExtractVocab) -> list[tuple[str, str]] | None:
    marked = _marker(part, vocab)
    if marked:
        return [("status", marked)]
    lower = STATUS_LABEL.sub("", part.lower().replace("’", "'"))
    done = DONE_ON.match(lower)
    if done and not done.group("day"):
        return [("status", "done")]
    if done and DAY.fullmatch(done.group("day")):
        return [("status", "done"), ("completed", lower[done.start("day") :])]
    if REVIEW.match(lower) or lower in vocab.progress_words:
        return [("status", "in_progress")]
    if lower in vocab.wont_words:
        return [("status", "wont_do")]
    if lower in vocab.open_words:
        return [("status", "open")]
    return None


def _marker(part: str, vocab: ExtractVocab) -> str | None:
    """ "(@ana, OPS-1) ✅": a status marker after the fields is one of them."""
    for state, markers in (
        ("done", vocab.done_markers),
        ("wont_do", vocab.wont_markers),
        ("in_progress", vocab.progress_markers),
        ("open", vocab.open_markers),
    ):
        if part in markers:
            return state
    return None


def stated(raw: str) -> tuple[str, str | None]:
    """A status written in words around the item, and the item without it.

    "**Done** — Alert on lag", "~~GC tuning~~ dropped, host retired",
    "Freeze deploys — decided against, ...", "Hotfix ~~...~~ superseded by
    X": the status word and the reason after it leave the text, and the
    replacement named after "superseded by" is not this item's ticket.
    """
    plain = raw.replace("’", "'")
    lead = LEAD.match(plain)
    if lead:
        return raw[lead.end() :], _status_of(lead.group("word"))

    lower = plain.lower()
    if "~~" not in plain and not any(word in lower for word in WONT_HINTS):
        return raw, None
    for pattern in (STRUCK, REPLACED, WONT_AFTER, WONT_REMARK):
        match = pattern.search(plain)
        if match and len(plain[: match.start()].split()) >= 2:
            return raw[: match.start()].rstrip(ENDS), _status_of(match.group("word"))
    return raw, None


def _status_of(word: str) -> str:
    word = " ".join(word.lower().split())
    if word in ("done", "completed", "complete", "fixed", "finished", "resolved"):
        return "done"
    if word in ("wip", "in progress"):
        return "in_progress"
    if word in ("todo", "to do"):
        return "open"
    return "wont_do"


WONT = (
    r"won't do|wont do|won't fix|wontfix|dropped|rejected|not doing|cancell?ed|"
    r"decided against|decided not to do|superseded by|replaced by|"
    r"closed in fav(?:ou)?r of|obsoleted by"
)
WONT_HINTS = (
    "won",
    "drop",
    "reject",
    "not doing",
    "cancel",
    "decided",
    "supersed",
    "replaced by",
    "obsoleted",
    "in favo",
)
LEAD = re.compile(
    r"^\s{0,3}(?:\*\*|__)?(?P<word>done|completed|fixed|finished|resolved|wip|"
    r"in progress|todo|to do|won't do|dropped)(?:\*\*|__)? ?(?:[:—–]|--|-\s)\s?"
    r"(?=\S)",
    re.I,
)
STRUCK = re.compile(
    rf"(?<=~~)\s{{0,3}}[—–:,-]{{0,3}}\s{{0,3}}(?P<word>{WONT}|not possible|"
    rf"not feasible|no longer needed|done|completed|fixed|finished)\b.*$",
    re.I | re.S,
)
REPLACED = re.compile(
    r"(?:\s[—–]|\s--|[,;(])?\s(?P<word>superseded by|replaced by|"
    r"closed in fav(?:ou)?r of|obsoleted by)\s+\S.*$",
    re.I | re.S,
)
WONT_AFTER = re.compile(
    rf"(?:\s[—–]|\s--|[,;])\s?(?P<word>{WONT})(?=\s*(?:$|[(,:;.—–]))(?:.*)$",
    re.I | re.S,
)
WONT_REMARK = re.compile(
    rf"(?:\s[—–]|\s--)\s(?=[^—–]{{0,80}}?\b(?P<word>{WONT})\b)[^—–]{{1,120}}$",
    re.I,
)
