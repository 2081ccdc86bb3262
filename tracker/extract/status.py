"""An item's status: open, in_progress, done or wont_do.

An explicit marker on the item wins (✅, [x], DONE, "(done)", "this has
already been done"), then a note under it ("Superseded by ..."), then the
heading it sits under ("(Completed)", "In progress"), then its wording
(past tense of the deliverable, progressive verbs, "considered ... but").
"""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.extract.headings import Scope
from tracker.extract.inline import remove_all, strip_markup
from tracker.extract.prose import STATUS_NOTE, lead_words, starts_with
from tracker.extract.vocab import ExtractVocab

CHECKBOX = re.compile(r"^\s*\[([ xX]?)\]\s*")
DONE_PAREN = re.compile(
    r"\((?:done|completed?|finished|implemented|fixed|merged|resolved)\b[^)]*\)",
    re.I,
)
PARTIAL = re.compile(r"\((?:[\w-]+\s+){1,3}done\b[^)]*\)", re.I)
OPEN_PAREN = re.compile(
    r"\((?:tbd|todo|to do|not started|planned|"
    r"(?:issue|ticket|bug|jira)s?\s+(?:created|raised|filed|opened))\)",
    re.I,
)
PROGRESS_PAREN = re.compile(r"\((?:in[ -]progress|wip|ongoing|started)\)", re.I)
WONT_PAREN = re.compile(r"\((?:won'?t (?:do|fix)|wontfix|dropped|cancell?ed)\)", re.I)
TAIL_SEPARATORS = (",", ";", ":", "–", "—", " -")
CAPS = re.compile(
    r"(?<![\w-])(DONE|TODO|WIP|IN PROGRESS|WONTFIX)(?![\w-])(?:\s+(?:in|via)\b)?"
)
ALREADY = re.compile(
    r"\b(?:(?:this|that|it)\s+has\s+(?:already\s+)?been\s+(?:done|implemented|"
    r"fixed)|(?:we|it)\s+already\s+(?:do|does|did|have|has)\s+this|"
    r"already in place)\b",
    re.I,
)
PR_EXISTS = re.compile(
    r"\b(?:pr|mr|pull request|merge request)(?: is)? (?:exists|open|opened|up)\b\.?",
    re.I,
)
CELL_LEAD = re.compile(r"^([^(,:;—–]+?)\s*(?:[(,:;—–]|\s-\s)")
PROGRESS_NOTE = re.compile(
    r"^(?:pr|mr|pull request|merge request)s?\b.{0,300}\((?:in progress|wip|"
    r"in review|under review|open)\)\W*$",
    re.I,
)
REPLACED = re.compile(
    r"^(?:superseded by|closed in fav(?:ou)?r of|replaced by|obsoleted by)\b", re.I
)
PROGRESS_TEXT = re.compile(
    r"\b(?:we(?: have|'ve) (?:begun|started)|we(?: have|'ve) been \w+ing|"
    r"(?:is|are) being \w+ed|are (?:implementing|developing|working on|building)|"
    r"(?:we're|we are|team is|currently) (?:working on|looking into|discussing|"
    r"investigating|exploring|evaluating|testing|drafting))\b",
    re.I,
)
WE_ARE_DOING = re.compile(
    r"^(?:we're|we are) (?:also |now |already )?(?!going\b)[a-z]+ing\b", re.I
)
SENT = frozenset("emailed mailed messaged contacted refunded published posted".split())
IN_EFFECT = re.compile(
    r"^(?:as of|since|from|starting|effective) (?:this week|today|now|yesterday),",
    re.I,
)
CONSIDERED = re.compile(r"^considered\b.*\bbut\b", re.I)
SUBJECT_PAST = re.compile(
    r"^(?:[^.]{0,80}?,\s*)?(?:we|the team|team|they)(?:\s+have|\s+had|'ve)?\s+(\w+)\b",
    re.I,
)
PASSIVE_PAST = re.compile(
    r"^[^,;:]{0,80}?(?<!that )(?<!which )(?<!who )\b(?:was|were|has been|have been)"
    r"\s+(?:\w+ly\s+)?"
    r"(\w+ed|set|built|made|done|sent|\w*written|put|rebuilt|taken|shut)\b",
    re.I,
)
FUTURE = re.compile(
    r"\b(?:will|should|must|plans? to|need to|needs to|going to)\b", re.I
)
TRIPLE = re.compile(r"(\w)\1{2,}")


def detect(
    text: str,
    notes: list[str],
    scopes: tuple[Scope, ...],
    vocab: ExtractVocab,
    cells: tuple[str, str] = ("", ""),
    hint: str | None = None,
    stated: tuple[str, ...] = (),
) -> tuple[str, str]:
    """The status of an item and its text with the status markers removed.

    ``cells`` are a table row's status cell and ticket cell, where reports
    also write DONE / TODO; ``stated`` are statuses written in words around
    the item ("**Done** —", "-- done Wed 20 Jan"); ``hint`` is the status a
    label bullet above the item gives it ("- Done:").
    """
    status, text = _explicit(text, vocab)
    found = [status, *stated]
    if not status:
        found.append(_cell(*cells, vocab))
    status = _first_decisive([state for state in found if state])
    if status and status != "open":
        return status, text

    noted = _from_notes(notes) or hint
    if noted:
        return noted, text
    if status:
        return status, text

    for scope in reversed(scopes):
        if scope.status:
            return scope.status, text

    return _wording(text, vocab), text


def _from_notes(notes: list[str]) -> str | None:
    for note in notes:
        if REPLACED.match(note.strip()):
            return "wont_do"
        if STATUS_NOTE.match(note.strip()):
            return "done"
        if PROGRESS_NOTE.match(note.strip()):
            return "in_progress"
    return None


WRITTEN = (
    (DONE_PAREN, "done"),
    (PARTIAL, "in_progress"),
    (PR_EXISTS, "in_progress"),
    (PROGRESS_PAREN, "in_progress"),
    (WONT_PAREN, "wont_do"),
    (OPEN_PAREN, "open"),
)


def _explicit(text: str, vocab: ExtractVocab) -> tuple[str | None, str]:
    """A status the item states itself, and the text without the marker."""
    found: list[str] = []
    box = CHECKBOX.match(text)
    if box:
        found.append("done" if box.group(1).strip() else "open")
        text = text[box.end() :]

    text = _tail(_already(_markers(text, vocab, found), found), vocab, found)
    for pattern, status in WRITTEN:
        text, count = remove_all(pattern, text)
        if count:
            found.append(status)
    text = _caps(text, found)
    return _first_decisive(found), text.strip()


def _markers(text: str, vocab: ExtractVocab, found: list[str]) -> str:
    for status, markers in _marker_table(vocab):
        for marker in markers:
            if marker in text:
                found.append(status)
                text = text.replace(marker, " ")
    return text


@lru_cache(maxsize=16)
def _marker_table(vocab: ExtractVocab) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (
        ("done", vocab.done_markers),
        ("wont_do", vocab.wont_markers),
        ("in_progress", vocab.progress_markers),
        ("open", vocab.open_markers),
    )


def _already(text: str, found: list[str]) -> str:
    """Cut a note like "- this has already been done." out of the text."""
    match = ALREADY.search(text)
    if not match:
        return text

    found.append("done")
    lower = text.lower()
    bounds = [
        text.rfind(". ", 0, match.start()) + 1 or -1,
        text.rfind(" - ", 0, match.start()),
        lower.rfind("note:", 0, match.start()),
    ]
    start = max([bound for bound in bounds if bound > 0] or [match.start()])
    end = text.find(".", match.end())
    end = len(text) if end < 0 else end + 1
    return f"{text[:start]} {text[end:]}"


def _tail(text: str, vocab: ExtractVocab, found: list[str]) -> str:
    """A status word closing the item: "..., won't do", "... - done"."""
    at = max(text.rfind(separator) for separator in TAIL_SEPARATORS)
    if at < 0:
        return text

    word = text[at:].lstrip(",;:–—- ").strip(" .[]").lower()
    for status, words in _word_table(vocab):
        if word in words:
            found.append(status)
            return text[:at].rstrip()
    return text


@lru_cache(maxsize=16)
def _word_table(vocab: ExtractVocab) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (
        ("done", vocab.done_words),
        ("wont_do", vocab.wont_words),
        ("in_progress", vocab.progress_words),
        ("open", ("todo", "to do", "tbd", "not started")),
    )


def _caps(text: str, found: list[str]) -> str:
    matches = list(CAPS.finditer(text))
    if not matches:
        return text

    names = {"DONE": "done", "TODO": "open", "WONTFIX": "wont_do"}
    for match in matches:
        found.append(names.get(match.group(1), "in_progress"))
    return CAPS.sub(" ", text)


def _first_decisive(found: list[str]) -> str | None:
    """Done beats the rest: a done marker wins over a contradicting note."""
    for status in ("done", "wont_do", "in_progress", "open"):
        if status in found:
            return status
    return None


def _cell(status_cell: str, ticket_cell: str, vocab: ExtractVocab) -> str | None:
    for cell in (status_cell, ticket_cell):
        status, rest = _explicit(strip_markup(cell), vocab) if cell else (None, "")
        if status:
            return status

    word = " ".join(strip_markup(status_cell).lower().split()).strip(" .")
    word = word.replace("’", "'")
    lead = CELL_LEAD.match(word)
    for phrase in (word, lead.group(1) if lead else ""):
        for name, words in _word_table(vocab):
            if phrase in words:
                return name
        if phrase in vocab.open_words:
            return "open"
    return None


def _past_of_action(word: str, vocab: ExtractVocab) -> bool:
    """ "Rotated", "pinned", "applied": the past of an action verb."""
    if not word.endswith("ed") or len(word) < 5:
        return False
    stems = {word[:-1], word[:-2], word[:-3], word[:-3] + "y"}
    return bool(stems & _action_set(vocab))


@lru_cache(maxsize=16)
def _action_set(vocab: ExtractVocab) -> frozenset[str]:
    return frozenset(vocab.action_verbs)


def _wording(text: str, vocab: ExtractVocab) -> str:
    lead = lead_words(text)
    if CONSIDERED.match(lead):
        return "wont_do"
    if starts_with(lead, vocab.progress_verbs) or PROGRESS_TEXT.search(lead):
        return "in_progress"
    if WE_ARE_DOING.match(lead):
        return "in_progress"
    if _past(lead, vocab) or PASSIVE_PAST.match(strip_markup(text)):
        return "done"
    return "open"


def _past(lead: str, vocab: ExtractVocab) -> bool:
    words = lead.split(" ", 2)
    first = TRIPLE.sub(r"\1\1", words[0]) if lead else ""
    if first in vocab.done_verbs:
        return True
    following = words[1] if len(words) > 1 else ""
    if _past_of_action(first, vocab) and not following.endswith("ing"):
        return True

    sentence = lead.split(". ", 1)[0]
    if FUTURE.search(sentence) or starts_with(lead, vocab.action_verbs):
        return False

    subject = SUBJECT_PAST.match(sentence)
    verb = subject.group(1) if subject else ""
    if verb in vocab.done_verbs or verb in SENT or _past_of_action(verb, vocab):
        return True
    if IN_EFFECT.match(sentence):
        return True
    return bool(PASSIVE_PAST.match(sentence))
