"""reStructuredText to Markdown: sections, lists, tables, literal blocks."""

from __future__ import annotations

import json
import re

from tracker.extract.formats import rst_blocks as blocks
from tracker.extract.formats.base import Converted, escape_line_start, gfm_table
from tracker.extract.formats.rst_directives import directive
from tracker.extract.formats.rst_inline import collect_targets, inline

_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_BULLET = re.compile(r"^(\s*)([-*+•])(\s+)(\S.*)$")
_ENUM = re.compile(r"^(\s*)(\(?(?:\d+|#|[a-z])[.)])(\s+)(\S.*)$")
_FIELD = re.compile(r"^(\s*):([^:`][^:]*):(?:\s+(.*))?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def convert_rst(text: str) -> Converted:
    return _Rst(text.expandtabs(8).split("\n")).run()


def adornment(line: str) -> str | None:
    stripped = line.rstrip()
    if len(stripped) < 3 or line[0].isspace() or stripped[0] not in _PUNCT:
        return None
    return stripped[0] if set(stripped) == {stripped[0]} else None


class _Rst:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.targets = collect_targets(lines)
        self.out = Converted()
        self.styles: list[tuple[str, bool]] = []
        self.cols: list[tuple[int, int]] = []
        self.front: list[tuple[str, str, int]] = []
        self.body_started = False
        self.literal_next = False

    def run(self) -> Converted:
        index = 0
        while index < len(self.lines):
            index = self.step(index)
        return self._with_front_matter()

    def step(self, i: int) -> int:
        line = self.lines[i]
        if not line.strip():
            self.out.blank(i + 1)
            return i + 1
        indent = len(line) - len(line.lstrip())
        while self.cols and indent < self.cols[-1][0]:
            self.cols.pop()
        if self.literal_next:
            return self.literal(i, indent)
        return self.structure(i, line, indent)

    def structure(self, i: int, line: str, indent: int) -> int:
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else ""
        after = self.lines[i + 2] if i + 2 < len(self.lines) else ""
        mark = adornment(line)
        if mark and nxt.strip() and adornment(after) == mark:
            return self.heading(nxt.strip(), (mark, True), i + 2)
        if mark and not nxt.strip():
            self.out.blank(i + 1)
            self.out.add("---", i + 1)
            return i + 1
        if not indent and adornment(nxt) and len(nxt.rstrip()) >= len(line.strip()) - 2:
            return self.heading(line.strip(), (adornment(nxt) or "", False), i + 1)
        if blocks.is_grid_border(line):
            return self.table(*blocks.grid_table(self.lines, i))
        if blocks.is_simple_border(line) and not indent:
            return self.table(*blocks.simple_table(self.lines, i))
        if line.lstrip().startswith(".."):
            return directive(self, i, indent)
        return self.text(i, line, indent)

    def heading(self, title: str, style: tuple[str, bool], last: int) -> int:
        if style not in self.styles:
            self.styles.append(style)
        level = min(self.styles.index(style) + 1, 6)
        self.cols.clear()
        self.out.blank(last)
        self.out.add("#" * level + " " + inline(title, self.targets), last)
        self.out.add("", last)
        return last + 1

    def table(self, rows: list[list[str]], sources: list[int], end: int) -> int:
        self.body_started = True
        if not rows:
            return end
        cells = [[inline(cell, self.targets) for cell in row] for row in rows]
        self.emit_table(cells, [sources[0], *sources])
        return end

    def emit_table(self, rows: list[list[str]], sources: list[int]) -> None:
        self.out.blank(sources[0])
        pad = " " * self.md_indent()
        for text, line in zip(gfm_table(rows), sources, strict=False):
            self.out.add(pad + text, line)
        self.out.add("", sources[-1])

    def md_indent(self) -> int:
        return self.cols[-1][1] if self.cols else 0

    def text(self, i: int, line: str, indent: int) -> int:
        item = _BULLET.match(line) or _ENUM.match(line)
        field = _FIELD.match(line)
        if item and not line.lstrip().startswith("|"):
            return self.list_item(i, item)
        if field and self.field(i, field):
            return i + 1
        return self.paragraph(i, line, indent)

    def list_item(self, i: int, item: re.Match[str]) -> int:
        self.body_started = True
        lead, marker, gap, body = item.groups()
        ordered = marker not in "-*+•"
        md_marker = "1. " if ordered else "- "
        md_col = self.md_indent()
        text_col = len(lead) + len(marker) + len(gap)
        self.cols.append((text_col, md_col + len(md_marker)))
        body, end = self.gather(body, i + 1, text_col)
        self.out.add(" " * md_col + md_marker + self.inline_text(body), i + 1)
        return end

    def gather(self, text: str, start: int, indent: int) -> tuple[str, int]:
        """Join the lines that continue a paragraph at ``indent``."""
        end = start
        while end < len(self.lines) and self.continues(end, indent):
            text = f"{text} {self.lines[end].strip()}"
            end += 1
        return text, end

    def continues(self, j: int, indent: int) -> bool:
        line = self.lines[j]
        after = self.lines[j + 1] if j + 1 < len(self.lines) else ""
        if not line.strip() or len(line) - len(line.lstrip()) != indent:
            return False
        if adornment(line) or adornment(after) or blocks.is_grid_border(line):
            return False
        starts = (_BULLET, _ENUM, _FIELD)
        return not any(p.match(line) for p in starts) and not line.lstrip().startswith(
            ".."
        )

    def field(self, i: int, field: re.Match[str]) -> bool:
        lead, name, value = field.groups()
        value = (value or "").strip()
        if not self.body_started and not lead:
            # Front-matter keys have no spaces: ":Incident date:" is incident_date.
            key = "_".join(name.strip().lower().split())
            self.front.append((key, value, i + 1))
            return True
        pad = " " * self.md_indent()
        self.out.add(f"{pad}{name.strip()}: {self.inline_text(value)}".rstrip(), i + 1)
        return True

    def paragraph(self, i: int, line: str, indent: int) -> int:
        self.body_started = True
        stripped = line.strip()
        if stripped.startswith("| "):
            stripped = stripped[2:]
        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else ""
        next_indent = len(nxt) - len(nxt.lstrip())
        is_term = not self.cols and nxt.strip() and next_indent > indent
        if is_term and not stripped.endswith("::"):
            self.out.blank(i + 1)
            self.out.add(f"**{self.inline_text(stripped)}**", i + 1)
            self.out.add("", i + 1)
            return i + 1
        stripped, end = self.gather(stripped, i + 1, indent)
        if stripped.endswith("::"):
            self.literal_next = True
            stripped = stripped[:-2].rstrip()
            stripped = (
                stripped + ":" if stripped and stripped[-1].isalnum() else stripped
            )
        if stripped:
            text = escape_line_start(self.inline_text(stripped))
            self.out.add(" " * self.md_indent() + text, i + 1)
        return end

    def literal(self, i: int, indent: int) -> int:
        self.literal_next = False
        base = self.cols[-1][0] if self.cols else 0
        if indent <= base and not self.lines[i].lstrip().startswith(">"):
            return self.structure(i, self.lines[i], indent)
        end = blocks.indented_block(self.lines, i, base)
        self.fence(blocks.dedent(self.lines[i:end]), i + 1, "")
        return end

    def fence(self, body: list[str], first: int, language: str) -> None:
        pad = " " * self.md_indent()
        self.out.blank(first)
        self.out.add(pad + "```" + language, first)
        for offset, code in enumerate(body):
            self.out.add(pad + code if code else "", first + offset)
        self.out.add(pad + "```", first + len(body) - 1)
        self.out.add("", first + len(body) - 1)

    def inline_text(self, text: str) -> str:
        return inline(text, self.targets)

    def _with_front_matter(self) -> Converted:
        if not self.front:
            return self.out
        result = Converted()
        result.add("---", self.front[0][2])
        for name, value, line in self.front:
            result.add(f"{name}: {_yaml(value)}", line)
        result.add("---", self.front[-1][2])
        result.add("", self.front[-1][2])
        result.extend(self.out)
        return result


def _yaml(value: str) -> str:
    return value if _DATE.match(value) else json.dumps(value, ensure_ascii=False)
