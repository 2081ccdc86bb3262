"""Markdown passes through; Markdown in ERB loses its Ruby tags."""

from __future__ import annotations

import re

from tracker.extract.formats.base import Converted

_ERB_TAG = re.compile(r"<%(?!%)(.*?)-?%>", re.S)


def convert_markdown(text: str) -> Converted:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Converted(lines=lines, line_map=list(range(1, len(lines) + 1)))


def strip_erb(text: str) -> tuple[str, int]:
    """Remove ``<% %>``, ``<%= %>`` and ``<%# %>`` tags, keeping every newline.

    Returns the text and how many tags were removed. A tag that spans lines
    leaves its newlines behind so that line numbers stay the same.
    """
    count = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "\n" * match.group(0).count("\n")

    stripped = _ERB_TAG.sub(blank, text)
    return stripped.replace("<%%", "<%"), count


def split_front_matter(text: str) -> tuple[list[str], str, int]:
    """Split off leading YAML (``---``) or TOML (``+++``) front matter.

    Returns the front matter lines (fences included), the rest of the text,
    and how many lines the front matter took.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() not in ("---", "+++"):
        return [], text, 0

    fence = lines[0].strip()
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() == fence:
            front = lines[: end + 1]
            return front, "\n".join(lines[end + 1 :]), end + 1
    return [], text, 0
