"""Decide a report's format from its file name, then from its content."""

from __future__ import annotations

import re

from tracker.extract.formats.plaintext import is_chat_paste

FORMATS = ("markdown", "erb", "html", "wikitext", "jira", "rst", "text", "pdf")

ALIASES = {
    "md": "markdown",
    "markdown": "markdown",
    "erb": "erb",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "wiki": "wikitext",
    "wikitext": "wikitext",
    "mediawiki": "wikitext",
    "jira": "jira",
    "confluence": "jira",
    "rst": "rst",
    "rest": "rst",
    "txt": "text",
    "text": "text",
    "pdf": "pdf",
}

_SNIFF_SUFFIXES = ("txt", "text", "")

_WIKITEXT = [
    re.compile(r"^(={2,6})[^=\n].*?\1\s*$", re.M),
    re.compile(r"^\{\|", re.M),
    re.compile(r"\[\[[^\]\n]+\]\]"),
    re.compile(r"'''[^'\n]+'''"),
]
_JIRA = [
    re.compile(r"^h[1-6]\.\s", re.M),
    re.compile(r"^\|\|.*\|\|\s*$", re.M),
    re.compile(r"\{(code|noformat|panel|quote|status)(:[^}]*)?\}"),
    re.compile(r"\[~[^\]\n]+\]"),
]
_RST_UNDERLINE = re.compile(r"^(\S.*)\n([=\-~^\"'`#*+:.])\2{2,}\s*$", re.M)
_RST = [
    re.compile(r"^\.\. [\w-]+::", re.M),
    re.compile(r"`[^`\n]+ <[^>\n]+>`__?"),
    re.compile(r"^\.\. _[^:\n]+:", re.M),
    re.compile(r"``[^`\n]+``"),
]
_MARKDOWN = [
    re.compile(r"^#{1,6}\s+\S", re.M),
    re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s", re.M),
    re.compile(r"^\|.*\|\s*\n\|\s*:?-{3,}", re.M),
    re.compile(r"\[[^\]\n]+\]\([^)\n]+\)"),
    re.compile(r"^```", re.M),
]
_EMAIL_HEADER = re.compile(r"^(subject|from|to|date|cc|sent):\s", re.I)
_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<\?xml)", re.I)
_HTML_TAGS = re.compile(r"<(p|div|h[1-6]|ul|ol|table|section|article)[\s>]", re.I)


def format_from_name(name: str) -> str | None:
    """The format a file name promises, or None when the content must decide."""
    parts = name.lower().rsplit("/", 1)[-1].split(".")[1:]
    if not parts:
        return None
    suffix = parts[-1]
    if suffix in _SNIFF_SUFFIXES:
        inner = ALIASES.get(parts[-2]) if len(parts) > 1 else None
        return inner if inner not in (None, "text", "pdf") else None
    return ALIASES.get(suffix)


def inner_format_of_erb(name: str) -> str | None:
    """The format an ERB template renders to: ``x.html.md.erb`` is Markdown."""
    parts = name.lower().rsplit("/", 1)[-1].split(".")[1:-1]
    for part in reversed(parts):
        if part in ALIASES and ALIASES[part] != "erb":
            return ALIASES[part]
    return None


def sniff_bytes(data: bytes) -> str | None:
    return "pdf" if data.lstrip()[:5] == b"%PDF-" else None


def sniff_text(text: str, *, default: str = "markdown") -> str:
    """Guess the markup of ``text`` from its first 64 KiB."""
    head = text[:65536]
    if _HTML_START.match(head) or _starts_with_front_matter_then_html(head):
        return "html"
    if _EMAIL_HEADER.match(head.lstrip()) or is_chat_paste(head):
        return "text"

    scores = {
        "markdown": _hits(_MARKDOWN, head),
        "wikitext": _hits(_WIKITEXT, head),
        "jira": _hits(_JIRA, head),
        "rst": _rst_score(head),
    }
    best = max(scores, key=lambda fmt: scores[fmt])
    return best if scores[best] > 0 else default


def _hits(patterns: list[re.Pattern[str]], text: str) -> int:
    return sum(1 for pattern in patterns if pattern.search(text))


def _rst_score(text: str) -> int:
    """Underlined titles alone are also Markdown or plain text; need more."""
    score = _hits(_RST, text)
    if not score:
        return 0
    return score + (1 if _RST_UNDERLINE.search(text) else 0)


def _starts_with_front_matter_then_html(text: str) -> bool:
    if not text.startswith("---\n"):
        return False
    end = text.find("\n---\n", 4)
    if end < 0:
        return False
    body = text[end + 5 :]
    return bool(_HTML_TAGS.match(body.lstrip())) or bool(_HTML_START.match(body))
