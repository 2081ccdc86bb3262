"""Pieces every format converter shares: the output buffer and GFM tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Converted:
    """Markdown made from one source, with the source line of each line."""

    lines: list[str] = field(default_factory=list)
    line_map: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines) + "\n" if self.lines else ""

    def add(self, text: str, line: int) -> None:
        """Append one Markdown line (or several joined by newlines)."""
        for part in text.split("\n"):
            self.lines.append(part)
            self.line_map.append(line)

    def blank(self, line: int | None = None) -> None:
        """End the current block unless the output already ends a block."""
        if self.lines and self.lines[-1].strip():
            self.add("", line if line is not None else self.line_map[-1])

    def trim(self) -> Converted:
        """Drop blank lines at the end, keeping the line map in step."""
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
            self.line_map.pop()
        return self

    def extend(self, other: Converted) -> None:
        self.lines.extend(other.lines)
        self.line_map.extend(other.line_map)
        self.warnings.extend(other.warnings)


def gfm_table(rows: list[list[str]]) -> list[str]:
    """Render rows of cell text as a GFM table; the first row is the header."""
    width = max(len(row) for row in rows)
    cells = [[_cell(c) for c in row] + [""] * (width - len(row)) for row in rows]

    lines = [_row(cells[0]), _row(["---"] * width)]
    lines.extend(_row(row) for row in cells[1:])
    return lines


def _cell(text: str) -> str:
    flat = " ".join(text.split())
    return re.sub(r"(?<!\\)\|", r"\\|", flat)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def number_lines(text: str) -> list[tuple[int, str]]:
    """Pair each line of ``text`` with its 1-based line number."""
    return list(enumerate(text.split("\n"), start=1))


_MARKER = re.compile(r"^(\s*)(?:([#>+=]|[-*](?=\s|$)|`{3,}|~{3,}|<)|(\d+)([.)]))")


def escape_line_start(text: str) -> str:
    """Stop plain text from being read as a Markdown block marker."""
    match = _MARKER.match(text)
    if not match:
        return text

    indent, symbol, digits, dot = match.groups()
    rest = text[match.end() :]
    if symbol:
        return f"{indent}\\{symbol}{rest}"
    return f"{indent}{digits}\\{dot}{rest}"
