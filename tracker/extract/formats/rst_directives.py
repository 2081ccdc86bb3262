"""Explicit markup (``.. name::``, comments, targets) in reStructuredText."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.extract.formats import rst_blocks as blocks

if TYPE_CHECKING:
    from tracker.extract.formats.rst import _Rst

_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?:\|[^|]+\|\s+)?([\w:-]+)::(?:\s+(.*))?$")
_FOOTNOTE = re.compile(r"^\s*\.\.\s+\[([^\]]+)\]\s+(.*)$")
_OPTION = re.compile(r"^\s*:([\w-]+):(?:\s+(.*))?$")

CODE = {"code", "code-block", "sourcecode", "highlight-block"}
ADMONITIONS = {
    "note",
    "warning",
    "tip",
    "important",
    "attention",
    "caution",
    "danger",
    "hint",
    "error",
    "admonition",
    "topic",
    "sidebar",
    "seealso",
    "todo",
}
_TITLED = {"admonition", "topic", "sidebar"}
CONTAINERS = {"container", "compound", "rst-class", "class", "only", "epigraph"}


def directive(state: _Rst, i: int, indent: int) -> int:
    """Convert the explicit-markup block at ``i``; return the next index."""
    end = blocks.indented_block(state.lines, i + 1, indent)
    match = _DIRECTIVE.match(state.lines[i])
    footnote = _FOOTNOTE.match(state.lines[i])
    if footnote:
        state.out.add(
            f"[{footnote.group(1)}] {state.inline_text(footnote.group(2))}", i + 1
        )
        return end
    if not match:
        return end

    name, argument = match.group(1).lower(), (match.group(2) or "").strip()
    options, body_start = _options(state.lines, i + 1, end)
    body = blocks.dedent(state.lines[body_start:end])
    state.body_started = True
    if name in CODE:
        state.fence(
            _trim(body), body_start + 1, argument.split()[0] if argument else ""
        )
    elif name == "list-table":
        _table(state, blocks.list_table(body), argument, body_start)
    elif name == "csv-table":
        rows = blocks.csv_table(body, options.get("header", ""))
        _table(state, rows, argument, body_start)
    elif name == "rubric":
        state.out.add(f"**{state.inline_text(argument)}**", i + 1)
    elif name in ADMONITIONS or name in CONTAINERS:
        _nested(state, name, argument, body, body_start)
    return end


def _options(lines: list[str], start: int, end: int) -> tuple[dict[str, str], int]:
    options = {}
    index = start
    while index < end and _OPTION.match(lines[index]):
        option = _OPTION.match(lines[index])
        assert option
        options[option.group(1)] = (option.group(2) or "").strip()
        index += 1
    return options, index


def _trim(body: list[str]) -> list[str]:
    while body and not body[0].strip():
        body = body[1:]
    return body or [""]


def _table(state: _Rst, rows: list[list[str]], caption: str, start: int) -> None:
    if caption:
        state.out.blank(start)
        state.out.add(f"**{state.inline_text(caption)}**", start)
    if rows:
        cells = [[state.inline_text(cell) for cell in row] for row in rows]
        state.emit_table(cells, [start + 1] * (len(rows) + 1))


def _nested(state: _Rst, name: str, argument: str, body: list[str], start: int) -> None:
    from tracker.extract.formats.rst import convert_rst

    state.out.blank(start)
    titled = name in _TITLED and bool(argument)
    if name in ADMONITIONS:
        label = state.inline_text(argument) if titled else name.capitalize()
        state.out.add(f"**{label}:**", start)
        state.out.add("", start)
    lead = [argument] if argument and not titled and name in ADMONITIONS else []
    inner = convert_rst("\n".join(lead + body))
    for text, line in zip(inner.lines, inner.line_map, strict=True):
        state.out.add(text, start + line - len(lead))
