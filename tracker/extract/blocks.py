"""A lean, single-pass, line-based Markdown block parser.

It knows just enough Markdown for postmortems: ATX and setext headings,
paragraphs, nested bullet and numbered lists (lenient about indentation),
GFM tables, fences, HTML comments, block quotes, rules and link reference
definitions. Fenced code, comments and quotes are kept out of the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
CLOSING = re.compile(r"(?:^|[ \t])#+$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
FENCE = re.compile(r"^ {0,3}(?:(`{3,})[^`]*|(~{3,}).*)$")
LIST = re.compile(r"^([ \t]*)([-*+•]|\d{1,3}[.)])(?:[ \t]+|$)(.*)$")
TABLE_SEP = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$"
)
REFDEF = re.compile(r"^ {0,3}\[([^\]]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$")
QUOTE = re.compile(r"^ {0,3}>")
COMMENT_START = "<!--"


@dataclass(slots=True)
class Block:
    """One block: ``kind`` is heading, para, item, table or rule.

    ``lines`` holds the raw text lines (a blank string separates paragraphs
    inside a list item); ``rows`` holds table rows as (line, cells).
    """

    kind: str
    line: int
    end: int
    lines: list[str] = field(default_factory=list)
    level: int = 0
    indent: int = 0
    ordered: bool = False
    parent: int = -1
    depth: int = 0
    children: list[int] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(part.strip() for part in self.lines if part.strip())

    @property
    def first_paragraph(self) -> str:
        parts = []
        for part in self.lines:
            if not part.strip():
                break
            parts.append(part.strip())
        return " ".join(parts)


@dataclass
class Parsed:
    blocks: list[Block]
    refdefs: dict[str, str]


class _Parser:
    def __init__(self, lines: list[str], start: int) -> None:
        self.lines = lines
        self.i = start
        self.blocks: list[Block] = []
        self.refdefs: dict[str, str] = {}
        self.stack: list[int] = []
        self.para: Block | None = None
        self.blank = False

    def run(self) -> Parsed:
        while self.i < len(self.lines):
            self.step(self.lines[self.i].expandtabs(4))
        return Parsed(self.blocks, self.refdefs)

    def step(self, line: str) -> None:
        if not line.strip():
            self.para = None
            self.blank = True
            self.i += 1
            return

        if self.skip_special(line):
            return

        if self.stack and self.continue_item(line):
            self.i += 1
            return

        self.structural(line)

    def skip_special(self, line: str) -> bool:
        """Fences, comments and quotes: consumed and never returned."""
        stripped = line.lstrip()
        fence = FENCE.match(line)
        if fence:
            self.close_all()
            self.skip_fence(fence.group(1) or fence.group(2))
            return True

        if stripped.startswith(COMMENT_START):
            self.skip_comment()
            return True

        if QUOTE.match(line) and (self.blank or not self.stack):
            self.para = None
            self.i += 1
            return True
        return False

    def skip_fence(self, opener: str) -> None:
        self.i += 1
        while self.i < len(self.lines):
            if self.lines[self.i].strip().startswith(opener):
                self.i += 1
                return
            self.i += 1

    def skip_comment(self) -> None:
        while self.i < len(self.lines):
            done = "-->" in self.lines[self.i]
            self.i += 1
            if done:
                return

    def continue_item(self, line: str) -> bool:
        """Attach a non-marker line to the open list item, if it belongs."""
        if LIST.match(line) or self.starts_block(line):
            return False

        indent = len(line) - len(line.lstrip())
        top = self.blocks[self.stack[-1]]
        if not self.blank:
            top.lines.append(line.strip())
            top.end = self.i + 1
            return True

        owner = self.owner_of(indent)
        if owner is None:
            return False

        owner.lines.extend(("", line.strip()))
        owner.end = self.i + 1
        self.blank = False
        return True

    def owner_of(self, indent: int) -> Block | None:
        for index in reversed(self.stack):
            block = self.blocks[index]
            if indent > block.indent:
                return block
        return None

    def starts_block(self, line: str) -> bool:
        return bool(
            HEADING.match(line)
            or RULE.match(line)
            or self.table_ahead(line)
            or (QUOTE.match(line) and self.blank)
        )

    def structural(self, line: str) -> None:
        heading = HEADING.match(line)
        if heading:
            self.close_all()
            title = CLOSING.sub("", line[heading.end() :].strip()).strip()
            self.add("heading", [title], level=len(heading.group(1)))
            return

        if self.para is not None and SETEXT.match(line):
            self.promote_setext(line)
            return

        if RULE.match(line):
            self.close_all()
            self.add("rule", [])
            return

        item = LIST.match(line)
        if item:
            self.list_item(item)
            return

        self.other(line)

    def promote_setext(self, line: str) -> None:
        para = self.para
        assert para is not None
        para.kind = "heading"
        para.level = 1 if line.strip().startswith("=") else 2
        para.end = self.i + 1
        self.para = None
        self.i += 1

    def other(self, line: str) -> None:
        if self.table_ahead(line):
            self.close_all()
            self.table()
            return

        ref = REFDEF.match(line)
        if ref and self.para is None:
            self.close_list()
            self.refdefs[ref.group(1).strip().lower()] = ref.group(2)
            self.i += 1
            return

        self.close_list()
        if self.para is not None:
            self.para.lines.append(line.strip())
            self.para.end = self.i + 1
            self.i += 1
            return

        self.para = self.add("para", [line.strip()])

    def table_ahead(self, line: str) -> bool:
        nxt = self.i + 1
        return (
            "|" in line
            and nxt < len(self.lines)
            and "-" in self.lines[nxt]
            and bool(TABLE_SEP.match(self.lines[nxt].strip()))
            and ("|" in self.lines[nxt] or line.strip().startswith("|"))
        )

    def table(self) -> None:
        header = split_row(self.lines[self.i])
        block = self.add("table", [])
        block.rows.append((block.line, header))
        self.i += 1
        while self.i < len(self.lines) and "|" in self.lines[self.i]:
            block.rows.append((self.i + 1, split_row(self.lines[self.i])))
            block.end = self.i + 1
            self.i += 1

    def list_item(self, match: re.Match) -> None:
        self.para = None
        indent = len(match.group(1))
        ordered = match.group(2)[0].isdigit()
        indent = self.pop_to(indent, ordered)
        parent = self.stack[-1] if self.stack else -1
        block = self.add("item", [match.group(3)], ordered=ordered)
        block.indent = indent
        block.parent = parent
        if parent >= 0:
            self.blocks[parent].children.append(len(self.blocks) - 1)
            block.depth = self.blocks[parent].depth + 1
        self.stack.append(len(self.blocks) - 1)

    def pop_to(self, indent: int, ordered: bool) -> int:
        """Close items this one is not nested in; return its effective indent.

        A bullet list written flush under a numbered item (a common way of
        writing details) is read as that item's children.
        """
        while self.stack:
            top = self.blocks[self.stack[-1]]
            if indent > top.indent:
                return indent
            if indent == top.indent and top.ordered and not ordered:
                return indent + 1
            if indent == top.indent - 1 and not top.ordered and not ordered:
                if top.parent >= 0 and self.blocks[top.parent].ordered:
                    self.stack.pop()
                    return indent + 1
            self.stack.pop()
        return indent

    def add(self, kind: str, lines: list[str], **extra) -> Block:
        block = Block(kind, self.i + 1, self.i + 1, lines, **extra)
        self.blocks.append(block)
        self.blank = False
        self.i += 1
        return block

    def close_list(self) -> None:
        self.stack.clear()

    def close_all(self) -> None:
        self.stack.clear()
        self.para = None


def split_row(line: str) -> list[str]:
    """Cells of a GFM table row; escaped pipes stay inside their cell."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = re.split(r"(?<!\\)\|", text)
    return [cell.strip().replace("\\|", "|") for cell in cells]


def parse_blocks(lines: list[str], start: int = 0) -> Parsed:
    """Blocks of ``lines`` from index ``start`` (after any front matter)."""
    return _Parser(lines, start).run()
