"""Inline HTML (links, emphasis, code, mentions, dates) to Markdown text."""

from __future__ import annotations

import re

from tracker.extract.formats.html_tree import Node, Text
from tracker.extract.inline import HTML_NAMES

_WRAP = {
    "strong": "**",
    "b": "**",
    "em": "*",
    "i": "*",
    "s": "~~",
    "del": "~~",
    "strike": "~~",
}
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_EMOTICONS = {
    "emoticon-tick": "✅",
    "emoticon-cross": "❌",
    "emoticon-warning": "⚠️",
    "emoticon-information": "ℹ️",
    "emoticon-question": "❓",
    "emoticon-plus": "➕",
    "emoticon-minus": "➖",
}
_TAG_START = re.compile(rf"<(?=[/!?]|(?:{HTML_NAMES})[\s/>])", re.I)


def inline_text(node: Node | Text) -> str:
    """Markdown for one inline node; ``<br>`` gives a newline."""
    if isinstance(node, Text):
        return _TAG_START.sub("&lt;", re.sub(r"\s+", " ", node.data))
    handler = _HANDLERS.get(node.tag)
    if handler:
        return handler(node)
    if node.tag in _WRAP:
        return _wrap(_children(node), _WRAP[node.tag])
    if node.tag == "span" and _is_status_lozenge(node):
        return _wrap(_children(node), "**")
    return _children(node)


def _children(node: Node) -> str:
    return "".join(inline_text(child) for child in node.children)


def _wrap(text: str, mark: str) -> str:
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def _code(node: Node) -> str:
    text = " ".join(plain_text(node).split())
    if not text:
        return ""
    tick = "``" if "`" in text else "`"
    pad = " " if tick == "``" else ""
    return f"{tick}{pad}{text}{pad}{tick}"


def _link(node: Node) -> str:
    text = _children(node)
    href = node.attrs.get("href", "").strip()
    if is_mention(node) or not href or href.startswith("#"):
        return text
    label = " ".join(text.split())
    if not label:
        return ""
    if label == href:
        return f"<{href}>"
    return f"[{label}]({href.replace(' ', '%20').replace(')', '%29')})"


def is_mention(node: Node) -> bool:
    return (
        "data-username" in node.attrs
        or node.has_class("confluence-userlink")
        or node.has_class("user-mention")
        or node.has_class("user-link")
    )


def _is_status_lozenge(node: Node) -> bool:
    return node.has_class("status-macro") or node.has_class("aui-lozenge")


def _time(node: Node) -> str:
    text = _children(node)
    return text if text.strip() else node.attrs.get("datetime", "")


def _stored_user(node: Node) -> str:
    """Confluence storage ``<ri:user>``: a user name, or the account id Cloud keeps."""
    keys = ("ri:username", "ri:account-id", "ri:userkey")
    return next((node.attrs[key] for key in keys if node.attrs.get(key)), "")


def _input(node: Node) -> str:
    if node.attrs.get("type", "").lower() != "checkbox":
        return ""
    return "[x] " if "checked" in node.attrs else "[ ] "


def _image(node: Node) -> str:
    for name in node.attrs.get("class", "").split():
        if name in _EMOTICONS:
            return _EMOTICONS[name]
    fallback = node.attrs.get("data-emoji-fallback", "")
    return fallback if fallback and not fallback.isascii() else ""


_HANDLERS = {
    "a": _link,
    "br": lambda node: "\n",
    "time": _time,
    "input": _input,
    "img": _image,
    "ri:user": _stored_user,
    "ac:task-id": lambda node: "",
    "ac:task-status": lambda node: "",
    **{tag: _code for tag in _CODE},
}


def plain_text(node: Node | Text) -> str:
    """The raw text under ``node``, whitespace kept, ``<br>`` as newline."""
    if isinstance(node, Text):
        return node.data
    if node.tag == "br":
        return "\n"
    return "".join(plain_text(child) for child in node.children)


def pre_text(node: Node) -> str:
    return plain_text(node)
