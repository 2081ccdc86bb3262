"""Inline reStructuredText: roles, links, literals, substitutions."""

from __future__ import annotations

import re
from collections.abc import Callable

_LITERAL = re.compile(r"``(.+?)``")
_EMBEDDED = re.compile(r"`([^`<]*?)\s*<([^<>`]+)>`__?")
_NAMED_REF = re.compile(r"`([^`]+)`__?(?!\w)")
_ROLE = re.compile(r":([\w:+-]+):`([^`]+)`")
_DEFAULT_ROLE = re.compile(r"(?<![`\w])`([^`]+)`(?![`_\w])")
_WORD_REF = re.compile(r"(?<![\w`])([A-Za-z][\w.-]*[A-Za-z0-9])__?(?![\w])")
_FOOTNOTE_REF = re.compile(r"\s?\[(?:\d+|#[\w-]*|\*|[A-Za-z][\w-]*)\]_")
_SUBSTITUTION = re.compile(r"\|([^|\s][^|]*?)\|(?!_)")
_TARGET = re.compile(r"^\s*\.\. _([^:]+):\s*(\S*)\s*$")
_CODE_ROLES = {"code", "literal", "file", "command", "kbd", "samp"}


def collect_targets(lines: list[str]) -> dict[str, str]:
    """Hyperlink targets (``.. _name: url``) by lower-case name."""
    targets = {}
    for line in lines:
        match = _TARGET.match(line)
        if match and match.group(2):
            targets[_norm(match.group(1))] = match.group(2)
    return targets


def _norm(name: str) -> str:
    return " ".join(name.strip("`").split()).lower()


def inline(text: str, targets: dict[str, str]) -> str:
    """Markdown for one line of reStructuredText."""
    literals: list[str] = []

    def hold(code: str) -> str:
        literals.append(f"`{code}`")
        return f"\x00{len(literals) - 1}\x00"

    text = _LITERAL.sub(lambda m: hold(m.group(1)), text)
    text = _ROLE.sub(lambda m: _role(m, hold), text)
    text = _EMBEDDED.sub(lambda m: _embedded(m, targets), text)
    text = _NAMED_REF.sub(lambda m: _reference(m.group(1), targets), text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _WORD_REF.sub(lambda m: _reference(m.group(1), targets), text)
    text = _DEFAULT_ROLE.sub(r"*\1*", text)
    text = _SUBSTITUTION.sub(r"\1", text)
    return re.sub("\x00(\\d+)\x00", lambda m: literals[int(m.group(1))], text)


def _role(match: re.Match[str], hold: Callable[[str], str]) -> str:
    role, body = match.group(1).split(":")[-1], match.group(2)
    label = re.sub(r"\s*<[^<>]+>$", "", body).strip() or body
    if role in _CODE_ROLES:
        return hold(label)
    return label.lstrip("~!")


def _embedded(match: re.Match[str], targets: dict[str, str]) -> str:
    label, url = match.group(1).strip(), match.group(2).strip()
    if url.endswith("_"):
        url = targets.get(_norm(url[:-1]), "")
    if not url:
        return label
    return f"[{label or url}]({url})"


def _reference(name: str, targets: dict[str, str]) -> str:
    url = targets.get(_norm(name))
    return f"[{name}]({url})" if url else name
