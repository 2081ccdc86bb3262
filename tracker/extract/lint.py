"""Accountability checks: vague wording, missing owner, missing due date."""

from __future__ import annotations

import re

from tracker.extract.prose import split_title, starts_with
from tracker.extract.types import ExtractedItem, Problem
from tracker.extract.vocab import ExtractVocab

QUESTION = re.compile(
    r"^(?:how|can we|could we|should we|shall we|do we|does|is|are|what|why|which|"
    r"any other|whether)\b",
    re.I,
)
TICKET_ONLY = re.compile(r"^[\w./-]*#?\d+$|^[A-Z][A-Z0-9]+-\d+$")
CLAUSE = re.compile(r",|;|\.\s|\s(?:which|so|because|since|to|for when|when)\s")
ANCHOR = re.compile(
    r"\bso that\b|\bsuch that\b|\bin particular\b|,\s*adding\b|\bby adding\b|\d|`|"
    r"\bat (?:least|minimum)\b|\be\.g\.",
    re.I,
)
REVIEW = re.compile(
    r"^(?:review|revisit|re-review|audit)\b|"
    r"\b(?:will|should|to|must|shall)\s+(?:review|revisit)\b",
    re.I,
)
REVIEW_CHANGE = re.compile(
    r"\b(?:update|change|fix|make sure|ensure|so that|at minimum|and plan)\b", re.I
)
MODAL_VAGUE = re.compile(
    r"\b(?:to|will|should|must|been|we're|we are|we'll|we|team)\s+"
    r"(?:be able to\s+)?(\w+(?:\s\w+)?)",
    re.I,
)
AND_VERB = re.compile(r"^\w+ and (\w+)")
WORDS = re.compile(r"(?<![\w-])[a-z]+(?![\w-])")
FOR_PURPOSE = re.compile(r"\bfor (?:better|more)\b")
MEETING = re.compile(
    r"^(?:hold|have|set up|organi[sz]e|arrange|run|book)\s+an?\s+(?:[\w-]+\s+){0,5}?"
    r"(?:review|meeting|discussion|session|sync|workshop|call|retro)\b|"
    r"^(?:talk|speak|chat|meet)\s+(?:to|with)\b[^.]*\babout\b|"
    r"^ask\s+(?:(?!to\b)[\w@.-]+\s+){1,4}?about\b"
)
GERUND_GOAL = re.compile(
    r"^([a-z]+ing)\b|^(?:[a-z][\w/-]*\s+){1,2}?([a-z]+ing)"
    r"(?:\s+(?:on|of|for|in|at|across|around|within)\b.*)?$"
)
OPEN_ENDED = frozenset(
    "tuning scaling hardening optimizing optimising improving tweaking reworking "
    "rethinking revisiting streamlining".split()
)


def is_vague(text: str, vocab: ExtractVocab) -> bool:
    """True when the text names no specific, checkable deliverable."""
    title, body = split_title(text.strip())
    if TICKET_ONLY.match(body):
        return False

    lead = body.lower()
    if body.rstrip().endswith("?") or QUESTION.match(lead):
        return True
    if title and starts_with(title.lower(), vocab.vague_verbs):
        return True
    if starts_with(lead, vocab.vague_verbs) or _modal_vague(lead, vocab):
        return True
    if REVIEW.search(lead) or MEETING.match(lead):
        return not REVIEW_CHANGE.search(lead)
    return _improve_only(lead, vocab) or _bare_goal(lead, vocab)


def _modal_vague(lead: str, vocab: ExtractVocab) -> bool:
    first = lead.split(". ", 1)[0]
    for match in MODAL_VAGUE.finditer(first):
        if starts_with(match.group(1), vocab.vague_verbs):
            return True
    return False


def _improve_only(lead: str, vocab: ExtractVocab) -> bool:
    """'Improve X' or 'better / more X' with no target or outcome."""
    if ANCHOR.search(lead):
        return False

    if starts_with(lead, vocab.improve_verbs):
        return True
    second = AND_VERB.match(lead)
    if second and starts_with(second.group(1), vocab.improve_verbs):
        return True
    first = CLAUSE.split(lead, maxsplit=1)[0]
    words = set(WORDS.findall(FOR_PURPOSE.sub(" ", first)))
    return bool(words & set(vocab.vague_words))


def _bare_goal(lead: str, vocab: ExtractVocab) -> bool:
    """ "GC tuning on the shared host": an open-ended activity, no deliverable."""
    match = GERUND_GOAL.match(lead)
    if not match or ANCHOR.search(lead):
        return False
    return (match.group(1) or match.group(2)) in OPEN_ENDED


def item_problems(item: ExtractedItem, vocab: ExtractVocab) -> list[Problem]:
    problems = []
    if is_vague(item.text, vocab):
        problems.append(Problem("vague", VAGUE))
    if item.status in ("done", "wont_do"):
        return problems

    if not item.owner:
        problems.append(Problem("no_owner", NO_OWNER))
    elif item.owner_kind == "team":
        problems.append(Problem("team_owner", TEAM_OWNER.format(owner=item.owner)))
    if item.due is None:
        message = NO_DUE_RAW.format(raw=item.due_raw) if item.due_raw else NO_DUE
        problems.append(Problem("no_due_date", message))
    return problems


VAGUE = (
    "Vague: it names no concrete deliverable; say what will exist or change and "
    'how to check it, e.g. "Page on-call when disk usage passes 90%" instead of '
    '"improve monitoring".'
)
NO_OWNER = 'No owner: name one person who is accountable, e.g. "Owner: @handle".'
TEAM_OWNER = (
    'Owned by a team ("{owner}"): name one person in it who is accountable, '
    'e.g. "Owner: @handle".'
)
NO_DUE = 'No due date: add the day it should be done by, e.g. "Due: 2026-03-31".'
NO_DUE_RAW = 'No due date: "{raw}" is not a day; give one, e.g. "Due: 2026-03-31".'
NO_ITEMS = (
    'No action items: add an "Action items" section with one item per line, '
    'each with an owner and a due date, e.g. "- Add a disk alert (Owner: @handle, '
    'Due: 2026-03-31)".'
)
