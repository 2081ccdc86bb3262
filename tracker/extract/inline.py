"""Inline Markdown: find links and flatten text to what a reader sees."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

INLINE_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?"
    r"((?:[^()\s<>\[\]]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)"
)
REF_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\[([^\[\]]*)\]")
SHORT_REF = re.compile(r"\[([^\[\]]+)\](?![\[(])")
AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s>]+)>")
BARE_URL = re.compile(r"\bhttps?://[^\s<>\"'\]]+")
HTML_NAMES = (
    "a|abbr|b|big|blockquote|br|center|cite|code|dd|del|details|div|dl|dt|em|"
    "font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|s|samp|small|span|strike|"
    "strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|var|wbr|"
    "svg|path|g|title|section|article|header|footer|nav|figure|figcaption|time"
)
HTML_TAG = re.compile(
    rf"</?(?:{HTML_NAMES})(?:\s[^<>]*)?/?>|<[a-zA-Z][\w-]*\s[^<>=]*=[^<>]*>",
    re.I,
)
STRONG = re.compile(r"(\*\*|__)(?=\S)(.{1,300}?)(?<=\S)\1")
EMPH_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
EMPH_UNDER = re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])")
STRIKE = re.compile(r"~~(.{1,300}?)~~")
SPACES = re.compile(r"[ \t\u00a0]+")
GLUED = re.compile(r"(?<=.)(?=https?://)")


@dataclass(slots=True)
class Link:
    start: int
    end: int
    label: str
    url: str
    image: bool = False


def find_links(text: str, refdefs: dict[str, str]) -> list[Link]:
    """Every link in ``text``, in order: inline, reference, auto and bare."""
    found: list[Link] = []
    taken: list[tuple[int, int]] = []
    for match in INLINE_LINK.finditer(text):
        label, url = match.group(2), match.group(3)
        found.append(Link(match.start(), match.end(), label, url, bool(match.group(1))))
        taken.append(match.span())

    _add_refs(text, refdefs, found, taken)
    for match in AUTOLINK.finditer(text):
        if not _inside(match.start(), taken):
            found.append(Link(match.start(), match.end(), "", match.group(1)))
            taken.append(match.span())

    for match in BARE_URL.finditer(text):
        if not _inside(match.start(), taken):
            found.extend(_bare(match.start(), match.group()))

    found.sort(key=lambda link: link.start)
    return found


def _bare(start: int, raw: str) -> list[Link]:
    """Bare URLs, split where text extraction glued two together."""
    links = []
    for piece in GLUED.split(raw):
        url = piece.rstrip(".,;:")
        while url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1]
        links.append(Link(start, start + len(url), "", url))
        start += len(piece)
    return links


def _add_refs(
    text: str,
    refdefs: dict[str, str],
    found: list[Link],
    taken: list[tuple[int, int]],
) -> None:
    if not refdefs or "[" not in text:
        return

    for match in REF_LINK.finditer(text):
        if _inside(match.start(), taken):
            continue
        key = (match.group(2) or match.group(1)).strip().lower()
        if key in refdefs:
            found.append(Link(match.start(), match.end(), match.group(1), refdefs[key]))
            taken.append(match.span())

    for match in SHORT_REF.finditer(text):
        if _inside(match.start(), taken):
            continue
        key = match.group(1).strip().lower()
        if key in refdefs:
            found.append(Link(match.start(), match.end(), match.group(1), refdefs[key]))
            taken.append(match.span())


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= pos < end for start, end in spans)


def replace_links(text: str, links: list[Link], render: Callable[[Link], str]) -> str:
    """``text`` with each link replaced by ``render(link)``."""
    if not links:
        return text

    parts = []
    pos = 0
    for link in links:
        parts.append(text[pos : link.start])
        parts.append(render(link))
        pos = link.end
    parts.append(text[pos:])
    return "".join(parts)


def strip_markup(text: str) -> str:
    """Drop comments, HTML tags and emphasis; keep inline code as written."""
    if "<" in text:
        text = _outside_code(without_comments(text), _untagged)
    if "*" in text or "_" in text or "~" in text:
        text = _outside_code(text, _unemphasise)
    return SPACES.sub(" ", text).strip()


def _untagged(text: str) -> str:
    return HTML_TAG.sub(" ", text)


def without_comments(text: str) -> str:
    """``text`` without HTML comments; an unclosed one runs to the end."""
    parts = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        parts.append(text[pos:start])
        end = text.find("-->", start + 4)
        pos = len(text) if end < 0 else end + 3
    parts.append(text[pos:])
    return "".join(parts)


def cut(text: str, start: int, end: int) -> str:
    """``text`` without ``[start:end]`` and the separators just before it."""
    head = text[:start].rstrip(" \t,;–—-")
    tail = text[end:].strip()
    return f"{head} {tail}" if head and tail else head or tail


def remove_all(pattern: re.Pattern, text: str) -> tuple[str, int]:
    """Every match of ``pattern`` cut from ``text``, and how many there were."""
    matches = list(pattern.finditer(text))
    for match in reversed(matches):
        text = cut(text, match.start(), match.end())
    return text, len(matches)


def _unemphasise(text: str) -> str:
    text = STRONG.sub(r"\2", text)
    text = EMPH_STAR.sub(r"\1", text)
    text = EMPH_UNDER.sub(r"\1", text)
    return STRIKE.sub(r"\1", text)


def _outside_code(text: str, func: Callable[[str], str]) -> str:
    if "`" not in text:
        return func(text)

    pieces = re.split(r"(`+[^`]*`+)", text)
    return "".join(piece if piece.startswith("`") else func(piece) for piece in pieces)


def plain(text: str, refdefs: dict[str, str] | None = None) -> str:
    """Plain text: links reduced to their label, markup removed."""
    links = find_links(text, refdefs or {})
    text = replace_links(text, links, lambda link: link.label)
    return strip_markup(text)
