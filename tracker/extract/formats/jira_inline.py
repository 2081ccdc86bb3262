"""Inline Jira wiki markup: emphasis, links, mentions, emoticons, macros."""

from __future__ import annotations

import re

EMOTICONS = {
    "(/)": "✅",
    "(x)": "❌",
    "(!)": "⚠️",
    "(?)": "❓",
    "(i)": "ℹ️",
    "(y)": "👍",
    "(n)": "👎",
}
_EMOTICON = re.compile(
    r"(?<![\w)])(" + "|".join(re.escape(key) for key in EMOTICONS) + r")(?!\w)"
)
_STATUS = re.compile(r"\{status(?::([^}]*))?\}", re.I)
_COLOR = re.compile(r"\{color(?::[^}]*)?\}", re.I)
_MONO = re.compile(r"\{\{(.+?)\}\}")
_MENTION = re.compile(r"\[~(?:accountid:)?([^\]|]+)\]")
_LINK = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]+)(?:\|[^\[\]]*)?\]")
_BARE_LINK = re.compile(r"\[((?:https?|ftp|mailto):[^\[\]|\s]+)\]")
_ATTACHMENT = re.compile(r"\[\^([^\]]+)\]")
_MACRO = re.compile(r"\{(anchor|color|panel|quote|noformat|code)(:[^}]*)?\}", re.I)


def inline(text: str) -> str:
    """Markdown for one line of Jira wiki markup."""
    text = _STATUS.sub(_status, text)
    text = _MONO.sub(lambda m: f"`{m.group(1)}`", text)
    text = _MENTION.sub(r"@\1", text)
    text = _LINK.sub(_link, text)
    text = _BARE_LINK.sub(r"<\1>", text)
    text = _ATTACHMENT.sub(r"\1", text)
    text = _COLOR.sub("", _MACRO.sub("", text))
    text = _emphasis(text)
    text = text.replace("\\\\", " ")
    return _EMOTICON.sub(lambda m: EMOTICONS[m.group(1)], text)


def _status(match: re.Match[str]) -> str:
    options = dict(
        part.split("=", 1) for part in (match.group(1) or "").split("|") if "=" in part
    )
    title = options.get("title", "").strip() or options.get("colour", "").strip()
    return f"**{title}**" if title else ""


def _link(match: re.Match[str]) -> str:
    label, target = match.group(1).strip(), match.group(2).strip()
    if target.startswith("~"):
        return label or target[1:]
    if not label:
        return f"<{target}>"
    return f"[{label}]({target})"


def _span(mark: str) -> re.Pattern[str]:
    m = re.escape(mark)
    body = rf"([^\n]{{0,300}}?[^\s{m}])?"
    return re.compile(rf"(?<![\w{m}]){m}(?=[^\s{m}]){body}{m}(?![\w{m}])")


# Spans are bounded in length so that a line full of lone markers stays
# linear instead of making the lazy match scan to the end from each one.
_SPANS = [
    (_span("*"), r"**\1**"),
    (_span("_"), r"*\1*"),
    (_span("-"), r"~~\1~~"),
    (_span("+"), r"\1"),
    (re.compile(r"\?\?([^?\n]{1,300}?)\?\?"), r"*\1*"),
]


def _emphasis(text: str) -> str:
    for pattern, replacement in _SPANS:
        text = pattern.sub(replacement, text)
    return text


def split_cells(row: str) -> list[str]:
    """Split ``||a||b||`` or ``|a|[x|url]|`` into cells, minding brackets."""
    cells: list[str] = []
    current: list[str] = []
    depth = 0
    index = 0
    while index < len(row):
        char = row[index]
        if char in "[{":
            depth += 1
        elif char in "]}" and depth:
            depth -= 1
        if char == "|" and not depth and row[index - 1 : index] != "\\":
            cells.append("".join(current))
            current = []
            index += 2 if row[index + 1 : index + 2] == "|" else 1
            continue
        current.append(char)
        index += 1
    cells.append("".join(current))
    if cells and not cells[0].strip():
        cells.pop(0)
    if cells and not cells[-1].strip():
        cells.pop()
    return [cell.strip() for cell in cells]
