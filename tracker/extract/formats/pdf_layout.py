"""Rebuild headings, lists and paragraphs from the text lines of a PDF."""

from __future__ import annotations

import re
from collections import Counter

from tracker.extract.formats.base import Converted, escape_line_start
from tracker.extract.formats.pdf_pagerduty import pagerduty_meta

Line = tuple[str, int]

SECTION_LABELS = {
    "summary", "overview", "impact", "timeline", "root cause", "root causes",
    "resolution", "detection", "what happened", "what went well",
    "what went wrong", "what didn't go so well", "where we got lucky",
    "lessons learned", "lessons", "action items", "actions", "follow-ups",
    "follow ups", "next steps", "corrective actions", "remediation",
    "prevention", "mitigation", "contributing factors", "background",
    "trigger", "recovery", "appendix", "supporting information",
}  # fmt: skip
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(/|of)\s*\d{1,4})?$", re.I)
_NUMBERED = re.compile(r"^\(?(\d{1,3})[.)]\s+(.*)$")
_BULLET = re.compile(r"^[-•*▪●◦‣–]\s+(.*)$")
_TIME_ENTRY = re.compile(
    r"^(\d{1,2}:\d{2}\s?(AM|PM|am|pm)?|[A-Z][a-z]{2} \d{1,2}, \d{4})\b"
)
_GLUED_URL = re.compile(r"(?<=[^\s(<\[])(https?://)")


def page_lines(pages: list[str]) -> list[Line]:
    """All lines with a running line number, page headers and footers removed."""
    split = [[line.rstrip() for line in page.split("\n")] for page in pages]
    repeated = _repeated_edges(split)
    lines: list[Line] = []
    number = 0
    for page in split:
        for text in page:
            number += 1
            key = _edge_key(text)
            if (
                text.strip()
                and key not in repeated
                and not _PAGE_NUMBER.match(text.strip())
            ):
                lines.append((text.strip(), number))
    return lines


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _repeated_edges(pages: list[list[str]]) -> set[str]:
    """Lines that open or close most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        filled = [line for line in page if line.strip()]
        counts.update({_edge_key(line) for line in filled[:2] + filled[-2:]})
    needed = max(2, (len(pages) * 3 + 4) // 5)
    return {key for key, count in counts.items() if count >= needed and key}


def structure(lines: list[Line]) -> Converted:
    out = Converted()
    meta, lines = pagerduty_meta(lines)
    for text, number in meta:
        out.add(text, number)

    block: list[str] = []
    start = 0
    in_timeline = False
    for text, number in lines:
        kind = _kind(text, labels_only=in_timeline)
        if kind == "text" and block:
            block.append(text)
            continue
        _flush(block, start, out)
        block, start = [], number
        if kind == "heading":
            in_timeline = text.strip().lower() == "timeline"
            out.blank(number)
            out.add("## " + text.rstrip(":").strip(), number)
        else:
            block = [text]
    _flush(block, start, out)
    return out


def _kind(text: str, *, labels_only: bool) -> str:
    if is_heading(text, labels_only=labels_only):
        return "heading"
    if _NUMBERED.match(text) or _BULLET.match(text) or _TIME_ENTRY.match(text):
        return "start"
    return "text"


def is_heading(text: str, *, labels_only: bool = False) -> bool:
    """A known section label, or (outside a timeline) a short ALL-CAPS line.

    Timelines quote chat and alert text, whose capitals are not sections.
    """
    label = text.strip().rstrip(":?").strip().lower()
    if label in SECTION_LABELS:
        return True
    if labels_only:
        return False
    letters = [c for c in text if c.isalpha()]
    words = text.split()
    caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    return caps and len(words) <= 6 and not text.rstrip().endswith(".")


def _flush(block: list[str], number: int, out: Converted) -> None:
    if not block:
        return
    text = _GLUED_URL.sub(r" \1", join_wrapped(block))
    numbered = _NUMBERED.match(text)
    bullet = _BULLET.match(text)
    if not out.lines or out.lines[-1].strip():
        previous = out.lines[-1] if out.lines else ""
        if not (numbered or bullet) or not re.match(r"^(\d+\. |- )", previous):
            out.blank(number)
    if numbered:
        out.add(f"{numbered.group(1)}. {numbered.group(2)}", number)
    elif bullet:
        out.add(f"- {bullet.group(1)}", number)
    else:
        out.add(escape_line_start(text), number)


def join_wrapped(parts: list[str]) -> str:
    """Join wrapped lines; a URL cut at the line end is joined without a space."""
    text = parts[0]
    for part in parts[1:]:
        last = text.split()[-1] if text.split() else ""
        url_cut = "://" in last and (last.endswith(("/", "-", "=", "?", "&", "#")))
        if last.endswith("://") or (url_cut and not part.startswith("http")):
            text += part
        else:
            text += " " + part
    return text
