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

    Returns the text and how many tags were removed. The newlines of a tag
    that spans lines move to the end of the line where the tag ends, so the
    line count stays the same and the text after the tag stays on its line.
    """
    parts: list[str] = []
    carried = 0
    position = 0
    count = 0
    for match in _ERB_TAG.finditer(text):
        chunk, carried = _release(text[position : match.start()], carried)
        parts.append(chunk)
        carried += match.group(0).count("\n")
        position = match.end()
        count += 1
    chunk, carried = _release(text[position:], carried)
    parts.append(chunk + "\n" * carried)
    return "".join(parts).replace("<%%", "<%"), count


def _release(chunk: str, carried: int) -> tuple[str, int]:
    """Put ``carried`` newlines at the first line end of ``chunk``, if any."""
    cut = chunk.find("\n")
    if not carried or cut < 0:
        return chunk, carried
    return chunk[:cut] + "\n" * carried + chunk[cut:], 0


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
