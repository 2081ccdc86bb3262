"""Judgements on text: is it an item, a placeholder, a note or a commitment."""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.extract.blocks import Block
from tracker.extract.inline import strip_markup
from tracker.extract.vocab import ExtractVocab

INLINE_ACTION = re.compile(
    r"^(?:\*\*|__)?\s*action[ -](?:item|point)(?:\s*#?\d{1,3})?\s*"
    r"(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(\S.*)$",
    re.I | re.S,
)
STATUS_NOTE = re.compile(
    r"^(?:this|that|it)\s+(?:has\s+|have\s+)?(?:already\s+)?(?:been|is|was)\s+"
    r"(?:already\s+)?(?:done|completed|implemented|fixed|merged|deployed)\b",
    re.I,
)
INSTRUCTION = re.compile(r"^\s*([_*])(?![_*\s])(.+?)(?<![_*\s])\1\s*$", re.S)
MARKER_START = re.compile(r"^\s*(?:\[[ xX]?\]|[^\w\s\[(`\"'*]{1,3}\s|:[a-z_]+:)")
BLANK = re.compile(r"<[^<>\n]{1,40}>")
BLANK_GLUE = " \t-–—|,;:/()[]"
CHECKBOX = re.compile(r"^\s*\[[ xX]?\]\s*")
TITLE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*:?\s*")
PLAIN_TITLE = re.compile(r"^([^:]{1,60}):\s+(?=\S)")
SUBORDINATE = re.compile(
    r"^(?:even when|even if|while|whilst|after|although|though|since|because|"
    r"if \w+ had|when|as|didn't|did not|no |nothing|none|it was|there was|"
    r"there were)\b",
    re.I,
)
TRACKING_NOTE = re.compile(
    r"\b(?:raised|created|opened|filed|received|submitted|logged)\.?$", re.I
)
COMMITMENT = re.compile(
    r"\b(?:should|must|needs? to|need be|will|we'll|is necessary|are necessary|"
    r"plans? to|planning to|going to|is being|are being|are implementing|"
    r"are working|has to|have to|is required|are required|wants? to)\b",
    re.I,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(\[*_])")
ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|approx|incl|cf|no|fig)\.$", re.I)
LINE_END = re.compile(r"[.!?](?:[\"')\]*_]*)$")


def inline_action(text: str) -> str | None:
    """The item text of an ``Action item: ...`` paragraph."""
    match = INLINE_ACTION.match(text.strip())
    return match.group(1).strip() if match else None


def is_placeholder(text: str, vocab: ExtractVocab) -> bool:
    plain = strip_markup(text).strip().strip(".:;!").strip().lower()
    return not plain or plain in vocab.placeholders or _blanks_only(plain)


def _blanks_only(text: str) -> bool:
    """ "<action> — <owner> — <due date>": blanks of a form, nothing filled in."""
    if "<" not in text:
        return False
    rest = BLANK.sub("", CHECKBOX.sub("", text))
    return rest != text and not rest.strip(BLANK_GLUE)


def is_instruction(text: str) -> bool:
    """Template guidance written entirely in italics."""
    return bool(INSTRUCTION.match(text.strip()))


def status_marked(block: Block, vocab: ExtractVocab) -> bool:
    """A bullet that starts with a checkbox or a status emoji or shortcode."""
    text = block.first_paragraph.lstrip()
    if text.startswith(("[ ]", "[x]", "[X]", "[]")):
        return True
    return any(text.startswith(marker) for marker in _markers(vocab))


@lru_cache(maxsize=16)
def _markers(vocab: ExtractVocab) -> tuple[str, ...]:
    return (
        vocab.done_markers
        + vocab.open_markers
        + vocab.progress_markers
        + vocab.wont_markers
    )


def lead_words(text: str) -> str:
    """Lower-case text after markers, a short title and link markup."""
    text = MARKER_START.sub("", text, count=1)
    title = TITLE.match(text)
    if title and title.end() < len(text):
        text = text[title.end() :]
    text = strip_markup(text)
    return split_title(text)[1].lower().lstrip("[(\"' ")


def split_title(text: str) -> tuple[str, str]:
    """``("Title", "body")`` for "Title: body" with a short title."""
    match = PLAIN_TITLE.match(text)
    if not match or len(match.group(1).split()) > 8:
        return "", text
    return match.group(1), text[match.end() :]


@lru_cache(maxsize=16)
def _verb_pattern(words: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len)[::-1])
    return re.compile(rf"^(?:{alternatives})\b")


def starts_with(text: str, words: tuple[str, ...]) -> bool:
    return bool(_verb_pattern(words).match(text))


def deliverable(text: str, vocab: ExtractVocab) -> bool:
    """A bullet that states work of its own: a checkbox or an imperative."""
    if text.lstrip().startswith(("[ ]", "[x]", "[X]")):
        return True
    lead = lead_words(text)
    return starts_with(lead, vocab.action_verbs) or starts_with(lead, vocab.vague_verbs)


def is_observation(text: str, vocab: ExtractVocab) -> bool:
    """A finding or a tracking note written as a bullet, not a piece of work."""
    lead = lead_words(text)
    if SUBORDINATE.match(lead) and not COMMITMENT.search(lead):
        return True
    return bool(TRACKING_NOTE.search(lead)) and not deliverable(text, vocab)


def sentences(text: str) -> list[str]:
    parts = []
    buffer = ""
    for piece in SENTENCE_END.split(text.strip()):
        buffer = f"{buffer} {piece}".strip() if buffer else piece
        if not ABBREVIATION.search(buffer):
            parts.append(buffer)
            buffer = ""
    if buffer:
        parts.append(buffer)
    return parts


def paragraph_items(block: Block, vocab: ExtractVocab) -> list[tuple[str, int]]:
    """Items written as plain lines without list markers, one per line."""
    lines = [line for line in block.lines if line.strip()]
    if len(lines) < 2:
        return []

    ended = sum(1 for line in lines if LINE_END.search(line.strip()))
    capital = all(line.strip()[:1].isupper() for line in lines)
    if not capital or ended < 0.8 * len(lines):
        return []

    found = []
    for offset, line in enumerate(lines):
        for text in split_actions(line.strip(), vocab):
            found.append((text, block.line + offset))
    return found


def split_actions(line: str, vocab: ExtractVocab) -> list[str]:
    """A line split where a later sentence starts a new imperative."""
    parts: list[str] = []
    for sentence in sentences(line):
        if parts and deliverable(sentence, vocab):
            parts.append(sentence)
        elif parts:
            parts[-1] = f"{parts[-1]} {sentence}"
        else:
            parts.append(sentence)
    return parts


def commitments(text: str) -> list[str]:
    """Sentences of ``text`` that commit to something."""
    return [part for part in sentences(text) if COMMITMENT.search(part)]
