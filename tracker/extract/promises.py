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
    r"are (?:(?:now|also) )?(?:looking into|discussing|investigating|exploring|"
    r"evaluating|working on))"
)
FUTURE = re.compile(
    rf"^{LEAD_CLAUSE}(?:{SUBJECT}\s+{MODAL}|we(?:'ll|'re going to|"
    r"'re (?:(?:now|also) )?"
    r"(?:looking into|discussing|investigating|exploring|evaluating|working on)))\s",
    re.I,
)
DELIVERED = re.compile(
    rf"^{LEAD_CLAUSE}(?:the|our|a|an|every|all)\s[^.;:!?]{{1,80}}?\s(?:has|have)\s"
    r"(?:now\s|already\s)?been\s(?P<verb>[a-z]+)\b",
    re.I,
)
ONGOING = re.compile(
    r"^(?:we're|we are)(?:\s+(?:also|now|already))?\s+(?!going\b)(?P<verb>[a-z]+ing)\s"
    r"|^we(?:'ve|\s+have)\s+(?:begun|started)\s+[a-z]+ing\s",
    re.I,
)
WE_DID = re.compile(
    r"^we(?:'ve|\s+have)(?:\s+(?:now|already|also))?\s+(?P<verb>[a-z]+ed)\s", re.I
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
WILL = re.compile(r"\b(?:will|we'll|we want to|we plan to)\b", re.I)
NOT_YOU = re.compile(r"^(?:you|it|this|that|there)\b", re.I)
DELIVERY_VERBS = frozenset(
    "email mail message contact publish post refund credit".split()
)
IRREGULAR = frozenset("rewritten written built set put made run shut taken".split())
REFERS = re.compile(r"\b(?:it|this|that|these|those|them|both)\b", re.I)
NAME = r"[A-Z][\w'’-]*[a-z][\w'’-]*"
OWNER = re.compile(
    rf"^(?P<who>(?:[Tt]he\s+)?(?:[\w-]+\s+){{0,3}}[Tt]eam|{NAME}(?:\s{NAME})?)"
    r"(?:\s+(?:on|from|in)\s+the\s+(?:[\w-]+\s+){0,3}team)?"
    r"\s+(?:owns|has|is (?:on|handling|driving|leading|working on)|will own|shipped|"
    r"built|"
    r"wrote|landed|merged|finished)\b"
)
DONE_NOTE = re.compile(
    r"(?<!to be )(?<!be )\b(?:shipped|landed|merged|went live|rolled out|finished|"
    r"completed)\b",
    re.I,
)
PROGRESS_NOTE = re.compile(
    r"\b(?:pull request|merge request|pr|mr)s?\b[^.]{0,20}?\b(?:open|up|in review)\b",
    re.I,
)


def find(
    text: str, vocab: ExtractVocab, *, loose: bool = False
) -> list[tuple[str, list[str]]]:
    """Each commitment in a paragraph, with the sentences that follow it.

    ``loose`` (under an action heading) also takes a sentence with "will"
    anywhere in it ("Every migration now runs a check that will …").
    """
    found: list[tuple[str, list[str]]] = []

    def commits(part: str) -> bool:
        return is_commitment(part, vocab) or (
            loose and bool(WILL.search(part)) and not NOT_YOU.match(part)
        )

    for sentence in prose.sentences(text):
        parts = [part.strip() for part in SECOND.split(sentence)]
        for part in parts if commits(parts[0]) else [sentence]:
            if commits(part):
                found.append(_clause_notes(part))
            elif found:
                found[-1][1].append(part)
    return found


def _clause_notes(sentence: str) -> tuple[str, list[str]]:
    """ "We'll publish X; Sarah owns that one": a clause after a semicolon that
    points back at the commitment is a note on it, like a sentence of its own."""
    head, _, rest = sentence.partition("; ")
    if not rest or not REFERS.search(rest):
        return sentence, []
    return head + "." if sentence.endswith(".") else head, [rest]


def is_commitment(sentence: str, vocab: ExtractVocab) -> bool:
    """A sentence that promises, reports or starts a change."""
    plain = strip_markup(sentence).strip()
    future = FUTURE.match(plain)
    if future:
        subject = (future.group("subject") or "we").lower().split()
        return subject[0] not in NOT_SUBJECTS
    if EFFECTIVE.match(plain):
        return True
    ongoing = ONGOING.match(plain)
    if ongoing:
        verb = (ongoing.group("verb") or "").lower()
        return not verb or bool({verb[:-3], verb[:-3] + "e"} & _actions(vocab))
    did = WE_DID.match(plain)
    if did:
        verb = did.group("verb").lower()
        return verb not in NOT_DELIVERED and _did(verb, vocab)
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


def _did(verb: str, vocab: ExtractVocab) -> bool:
    """A past tense of a verb for a deliverable ('emailed', 'rewrote')."""
    stems = {verb[:-1], verb[:-2], verb[:-3] + "y"}
    return _deliverable(verb, vocab) or bool(stems & DELIVERY_VERBS)


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
