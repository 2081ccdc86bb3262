"""MediaWiki wikitext to Markdown: headings, lists, tables, links, templates."""

from __future__ import annotations

import json
import re

from tracker.extract.formats.base import Converted, escape_line_start, gfm_table
from tracker.extract.formats.wikitext_inline import inline, strip_comments

_HEADING = re.compile(r"^(={1,6})\s*(.+?)\s*\1\s*$")
_LIST = re.compile(r"^([*#:;]+)\s*(.*)$")
_PRE_TAG = re.compile(r"^\s*<(pre|syntaxhighlight|source)\b[^>]*>(.*)$", re.I)


_INFOBOX_FIELD = re.compile(r"^\|\s*(title|date|severity)\s*=\s*(\S.*?)\s*$", re.I)
_INFOBOX_LINES = 40


def convert_wikitext(text: str) -> Converted:
    lines = strip_comments(text).split("\n")
    out = Converted()
    index = _infobox(text.split("\n"), out)
    while index < len(lines):
        index = _block(lines, index, out)
    return out


def _infobox(lines: list[str], out: Converted) -> int:
    """A template opening the page (``{{Incident report |date=…}}``) gives
    the title, date and severity as front matter; returns where it ends."""
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines) or not lines[first].startswith("{{") or "}}" in lines[first]:
        return 0
    fields: list[tuple[str, str, int]] = []
    for index in range(first + 1, min(first + _INFOBOX_LINES, len(lines))):
        if lines[index].strip() == "}}":
            break
        field = _INFOBOX_FIELD.match(lines[index].strip())
        if field:
            fields.append((field.group(1).lower(), field.group(2), index + 1))
    else:
        return 0
    if fields:
        out.add("---", first + 1)
        for key, value, number in fields:
            out.add(f"{key}: {json.dumps(inline(value), ensure_ascii=False)}", number)
        out.add("---", index + 1)
        out.add("", index + 1)
    return index + 1


def _block(lines: list[str], index: int, out: Converted) -> int:
    """Convert the block starting at ``lines[index]``; return the next index."""
    line = lines[index]
    number = index + 1
    if line.lstrip().startswith("{|"):
        return _table(lines, index, out)
    if _PRE_TAG.match(line):
        return _pre(lines, index, out)

    heading = _HEADING.match(line)
    if heading:
        out.blank(number)
        out.add("#" * len(heading.group(1)) + " " + inline(heading.group(2)), number)
        out.add("", number)
    elif _LIST.match(line) and not line.startswith("#REDIRECT"):
        _list_line(line, number, out)
    elif line.strip() == "----":
        out.blank(number)
        out.add("---", number)
    else:
        _plain(line, number, out)
    return index + 1


def _plain(line: str, number: int, out: Converted) -> None:
    if out.lines and _is_list(out.lines[-1]) and line.strip():
        out.add("", number)
    text = inline(line).strip()
    if text or (out.lines and out.lines[-1].strip()):
        out.add(escape_line_start(text), number)


def _is_list(markdown: str) -> bool:
    return bool(re.match(r"^\s*(- |\d+\. )", markdown))


def _list_line(line: str, number: int, out: Converted) -> None:
    match = _LIST.match(line)
    assert match
    prefix, body = match.groups()
    if prefix.endswith(";"):
        out.add(f"**{inline(body).strip()}**", number)
        return

    indent = "".join("   " if c == "#" else "  " for c in prefix[:-1])
    last = prefix[-1]
    if last == ":":
        out.add(indent + "  " + inline(body).strip(), number)
        return
    marker = "1. " if last == "#" else "- "
    if out.lines and out.lines[-1].strip() and not _is_list(out.lines[-1]):
        out.add("", number)
    out.add(indent + marker + inline(body).strip(), number)


def _pre(lines: list[str], index: int, out: Converted) -> int:
    match = _PRE_TAG.match(lines[index])
    assert match
    closing = re.compile(rf"</{match.group(1)}\s*>", re.I)
    body = [match.group(2)]
    end = index
    while not closing.search(body[-1]) and end + 1 < len(lines):
        end += 1
        body.append(lines[end])
    body[-1] = closing.split(body[-1])[0]

    out.blank(index + 1)
    out.add("```", index + 1)
    for offset, code in enumerate(body):
        if code.strip() or 0 < offset < len(body) - 1:
            out.add(code, index + 1 + offset)
    out.add("```", end + 1)
    out.add("", end + 1)
    return end + 1


def _table(lines: list[str], index: int, out: Converted) -> int:
    rows: list[list[str]] = []
    sources: list[int] = []
    caption = ""
    end = index + 1
    while end < len(lines) and not lines[end].lstrip().startswith("|}"):
        cell_line = lines[end].strip()
        if cell_line.startswith("|+"):
            caption = inline(cell_line[2:]).strip()
        elif cell_line.startswith("|-"):
            rows.append([])
            sources.append(end + 1)
        elif cell_line.startswith(("|", "!")):
            _cells(cell_line, rows, sources, end + 1)
        elif cell_line and rows and rows[-1]:
            rows[-1][-1] += " " + inline(cell_line)
        end += 1

    _emit_table(caption, rows, sources, index + 1, out)
    return end + 1


def _cells(line: str, rows: list[list[str]], sources: list[int], number: int) -> None:
    if not rows:
        rows.append([])
        sources.append(number)
    separator = "!!" if line.startswith("!") else "||"
    parts = line[1:].split(separator)
    if line.startswith("!") and "||" in line[1:]:
        parts = re.split(r"!!|\|\|", line[1:])
    rows[-1].extend(inline(_drop_attributes(part)).strip() for part in parts)


def _drop_attributes(cell: str) -> str:
    """``style="x" | text`` keeps ``text``; links with pipes are left alone."""
    match = re.match(r"^\s*[\w-]+\s*=\s*(\"[^\"]*\"|'[^']*'|\S+)[^|\[]*\|(?!\|)", cell)
    return cell[match.end() :] if match else cell


def _emit_table(
    caption: str, rows: list[list[str]], sources: list[int], start: int, out: Converted
) -> None:
    kept = [(row, line) for row, line in zip(rows, sources, strict=True) if row]
    out.blank(start)
    if caption:
        out.add(caption, start)
        out.add("", start)
    if not kept:
        return
    table = gfm_table([row for row, _ in kept])
    lines = [kept[0][1], kept[0][1]] + [line for _, line in kept[1:]]
    for text, line in zip(table, lines, strict=True):
        out.add(text, line)
    out.add("", lines[-1])
