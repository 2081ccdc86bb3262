"""What a heading, bold pseudo-heading or label says about the items below it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.extract import dates
from tracker.extract.inline import find_links, strip_markup
from tracker.extract.tickets import ticket_from_url
from tracker.extract.vocab import ExtractVocab

NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+", re.I)
PAREN = re.compile(r"\(([^()]*)\)")
TARGET = re.compile(r"\b(?:target|due|deadline|eta|by)\s*:?\s*(.+)$", re.I)
JOINERS = re.compile(r"\b(?:and|&|or)\b|/")
QUALIFIERS = re.compile(
    r"\b(?:improvements?|actions?|items?|measures?|steps?|work|changes?|tasks?|"
    r"planned|proposed|follow-?ups?)\b",
    re.I,
)
EMOJI = re.compile(r"[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]|:[a-z_]+:")
BOLD_ONLY = re.compile(r"^(\*\*|__)(.+?)\1\s*:?\s*$|^(\*\*|__)([^*_]+?):\3\s*$")
INFINITIVE = re.compile(r"\bto (?:be )?(?:complete|completed|finish|resolve|fix)\b")
FOOTNOTE = re.compile(r"\[\d+\]\([^()\s]*\)$")
LONGEST = 200
# "Action item template (delete me)": a form to fill in, not a list of work.
TEMPLATE = re.compile(r"\btemplates?\b|\bdelete (?:me|this)\b", re.I)


@dataclass(frozen=True, slots=True)
class Scope:
    """A heading-like context: its role and what it gives its items."""

    level: float
    role: str
    title: str
    status: str | None = None
    due_raw: str | None = None
    kind: str | None = None
    ticket: str | None = None


def normalise(title: str) -> str:
    text = strip_markup(title).lower().replace("’", "'")
    text = EMOJI.sub(" ", text)
    text = NUMBERING.sub("", text.strip())
    return " ".join(text.replace("*", " ").split()).strip(" :.?!-")


@lru_cache(maxsize=4096)
def classify(title: str, vocab: ExtractVocab) -> str:
    """``action``, ``exclude``, ``kind`` (Detection and the like) or ``neutral``."""
    text = normalise(PAREN.sub(" ", title))
    if not text:
        return "neutral"
    if TEMPLATE.search(title):
        return "exclude"
    if _has_phrase(text, vocab.action_headings):
        return "action"
    if _has_phrase(text, vocab.exclude_headings):
        return "exclude"
    if heading_kind(title, vocab):
        return "kind"
    return "neutral"


def _has_phrase(text: str, phrases: tuple[str, ...]) -> bool:
    for phrase in phrases:
        if phrase in text and re.search(
            rf"(?<![\w-]){re.escape(phrase)}s?(?![\w-])", text
        ):
            return True
    return False


@lru_cache(maxsize=4096)
def classify_label(label: str, vocab: ExtractVocab) -> str:
    """Like ``classify`` but the whole label must be a section name."""
    text = normalise(PAREN.sub(" ", label))
    for role, phrases in (
        ("action", vocab.action_headings),
        ("exclude", vocab.exclude_headings),
    ):
        if text in phrases or text.rstrip("s") in phrases:
            return role
    return "kind" if heading_kind(label, vocab) else "neutral"


@lru_cache(maxsize=4096)
def heading_kind(title: str, vocab: ExtractVocab) -> str | None:
    """The kind a heading names when it names exactly one and nothing else."""
    text = normalise(PAREN.sub(" ", title))
    text = QUALIFIERS.sub(" ", text).strip()
    if not text or JOINERS.search(text):
        return None

    for kind, words in vocab.kind_headings:
        if text in words:
            return kind
    return None


def make_scope(
    level: float, title: str, vocab: ExtractVocab, *, exact: bool = False
) -> Scope:
    plain = strip_markup(title)
    return Scope(
        level=level,
        role=classify_label(title, vocab) if exact else classify(title, vocab),
        title=plain,
        status=heading_status(plain, vocab),
        due_raw=heading_due(plain),
        kind=heading_kind(title, vocab),
        ticket=heading_ticket(title),
    )


def heading_status(title: str, vocab: ExtractVocab) -> str | None:
    """Status a heading gives its items; a mixed heading gives none."""
    text = INFINITIVE.sub(" ", normalise(title))
    if _has_phrase(text, vocab.wont_words):
        text = _without_phrases(text, vocab.wont_words)
        return None if _has_phrase(text, vocab.done_words) else "wont_do"

    found = set()
    for status, words in (
        ("done", vocab.done_words),
        ("in_progress", vocab.progress_words),
        ("open", ("planned", "todo", "to do", "not started", "backlog")),
    ):
        if _has_phrase(text, words):
            found.add(status)
    return found.pop() if len(found) == 1 else None


def _without_phrases(text: str, phrases: tuple[str, ...]) -> str:
    for phrase in sorted(phrases, key=len, reverse=True):
        text = text.replace(phrase, " ")
    return text


def heading_due(title: str) -> str | None:
    if len(title) > LONGEST:
        return None
    for inner in PAREN.findall(title):
        target = TARGET.search(inner)
        if target:
            return target.group(1).strip()
        relative = dates.RELATIVE.search(inner)
        if relative:
            return relative.group().strip()

    outside = PAREN.sub(" ", title)
    relative = dates.RELATIVE.search(outside)
    return relative.group().strip() if relative else dates.horizon(outside)


def heading_ticket(title: str) -> str | None:
    for link in find_links(title, {}):
        ticket = ticket_from_url(link.url)
        if ticket:
            return ticket
    return None


def pseudo_heading(text: str) -> str | None:
    """The title of a paragraph that is only a bold label, else None."""
    if len(text) > LONGEST:
        return None
    text = FOOTNOTE.sub("", text.strip()).rstrip(" :")
    match = BOLD_ONLY.match(text)
    if not match:
        return None
    return (match.group(2) or match.group(4)).strip().rstrip(":").strip()


def label_line(text: str, vocab: ExtractVocab) -> str | None:
    """A short bare line that labels what follows ("Action Items")."""
    if "\n" in text or len(text) > 80:
        return None

    plain = strip_markup(text).strip()
    words = plain.split()
    if not words or len(words) > 8 or plain.endswith((".", ",", ";")):
        return None

    bare = plain.rstrip(":?").strip()
    if plain.endswith(":") or classify_label(bare, vocab) in ("action", "exclude"):
        return bare
    return None
