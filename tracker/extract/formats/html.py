"""HTML exports (blogs, wikis, Confluence) to Markdown.

Blocks render to lists of ``(markdown line, source line)`` pairs so that a
list item or blockquote can indent or prefix whatever its children produced.
"""

from __future__ import annotations

import re

from tracker.extract.formats.base import Converted, escape_line_start, gfm_table
from tracker.extract.formats.html_inline import inline_text, pre_text
from tracker.extract.formats.html_tasks import (
    TASK_LIST,
    is_done,
    is_task_list,
    take_fields,
    without_dangling_due,
)
from tracker.extract.formats.html_tree import Node, Text, parse_html
from tracker.extract.formats.markdown import split_front_matter

Line = tuple[str, int]

HEADINGS = {f"h{n}": n for n in range(1, 7)}
BLOCKS = frozenset(
    """p div section article main header footer aside nav blockquote ul ol
    menu li table thead tbody tfoot tr td th caption pre hr dl dt dd figure
    figcaption form fieldset address details summary body html center
    ac:task-list ac:task""".split()
) | frozenset(HEADINGS)
_LIST = frozenset({"ul", "ol", "menu", TASK_LIST})


def convert_html(text: str) -> Converted:
    front, body, offset = split_front_matter(text)
    tree = parse_html(body)
    out = Converted()
    for number, line in enumerate(front, start=1):
        out.add(line, number)
    if front:
        out.add("", offset)

    lines = render_blocks(tree.root)
    if tree.title and not any(line.startswith("# ") for line, _ in lines):
        lines = [(f"# {tree.title}", 1), ("", 1), *lines]
    for line, source in lines:
        out.add(line, source + offset)

    out.warnings.extend(_warnings(tree.removed))
    return out


def _warnings(removed: dict[str, int]) -> list[str]:
    notes = []
    for what, count in sorted(removed.items()):
        noun = "element" if what.startswith("<") else ""
        plural = "" if count == 1 else "s"
        label = f"{what} {noun}{plural}" if noun else f"{what}{plural}"
        notes.append(f"removed {count} {label}")
    return notes


def render_blocks(node: Node, *, tight: bool = False) -> list[Line]:
    """Render the children of ``node``; inline runs become paragraphs."""
    blocks: list[list[Line]] = []
    run: list[Node | Text] = []
    for child in node.children:
        if isinstance(child, Node) and child.tag in BLOCKS:
            blocks.append(_paragraph(run, node.line))
            blocks.append(render_block(child))
            run = []
        else:
            run.append(child)
    blocks.append(_paragraph(run, node.line))
    return _join([block for block in blocks if block], tight=tight)


def _join(blocks: list[list[Line]], *, tight: bool) -> list[Line]:
    lines: list[Line] = []
    for block in blocks:
        if lines and not tight:
            lines.append(("", block[0][1]))
        lines.extend(block)
    return lines


def _paragraph(run: list[Node | Text], line: int) -> list[Line]:
    text = "".join(inline_text(child) for child in run)
    start = _first_text_line(run) or line
    lines = [" ".join(part.split()) for part in text.split("\n")]
    return [(escape_line_start(part), start) for part in lines if part]


def _first_text_line(nodes: list[Node | Text]) -> int | None:
    for node in nodes:
        if isinstance(node, Text):
            if node.data.strip():
                lead = len(node.data) - len(node.data.lstrip())
                return node.line + node.data[:lead].count("\n")
            continue
        found = _first_text_line(node.children)
        if found:
            return found
    return None


def render_block(node: Node) -> list[Line]:
    tag = node.tag
    if tag in HEADINGS:
        return _heading(node)
    if tag in _LIST:
        return _list(node)
    if tag == "table":
        return _table(node)
    if tag == "pre":
        return _pre(node)
    if tag == "hr":
        return [("---", node.line)]
    if tag == "blockquote":
        return [(f"> {text}".rstrip(), line) for text, line in render_blocks(node)]
    if tag == "dt":
        return [(f"**{text}**", line) for text, line in render_blocks(node)]
    return render_blocks(node)


def _heading(node: Node) -> list[Line]:
    text = " ".join(inline_text(node).split())
    if not text:
        return []
    line = _first_text_line([node]) or node.line
    return [("#" * HEADINGS[node.tag] + " " + text, line)]


def _list(node: Node) -> list[Line]:
    ordered = node.tag == "ol"
    number = _start(node)
    tasks = is_task_list(node)
    lines: list[Line] = []
    for child in node.children:
        if not isinstance(child, Node):
            continue
        if child.tag in _LIST:
            lines.extend(("  " + text if text else "", ln) for text, ln in _list(child))
            continue
        marker = f"{number}. " if ordered else "- "
        item = _list_item(child, marker, task=tasks)
        if item:
            lines.extend(item)
            number += 1
    return lines


def _start(node: Node) -> int:
    value = node.attrs.get("start", "1")
    return int(value) if value.isdigit() else 1


def _list_item(node: Node, marker: str, *, task: bool) -> list[Line]:
    fields = take_fields(node) if task else ""
    body = render_blocks(node, tight=True)
    if not body:
        return []
    if task and not body[0][0].startswith("["):
        box = "[x] " if is_done(node) else "[ ] "
        text = without_dangling_due(body[0][0]) if fields else body[0][0]
        body[0] = (box + text + fields, body[0][1])

    pad = " " * len(marker)
    lines = [(marker + body[0][0], body[0][1])]
    lines.extend((pad + text if text else "", line) for text, line in body[1:])
    return lines


def _table(node: Node) -> list[Line]:
    rows = list(_rows(node))
    if not rows:
        return []
    cells = [[_cell_text(cell) for cell in row] for row in rows]
    lines: list[Line] = []
    caption = _caption(node)
    if caption:
        lines.extend([(caption, node.line), ("", node.line)])
    table = gfm_table([row for row in cells])
    sources = [rows[0][0].line, rows[0][0].line] + [row[0].line for row in rows[1:]]
    lines.extend(zip(table, sources, strict=True))
    return lines


def _rows(node: Node):
    for child in node.children:
        if not isinstance(child, Node):
            continue
        if child.tag in ("thead", "tbody", "tfoot"):
            yield from _rows(child)
        elif child.tag == "tr":
            row = [
                c
                for c in child.children
                if isinstance(c, Node) and c.tag in ("td", "th")
            ]
            if row:
                yield _expand_spans(row)


def _expand_spans(row: list[Node]) -> list[Node]:
    cells = []
    for cell in row:
        cells.append(cell)
        span = cell.attrs.get("colspan", "1")
        extra = min(int(span), 50) - 1 if span.isdigit() else 0
        cells.extend(Node("td", {}, cell.line) for _ in range(extra))
    return cells


def _cell_text(cell: Node) -> str:
    parts = [text.strip() for text, _ in render_blocks(cell, tight=True)]
    return " ".join(re.sub(r"^\\(?=[-*+#>])", "", p) for p in parts if p)


def _caption(node: Node) -> str:
    for child in node.children:
        if isinstance(child, Node) and child.tag == "caption":
            return " ".join(inline_text(child).split())
    return ""


def _pre(node: Node) -> list[Line]:
    code = pre_text(node).strip("\n")
    fence = "````" if "```" in code else "```"
    lines = [(fence, node.line)]
    lines.extend((text, node.line + n) for n, text in enumerate(code.split("\n")))
    lines.append((fence, node.line + code.count("\n")))
    return lines
