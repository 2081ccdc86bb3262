"""Turn a candidate into an item: clean text, owner, due, status, ticket, kind."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from tracker.extract import (
    dates,
    fields,
    owners,
    promises,
    status,
    tickets,
    trailer,
)
from tracker.extract.inline import (
    Link,
    cut,
    find_links,
    replace_links,
    strip_markup,
)
from tracker.extract.structure import Candidate
from tracker.extract.types import ExtractedItem
from tracker.extract.vocab import ExtractVocab

GENERIC_LABEL = re.compile(
    r"^(?:(?:github |gitlab |jira |tracking |related )?(?:pr|mr|issue|ticket|bug|"
    r"pull request|merge request|link|jira|jira link|jira ticket|here|this|details|"
    r"see|commit)s?(?:\s*[#!]?\d+)?|[#!]?\d+|[\w.-]+(?:/[\w.-]+)?[#!]\d+|"
    r"[A-Z][A-Z0-9]+-\d+|T\d+|\w+:\w+)$",
    re.I,
)
BOLD_TITLE = re.compile(r"^(\*\*|__)([^*_:]{2,80}?)\1(?=\s+[\w`\"'(])")
LABEL_NUMBER = re.compile(r"[#!]\d+$")
EMPTY_WRAP = re.compile(r"\(\s*(?:[A-Za-z]{1,12}\s*:)?\s*[,;]?\s*\)|\[\s*\]|\{\s*\}")
LEAD_IN = re.compile(
    r"^(?:(?:ticket|issue)s?\s+(?:raised|created|opened|filed)\s+(?:to|for)\s+|"
    r"(?:created|raised|opened|filed)\s+an?\s*(?:jira\s+)?(?:ticket|issue)?"
    r"\s*(?:to|for)\s+)",
    re.I,
)
TRACKING_TAIL = re.compile(
    r"\b(?:(?:GitHub|GitLab|Jira) )?(?:[Tt]icket|[Ii]ssue|PR|MR|Jira)"
    r"(?: (?:raised|created|opened|filed))?[.:]?$"
)
HOLLOW_PAREN = re.compile(r"\([^()]*\b(?:on|in|see|at|via|per|by|from)\s*\)", re.I)
QUOTED = re.compile(r'^["“](.+)["”]$')
DANGLING = re.compile(r" (?:in|see|at|via|per|on|from|with|by|and|or)$", re.I)
PRIORITY_TAG = re.compile(r"[\[(](?:P[0-4]|SEV-?[0-5])[\])]", re.I)
PRIORITY = re.compile(
    r"^(?:[(\[]?(?:HIGH|MEDIUM|MED|LOW|CRITICAL|URGENT|P[0-4])\b[)\]]?\s*[:-]?|"
    r"(?i:high|medium|low|critical|urgent)(?i: priority)?\s*[:-])\s+"
)
REL_REF = re.compile(r"\(\s*#\d{1,7}\s*\)|(?<![\w/&#])#\d{1,7}\b")
REF_PREFIX = re.compile(r"^[:\s–—-]+")
HORIZON_PREFIX = re.compile(
    r"^((?:short|medium|mid|long|near)[\s-]?term)\s*[:-]\s*", re.I
)
TRAIL = " \t,;:–—-"
EMOJI_EDGE = re.compile(
    r"^[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d ]+|"
    r"[ \U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]+$"
)
SPACE_PUNCT = re.compile(r" ([,.;:])")
STATUS_CELL = re.compile(
    r"^\W{0,3}\s*(?:done|complete[d]?|wontfix|won't do|wont do|dropped|in review|"
    r"in progress|wip|blocked|cancell?ed)\b|^\s*[✅❌🚧⬜☑✔]",
    re.I,
)
DONE_CELL = re.compile(r"^\W{0,3}\s*(?:done|complete[d]?)\b|^\s*[✅☑✔]", re.I)
SEE_REF = re.compile(r"\bsee\s+\S*#\d{1,7}\b", re.I)
LABELLED_KEY = re.compile(r"[A-Z]{2,6}\d{4,10}")
KEY_LEAD = re.compile(r"(?:ticket|jira|issue|see|tracked in) ?:?$", re.I)
MAX_CHARS = 3000
PLACEHOLDER_CHARS = " -–—?/"
NO_DATES = frozenset(("n/a", "na", "tbd", "tbc", "none", "unknown", "no date"))
COLUMNS = {
    "owner": ("owner", "assignee", "who", "responsible", "dri", "assigned"),
    "due": ("due", "deadline", "target", "when", "eta", "date"),
    "status": ("status", "state", "done"),
    "kind": ("type", "kind", "category"),
    "ticket": ("bug", "ticket", "issue", "jira", "link", "pr", "tracking", "ref"),
}
KINDS = {
    "prevent": "prevent",
    "prevention": "prevent",
    "preventive": "prevent",
    "preventative": "prevent",
    "mitigate": "mitigate",
    "mitigation": "mitigate",
    "detect": "detect",
    "detection": "detect",
    "process": "process",
}


@dataclass
class DocContext:
    """What every item of one report may need."""

    refdefs: dict[str, str]
    home: str | None
    anchor: dt.date | None
    vocab: ExtractVocab
    paren_owners: bool = False
    dash_owners: bool = False
    markdown: str = ""

    @cached_property
    def day_first(self) -> bool:
        """Read only when a numeric date needs it: the scan covers the report."""
        return dates.day_first(self.markdown)


def build(candidate: Candidate, ctx: DocContext) -> ExtractedItem | None:
    """An item from a candidate, or None when nothing of it is left.

    The order matters: tickets are read from links before the text is
    flattened; written fields, status markers, due phrases and owner labels
    are each cut from the text before the next step reads it.
    """
    cells = _columns(candidate.cells)
    raw = candidate.text[:MAX_CHARS]
    candidate.text, said = trailer.stated(raw)
    links = find_links(candidate.text, ctx.refdefs)
    ticket = _ticket(candidate.text, links, cells.get("ticket", ""), candidate, ctx)
    pointed = SEE_REF.search(raw[len(candidate.text) :])
    if pointed and ticket is None:
        ticket = _ticket(pointed.group(0), [], "", candidate, ctx)
    text = _trailing(_flatten(candidate.text, links, cells), cells, ctx)
    if candidate.source == "prose":
        for name, value in promises.read_notes(candidate.notes, ctx.refdefs).items():
            cells.setdefault(name, value)
    ticket = ticket or _written_ticket(cells.get("ticket"))

    state, text = status.detect(
        text,
        candidate.notes,
        candidate.scopes,
        ctx.vocab,
        cells=(cells.get("status", ""), cells.get("ticket", "")),
        hint=candidate.hint,
        stated=tuple(word for word in (said, cells.get("stated")) if word),
    )
    text, due_raw = _due_phrase(text, candidate, cells, state)
    owner, text = _owner(text, candidate, cells, ctx)
    text = _tidy(_drop_key(text, ticket)) or _ticket_text(candidate.text, ticket)
    if not text:
        return None

    return ExtractedItem(
        text=text,
        line=candidate.line,
        owner=owner,
        owner_kind=owners.kind_of(owner, ctx.vocab, group=bool(candidate.owner)),
        due=_resolve(due_raw, ctx),
        due_raw=due_raw,
        status=state,
        completed_on=_resolve(cells.get("completed"), ctx) if state == "done" else None,
        ticket=ticket,
        kind=_kind(cells.get("kind", ""), candidate),
    )


def _trailing(text: str, cells: dict[str, str], ctx: DocContext) -> str:
    """Cut the fields written after the item's sentence into ``cells``."""
    text, found = trailer.split(
        text,
        ctx.vocab,
        paren_owners=ctx.paren_owners,
        dash_owners=ctx.dash_owners,
    )
    if "status" in found:
        found["stated"] = found.pop("status")
    for name, value in found.items():
        cells.setdefault(name, value)
    return text


def _resolve(phrase: str | None, ctx: DocContext) -> dt.date | None:
    if not phrase:
        return None
    day_first = "/" in phrase and ctx.day_first
    return dates.resolve(phrase, ctx.anchor, day_first=day_first)


def _flatten(raw: str, links: list[Link], cells: dict[str, str]) -> str:
    """Plain text of the item; fields written in it move into ``cells``."""
    text = replace_links(raw, links, _render)
    text = BOLD_TITLE.sub(r"\2: ", text, count=1)
    text = LEAD_IN.sub("", strip_markup(text))
    text, written = fields.pull(EMPTY_WRAP.sub("", REL_REF.sub("", text)))
    for name, value in written.items():
        cells.setdefault(name, value)
    return text


def _column_for(header: str) -> str | None:
    for field, names in COLUMNS.items():
        if any(name in header.split() for name in names):
            return field
    return None


def _columns(cells: dict[str, str]) -> dict[str, str]:
    named: dict[str, str] = {}
    for header, value in cells.items():
        field = _column_for(header)
        if field and field not in named:
            named[field] = value
    due = named.get("due", "")
    if STATUS_CELL.match(due) and not named.get("status"):
        named["status"] = named.pop("due")
        day = dates.find_due(due)
        if day and DONE_CELL.match(due):
            named.setdefault("completed", day[0])
    return named


def _ticket(
    raw: str, links: list[Link], cell: str, candidate: Candidate, ctx: DocContext
) -> str | None:
    for source_links in (find_links(cell, ctx.refdefs) if cell else [], links):
        found = _first_ticket(source_links)
        if found:
            return found

    for text in (cell, raw):
        key = tickets.ticket_from_text(strip_markup(_without_links(text, ctx)))
        if key:
            return key

    crossed = tickets.cross_repo(_without_links(raw, ctx))
    if crossed:
        return crossed
    for number in tickets.relative_refs(_without_links(raw, ctx)):
        return tickets.expand(ctx.home, number, raw) if ctx.home else f"#{number}"

    for scope in reversed(candidate.scopes):
        if scope.ticket:
            return scope.ticket
    return _search_ticket(links)


def _written_ticket(value: str | None) -> str | None:
    if not value:
        return None
    found = tickets.ticket_from_url(value) or tickets.ticket_from_text(value)
    if found is None and LABELLED_KEY.fullmatch(value.strip()):
        return value.strip()
    return found


def _first_ticket(links: list[Link]) -> str | None:
    for link in links:
        if link.image or tickets.is_search(link.url):
            continue
        found = tickets.ticket_from_url(link.url)
        if found:
            return found
    return None


def _search_ticket(links: list[Link]) -> str | None:
    for link in links:
        if tickets.is_search(link.url):
            return link.url
    return None


def _without_links(text: str, ctx: DocContext) -> str:
    links = find_links(text, ctx.refdefs)
    return replace_links(text, links, lambda link: "")


def _render(link: Link) -> str:
    """Keep a link's words unless it only points at a ticket or a page."""
    label = strip_markup(link.label).strip()
    if link.image or not label:
        return ""
    is_ticket = bool(tickets.ticket_from_url(link.url) or tickets.is_search(link.url))
    if GENERIC_LABEL.match(label):
        return ""
    return LABEL_NUMBER.sub("", label).rstrip() if is_ticket else label


def _owner(
    text: str, candidate: Candidate, cells: dict[str, str], ctx: DocContext
) -> tuple[str | None, str]:
    if candidate.owner:
        found, rest = owners.detect(text, ctx.vocab)
        return candidate.owner, rest if found else text

    found, text = owners.detect(text, ctx.vocab, column=cells.get("owner"))
    if found:
        return found, text

    for note in candidate.notes:
        rest, written = fields.pull(strip_markup(note))
        if written.get("owner") and not rest.strip(" -:"):
            return written["owner"], text
    return cells.get("later_owner"), text


def _due_phrase(
    text: str, candidate: Candidate, cells: dict[str, str], state: str
) -> tuple[str, str | None]:
    """The item's due phrase: its column, its own words, then its headings.

    A done item takes no horizon from a prefix or a heading: the horizon
    said when it would be done, and it is.
    """
    column = strip_markup(cells.get("due", "")).strip()
    if _is_due(column):
        return text, column

    horizon = HORIZON_PREFIX.match(text)
    text = text[horizon.end() :] if horizon else text
    own = dates.find_due(text)
    if own:
        return _cut(text, own[1]), own[0]
    if cells.get("later_due"):
        return text, cells["later_due"]

    if state == "done":
        return text, None
    if horizon:
        return text, horizon.group(1)
    return text, next(
        (s.due_raw for s in reversed(candidate.scopes) if s.due_raw), None
    )


def _is_due(value: str) -> bool:
    """A due cell or field that names a time: not "–", "n/a" or a condition."""
    plain = value.strip(" .:;*_").lower()
    if not plain.strip(PLACEHOLDER_CHARS) or plain in NO_DATES:
        return False
    return not dates.CONDITION.match(plain)


def _cut(text: str, span: tuple[int, int] | None) -> str:
    return cut(text, *span) if span else text


def _tidy(text: str) -> str:
    text = EMOJI_EDGE.sub("", HOLLOW_PAREN.sub("", EMPTY_WRAP.sub("", text)))
    text = QUOTED.sub(r"\1", " ".join(text.split()))
    text = REF_PREFIX.sub("", text)
    text = PRIORITY.sub("", PRIORITY_TAG.sub("", text))
    text = LEAD_IN.sub("", text)
    if len(text.split()) > 3:
        text = TRACKING_TAIL.sub("", text).rstrip(TRAIL)
    text = DANGLING.sub("", text)
    text = " ".join(SPACE_PUNCT.sub(r"\1", text).split())
    return text.rstrip(TRAIL)


def _drop_key(text: str, ticket: str | None) -> str:
    """Cut a ticket key written in the text ("- ticket PAY-12") out of it."""
    if not ticket or "/" in ticket or ticket not in text:
        return text

    at = text.find(ticket)
    end = at + len(ticket)
    opened = text[:at].rstrip()[-1:] in ("(", "[")
    if opened and text[end : end + 1] not in (")", "]"):
        return text
    head = KEY_LEAD.sub("", text[:at].rstrip(" (["))
    end += 1 if text[end : end + 1] in (")", "]") else 0
    return f"{head.rstrip(TRAIL)} {text[end:].strip()}".strip()


def _ticket_text(raw: str, ticket: str | None) -> str:
    refs = tickets.relative_refs(raw)
    if refs:
        return f"#{refs[0]}"
    return ticket or ""


def _kind(cell: str, candidate: Candidate) -> str | None:
    if cell:
        value = strip_markup(cell).strip().lower()
        if value and value not in ("n/a", "-", "?"):
            return KINDS.get(value, "other")

    for scope in reversed(candidate.scopes):
        if scope.kind:
            return scope.kind
    return None
