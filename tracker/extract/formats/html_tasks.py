"""Confluence tasks: whom a task is assigned to, when it is due, if it is done.

Confluence keeps a task's assignee as a user mention and its due date as a
``<time>`` anywhere in the task's text, in the page export
(``<ul class="inline-task-list">``) and in the storage format
(``<ac:task>``, ``<ri:user>``). Rendered in place they read as words of the
sentence ("Eva Novak Check the bundle id due 07 Dec 2026"), so they are taken
out and written after the text as ``(owner: …, due …)``, a shape the field
reader already knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tracker.extract.formats.html_inline import inline_text, is_mention, plain_text
from tracker.extract.formats.html_tree import Node, Text

TASK_LIST = "ac:task-list"
_NESTED = frozenset({"ul", "ol", "menu", TASK_LIST})
_DANGLING = re.compile(r"\s+(?:due|by|on)\s*:?\s*$", re.I)


def is_task_list(node: Node) -> bool:
    return node.tag == TASK_LIST or node.has_class("inline-task-list")


def is_done(task: Node) -> bool:
    """A checked export item, or a storage task whose status is "complete"."""
    if task.has_class("checked"):
        return True
    status = _first(task, lambda node: node.tag == "ac:task-status")
    return status is not None and plain_text(status).strip().lower() == "complete"


def take_fields(task: Node) -> str:
    """Detach the first mention and date of ``task``; return them as a trailer.

    Confluence assigns a task to its first mention and dates it by its first
    date; later ones are part of the sentence and stay where they are.
    """
    fields = []
    mention = _first(task, _is_user)
    if mention is not None and user_name(mention):
        fields.append(f"owner: {user_name(mention)}")
    when = _first(task, lambda node: node.tag == "time")
    if when is not None:
        fields.append(f"due {when.attrs.get('datetime') or inline_text(when)}")

    for node in (mention, when):
        if node is not None:
            _detach(task, node)
    return f" ({', '.join(fields)})" if fields else ""


def without_dangling_due(text: str) -> str:
    """ "… before upload due" once its date is gone: the "due" goes too."""
    return _DANGLING.sub("", text.rstrip())


def user_name(node: Node) -> str:
    """The name a mention shows, else the user name it stores."""
    return " ".join(inline_text(node).split()) or node.attrs.get("data-username", "")


def _is_user(node: Node) -> bool:
    return node.tag == "ri:user" or (node.tag == "a" and is_mention(node))


def _first(node: Node, wanted: Callable[[Node], bool]) -> Node | None:
    """The first descendant ``wanted`` accepts, outside nested lists."""
    for child in node.children:
        if isinstance(child, Text) or child.tag in _NESTED:
            continue
        if wanted(child):
            return child
        found = _first(child, wanted)
        if found is not None:
            return found
    return None


def _detach(root: Node, target: Node) -> None:
    for child in root.children:
        if child is target:
            root.children.remove(child)
            return
        if isinstance(child, Node):
            _detach(child, target)
