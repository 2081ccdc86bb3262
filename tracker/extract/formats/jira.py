"""Jira and Confluence wiki markup to Markdown."""

from __future__ import annotations

import re

from tracker.extract.formats.base import Converted, escape_line_start, gfm_table
from tracker.extract.formats.jira_inline import inline, split_cells

_HEADING = re.compile(r"^\s*h([1-6])\.\s+(.*)$")
_LIST = re.compile(r"^\s*([*#-]+)\s+(.*)$")
_FENCE = re.compile(r"^\s*\{(code|noformat)(?::([^}]*))?\}(.*)$")
_QUOTE = re.compile(r"^\s*\{quote\}(.*)$")
_BQ = re.compile(r"^\s*bq\.\s+(.*)$")
_MACRO_LINE = re.compile(
    r"^\s*\{(panel|info|note|tip|warning|expand|section|column)[^}]*\}\s*$"
)

_MACRO_TITLE = re.compile(r"^\s*\{\w+:(?:[^}|]*\|)*title=([^}|]{1,80})")


def convert_jira(text: str) -> Converted:
    lines = text.split("\n")
    out = Converted()
    index = 0
    while index < len(lines):
        index = _block(lines, index, out)
    return out


def _block(lines: list[str], index: int, out: Converted) -> int:
    line, number = lines[index], index + 1
    if _FENCE.match(line):
        return _fence(lines, index, out)
    if line.lstrip().startswith("|"):
        return _table(lines, index, out)

    heading = _HEADING.match(line)
    listed = _LIST.match(line)
    if heading:
        out.blank(number)
        out.add("#" * int(heading.group(1)) + " " + inline(heading.group(2)), number)
        out.add("", number)
    elif listed and not re.fullmatch(r"-{4,}", line.strip()):
        _list_line(listed.group(1), listed.group(2), number, out)
    elif re.fullmatch(r"-{4,}", line.strip()):
        out.blank(number)
        out.add("---", number)
    elif _MACRO_LINE.match(line) or re.fullmatch(r"\s*\{\w+\}\s*", line):
        out.blank(number)
        title = _MACRO_TITLE.search(line)
        if title:
            out.add(f"**{inline(title.group(1).strip())}**", number)
            out.add("", number)
    else:
        _plain(line, number, out)
    return index + 1


def _plain(line: str, number: int, out: Converted) -> None:
    quote = _BQ.match(line) or _QUOTE.match(line)
    text = inline(quote.group(1) if quote else line).strip()
    if out.lines and _is_list(out.lines[-1]) and text:
        out.add("", number)
    if quote:
        out.add(f"> {text}", number)
    elif text or (out.lines and out.lines[-1].strip()):
        out.add(escape_line_start(text), number)


def _is_list(markdown: str) -> bool:
    return bool(re.match(r"^\s*(- |\d+\. )", markdown))


def _list_line(prefix: str, body: str, number: int, out: Converted) -> None:
    indent = "".join("   " if c == "#" else "  " for c in prefix[:-1])
    marker = "1. " if prefix[-1] == "#" else "- "
    if out.lines and out.lines[-1].strip() and not _is_list(out.lines[-1]):
        out.add("", number)
    out.add(indent + marker + inline(body).strip(), number)


def _fence(lines: list[str], index: int, out: Converted) -> int:
    match = _FENCE.match(lines[index])
    assert match
    kind, options, rest = match.groups()
    closing = "{" + kind + "}"
    language = _language(options)
    out.blank(index + 1)
    out.add("```" + language, index + 1)

    body = [rest] if rest.strip() else []
    end = index
    while end + 1 < len(lines) and closing not in (body[-1] if body else ""):
        end += 1
        body.append(lines[end])
    if body and closing in body[-1]:
        body[-1] = body[-1].split(closing)[0]
        if not body[-1].strip():
            body.pop()
    for offset, code in enumerate(body):
        out.add(code, index + 1 + offset + (0 if rest.strip() else 1))
    out.add("```", end + 1)
    out.add("", end + 1)
    return end + 1


def _language(options: str | None) -> str:
    if not options:
        return ""
    first = options.split("|")[0]
    if "=" in first:
        return ""
    return first.strip() if re.fullmatch(r"[\w+#-]+", first.strip()) else ""


def _table(lines: list[str], index: int, out: Converted) -> int:
    rows: list[list[str]] = []
    sources: list[int] = []
    end = index
    while end < len(lines) and lines[end].lstrip().startswith("|"):
        row = lines[end].strip()
        while not _row_closed(row) and end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
            row += " " + lines[end].strip()
        rows.append([inline(cell).strip() for cell in split_cells(row)])
        sources.append(end + 1)
        end += 1

    out.blank(index + 1)
    table = gfm_table(rows)
    for text, line in zip(table, [sources[0], *sources], strict=True):
        out.add(text, line)
    out.add("", sources[-1])
    return end


def _row_closed(row: str) -> bool:
    return row.endswith("|") and not row.endswith("\\|")
