"""Inline wikitext: templates, links, emphasis and the odd HTML tag."""

from __future__ import annotations

import html
import re

from tracker.extract.inline import HTML_NAMES

_STATUS = {
    "✅": ("done", "tick", "yes", "y", "resolved", "fixed", "completed", "check"),
    "❌": (
        "not done",
        "notdone",
        "no",
        "x",
        "cross",
        "wontfix",
        "won't fix",
        "declined",
        "rejected",
        "dropped",
    ),
    "(in progress)": ("in progress", "doing", "partly done", "partial", "wip"),
    "(to do)": ("todo", "to do", "pending", "open"),
}
STATUS_TEMPLATES = {name: text for text, names in _STATUS.items() for name in names}
TICKET_PREFIXES = {
    "phab": "phab",
    "phabricator": "phab",
    "task": "phab",
    "gerrit": "gerrit",
    "bug": "bug",
    "bugzilla": "bug",
}
_DROPPED_NAMESPACES = ("file:", "image:", "category:", "media:")

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_REF = re.compile(r"<ref\b[^>/]*/>|<ref\b[^>]*>.*?</ref\s*>", re.S | re.I)
_TEMPLATE = re.compile(r"\{\{([^{}]*)\}\}")
_MAGIC = re.compile(r"__[A-Z]+__")
_INTERNAL = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]*))?\]\]")
_EXTERNAL = re.compile(r"\[((?:https?:|ftp:)?//[^\s\]]+)(?:\s+([^\]]*))?\]")
_TAG = re.compile(
    rf"</?((?:{HTML_NAMES}|ref|nowiki|small|big|poem|gallery|references|"
    r"syntaxhighlight|source|includeonly|noinclude|onlyinclude)\b)(?:\s[^>]*)?/?>",
    re.I,
)
_RAW_TAG = re.compile(rf"<(?=[/!?]|(?:{HTML_NAMES})[\s/>])", re.I)
_TAG_MARKS = {"code": "`", "tt": "`", "kbd": "`", "s": "~~", "del": "~~", "b": "**"}


def strip_comments(text: str) -> str:
    """Drop comments, references and templates; every newline survives."""
    text = _COMMENT.sub(_keep_newlines(""), text)
    text = _REF.sub(_keep_newlines(""), text)
    text = _MAGIC.sub("", text)
    for _ in range(10):
        replaced = _TEMPLATE.sub(lambda m: _template(m) + _newlines(m), text)
        if replaced == text:
            break
        text = replaced
    return text


def _keep_newlines(replacement: str):
    return lambda match: replacement + _newlines(match)


def _newlines(match: re.Match[str]) -> str:
    return "\n" * match.group(0).count("\n")


def _template(match: re.Match[str]) -> str:
    parts = [part.strip() for part in match.group(1).split("|")]
    name = " ".join(parts[0].split()).lower()
    if name in STATUS_TEMPLATES:
        return STATUS_TEMPLATES[name]
    if name in TICKET_PREFIXES and len(parts) > 1 and parts[1]:
        target = f"{TICKET_PREFIXES[name]}:{parts[1]}"
        return f"[[{target}]]"
    return ""


def inline(text: str) -> str:
    """Markdown for one line of wikitext."""
    text = re.sub(r"<nowiki>(.*?)</nowiki>", r"\1", text, flags=re.I)
    text = _INTERNAL.sub(_internal_link, text)
    text = _EXTERNAL.sub(_external_link, text)
    text = _emphasis(text)
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.I)
    text = _TAG.sub(_tag, text)
    return _RAW_TAG.sub("&lt;", html.unescape(text))


def _internal_link(match: re.Match[str]) -> str:
    target, label = match.group(1).strip(), match.group(2)
    lower = target.lower()
    if lower.startswith(_DROPPED_NAMESPACES):
        return ""
    prefix, _, rest = target.partition(":")
    ticket = TICKET_PREFIXES.get(prefix.strip().lower())
    if ticket and rest:
        url = f"{ticket}:{rest.strip()}"
        return f"[{label.strip() if label else url}]({url})"
    if label is not None and label.strip():
        return label.strip()
    return target.lstrip(":").split("#")[0] or target


def _external_link(match: re.Match[str]) -> str:
    url, label = match.group(1), match.group(2)
    if url.startswith("//"):
        url = "https:" + url
    if not label or not label.strip():
        return f"<{url}>"
    return f"[{label.strip()}]({url})"


def _emphasis(text: str) -> str:
    text = re.sub(r"'''''(.+?)'''''", r"***\1***", text)
    text = re.sub(r"'''(.+?)'''", r"**\1**", text)
    return re.sub(r"''(.+?)''", r"*\1*", text)


def _tag(match: re.Match[str]) -> str:
    return _TAG_MARKS.get(match.group(1).lower(), "")
