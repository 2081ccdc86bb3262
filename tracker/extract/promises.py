"""Commitments written as prose, and what the sentences after them add.

A blog-style report says "Beyond that guard, the platform team will build a
migration linter." and then "We're aiming to have it running in CI by the
end of October." The first sentence is the item; the second, which refers
back to it, gives its due date. Sentences that follow a commitment in the
same paragraph are its notes, and a note that points back at it ("it",
"this", "that one") can name its owner, ticket, status and due phrase.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.extract import dates, prose, tickets
from tracker.extract.inline import find_links, strip_markup
from tracker.extract.vocab import ExtractVocab

LEAD_CLAUSE = r"(?:[A-Z][^,.;:!?]{0,60},\s+)?"
SUBJECT = (
    r"(?P<subject>we|our\s+[\w-]+(?:\s+[\w-]+){0,2}|"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}team|(?:every|all|each)\s+[\w-]+(?:\s+[\w-]+){0,2}|"
    r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)"
)
MODAL = (
    r"(?:will|shall|plans? to|(?:is|are) going to|commits? to|(?:has|have) agreed to|"
    r"are (?:now )?(?:looking into|discussing|investigating|exploring|evaluating|"
    r"working on))"
)
FUTURE = re.compile(
    rf"^{LEAD_CLAUSE}(?:{SUBJECT}\s+{MODAL}|we(?:'ll|'re going to|'re (?:now )?"
    r"(?:looking into|discussing|investigating|exploring|evaluating|working on)))\s",
    re.I,
)
DELIVERED = re.compile(
    rf"^{LEAD_CLAUSE}(?:the|our|a|an|every|all)\s[^.;:!?]{{1,80}}?\s(?:has|have)\s"
    r"(?:now\s|already\s)?been\s(?P<verb>[a-z]+)\b",
    re.I,
)
EFFECTIVE = re.compile(
    r"^(?:starting|from|as of|effective)\s+(?:this|next|today|now|on|immediately|"
    r"monday|tuesday|wednesday|thursday|friday|\d)[^,.]{0,40},\s+\S",
    re.I,
)
SECOND = re.compile(r",?\s{1,3}and\s{1,3}(?=we(?:'re|\s+are|'ll|\s+will)\s)", re.I)
NOT_SUBJECTS = frozenset(
    "you it this that there they he she i these those which what who one nobody "
    "someone everyone anyone if when".split()
)
NOT_DELIVERED = frozenset(
    "resolved restored mitigated recovered identified found detected notified "
    "informed affected impacted seen reported".split()
)
IRREGULAR = frozenset("rewritten written built set put made run shut taken".split())
REFERS = re.compile(r"\b(?:it|this|that|these|those|them|both)\b", re.I)
NAME = r"[A-Z][\w'’-]*[a-z][\w'’-]*"
OWNER = re.compile(
    rf"^(?P<who>(?:[Tt]he\s+)?(?:[\w-]+\s+){{0,3}}[Tt]eam|{NAME}(?:\s{NAME})?)"
    r"(?:\s+(?:on|from|in)\s+the\s+(?:[\w-]+\s+){0,3}team)?"
    r"\s+(?:owns|has|is (?:on|handling|driving|working on)|will own|shipped|built|"
    r"wrote|landed|merged|finished)\b"
)
DONE_NOTE = re.compile(
    r"\b(?:shipped|landed|merged|went live|rolled out|finished|completed)\b", re.I
)
PROGRESS_NOTE = re.compile(
    r"\b(?:pull request|merge request|pr|mr)s?\b[^.]{0,20}?\b(?:open|up|in review)\b",
    re.I,
)


def find(text: str, vocab: ExtractVocab) -> list[tuple[str, list[str]]]:
    """Each commitment in a paragraph, with the sentences that follow it."""
    found: list[tuple[str, list[str]]] = []
    for sentence in prose.sentences(text):
        parts = [part.strip() for part in SECOND.split(sentence)]
        for part in parts if is_commitment(parts[0], vocab) else [sentence]:
            if is_commitment(part, vocab):
                found.append((part, []))
            elif found:
                found[-1][1].append(part)
    return found


def is_commitment(sentence: str, vocab: ExtractVocab) -> bool:
    """A sentence that promises, reports or starts a change."""
    plain = strip_markup(sentence).strip()
    future = FUTURE.match(plain)
    if future:
        subject = (future.group("subject") or "we").lower().split()
        return subject[0] not in NOT_SUBJECTS
    if EFFECTIVE.match(plain):
        return True
    delivered = DELIVERED.match(plain)
    if delivered is None:
        return False
    return _deliverable(delivered.group("verb").lower(), vocab)


def _deliverable(verb: str, vocab: ExtractVocab) -> bool:
    if verb in NOT_DELIVERED:
        return False
    if verb in IRREGULAR or verb in vocab.done_verbs:
        return True
    stems = {verb[:-1], verb[:-2], verb[:-3], verb[:-3] + "y"}
    return verb.endswith("ed") and bool(stems & _actions(vocab))


@lru_cache(maxsize=16)
def _actions(vocab: ExtractVocab) -> frozenset[str]:
    return frozenset(vocab.action_verbs)


def read_notes(notes: list[str], refdefs: dict[str, str]) -> dict[str, str]:
    """Owner, ticket, status and due phrase told by sentences that point back."""
    found: dict[str, str] = {}
    for note in notes:
        if not REFERS.search(note):
            continue
        links = find_links(note, refdefs)
        for link in links:
            ticket = tickets.ticket_from_url(link.url)
            if ticket:
                found.setdefault("ticket", ticket)
        _note_fields(strip_markup(_link_text(note, links)), found)
    return found


def _note_fields(plain: str, found: dict[str, str]) -> None:
    owner = OWNER.match(plain)
    if owner and owner.group("who").split()[0].lower() not in NOT_SUBJECTS:
        found.setdefault("later_owner", owner.group("who"))
    if PROGRESS_NOTE.search(plain):
        found.setdefault("stated", "in_progress")
    elif DONE_NOTE.search(plain):
        found.setdefault("stated", "done")
    due = dates.find_due(plain)
    if due:
        found.setdefault("later_due", due[0])


def _link_text(text: str, links: list) -> str:
    for link in reversed(links):
        text = f"{text[: link.start]}{link.label}{text[link.end :]}"
    return text
