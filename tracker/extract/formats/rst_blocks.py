"""reStructuredText blocks that span lines: tables and indented bodies."""

from __future__ import annotations

import csv
import re

_GRID_BORDER = re.compile(r"^\+([-=]+\+)+$")
_SIMPLE_BORDER = re.compile(r"^=+( +=+)+$")


def indented_block(lines: list[str], start: int, base: int) -> int:
    """Index just past the block of lines indented deeper than ``base``.

    Blank lines inside the block belong to it; trailing blank lines do not.
    """
    end = start
    last = start
    while end < len(lines):
        line = lines[end]
        if line.strip() and len(line) - len(line.lstrip()) <= base:
            break
        if line.strip():
            last = end + 1
        end += 1
    return last


def dedent(lines: list[str]) -> list[str]:
    widths = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return [line[cut:] if line.strip() else "" for line in lines]


def is_grid_border(line: str) -> bool:
    return bool(_GRID_BORDER.match(line.strip()))


def is_simple_border(line: str) -> bool:
    return bool(_SIMPLE_BORDER.match(line.strip()))


def grid_table(lines: list[str], start: int) -> tuple[list[list[str]], list[int], int]:
    """Rows of a grid table, the source line of each, and the end index."""
    indent = len(lines[start]) - len(lines[start].lstrip())
    border = lines[start].strip()
    bounds = [i for i, char in enumerate(border) if char == "+"]
    rows: list[list[str]] = []
    sources: list[int] = []
    current: list[list[str]] = []
    end = start + 1
    while end < len(lines) and lines[end].strip().startswith(("+", "|")):
        text = lines[end][indent:]
        if is_grid_border(text):
            _close_row(current, rows)
            current = []
        else:
            if not current:
                sources.append(end + 1)
            current.append(_slice(text, bounds))
        end += 1
    _close_row(current, rows)
    return rows, sources[: len(rows)], end


def _slice(text: str, bounds: list[int]) -> list[str]:
    cells = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        cells.append(text[left + 1 : right].strip())
    return cells


def _close_row(parts: list[list[str]], rows: list[list[str]]) -> None:
    if not parts:
        return
    width = max(len(part) for part in parts)
    cells = [" ".join(p[i] for p in parts if i < len(p) and p[i]) for i in range(width)]
    rows.append(cells)


def simple_table(
    lines: list[str], start: int
) -> tuple[list[list[str]], list[int], int]:
    """Rows of a simple (``=====  =====``) table and the end index."""
    border = lines[start]
    columns = [m.span() for m in re.finditer(r"=+", border)]
    rows: list[list[str]] = []
    sources: list[int] = []
    end = start + 1
    while end < len(lines):
        line = lines[end]
        end += 1
        if is_simple_border(line):
            if end >= len(lines) or not lines[end].strip():
                break
        elif re.fullmatch(r"\s*-+( +-+)*\s*", line) or not line.strip():
            continue
        elif line[: columns[0][1]].strip() or not rows:
            rows.append(_columns(line, columns))
            sources.append(end)
        else:
            _continue_row(rows[-1], _columns(line, columns))
    return rows, sources, end


def _columns(line: str, columns: list[tuple[int, int]]) -> list[str]:
    cells = []
    for index, (left, _right) in enumerate(columns):
        stop = columns[index + 1][0] if index + 1 < len(columns) else len(line)
        cells.append(line[left:stop].strip())
    return cells


def _continue_row(row: list[str], more: list[str]) -> None:
    for index, text in enumerate(more):
        if text:
            row[index] = f"{row[index]} {text}".strip()


def list_table(body: list[str]) -> list[list[str]]:
    """Rows of a ``list-table`` directive body (already dedented)."""
    rows: list[list[str]] = []
    for line in body:
        stripped = line.strip()
        if line.startswith(("* ", "- ")) and stripped[2:].lstrip().startswith("- "):
            rows.append([stripped[2:].lstrip()[2:].strip()])
        elif line.startswith(("* ", "- ")):
            rows.append([])
        elif stripped.startswith("- ") and rows is not None and rows:
            rows[-1].append(stripped[2:].strip())
        elif stripped and rows and rows[-1]:
            rows[-1][-1] = f"{rows[-1][-1]} {stripped}"
    return [row for row in rows if row]


def csv_table(body: list[str], header: str) -> list[list[str]]:
    rows = [row for row in csv.reader([line for line in body if line.strip()])]
    if header:
        rows.insert(0, next(csv.reader([header])))
    return [[cell.strip() for cell in row] for row in rows]
