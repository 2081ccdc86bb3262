"""Walk the blocks of a report and pick out the candidate action items.

A candidate is found in an action area (under an action heading, bold
pseudo-heading, bare label line or ``**Review actions**:`` bullet), in a
table with an action-item column, in a list whose bullets carry status
markers, or in an inline ``Action item:`` paragraph anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extract import promises, prose
from tracker.extract.blocks import Block, Parsed
from tracker.extract.headings import (
    Scope,
    heading_status,
    label_line,
    make_scope,
    pseudo_heading,
)
from tracker.extract.inline import strip_markup
from tracker.extract.vocab import ExtractVocab

PSEUDO_LEVEL = 7.0
FIELD_LEVEL = 8.0
FIELD = re.compile(r"^(\*\*|__)([^*_]{2,60}?)(?::\1|\1\s*:|\1\s*$)\s*(.*)$", re.S)
GROUP_NAME = re.compile(r"^@?[A-Z][\w.-]*(?:[ -][A-Z][\w.-]*){0,2}:?$")
TEAM_NAME = re.compile(
    r"^(?:[\w&/.-]+\s+){0,3}(?:team|squad|group|crew|guild)s?\s*:?$", re.I
)


@dataclass
class Candidate:
    """Raw material for one item, before its fields are read."""

    text: str
    line: int
    end: int
    scopes: tuple[Scope, ...]
    cells: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    owner: str | None = None
    source: str = "list"
    hint: str | None = None


@dataclass(frozen=True)
class Group:
    """What a label bullet gives the bullets under it."""

    owner: str | None = None
    status: str | None = None


NO_GROUP = Group()


@dataclass
class _Area:
    scopes: list[Scope] = field(default_factory=list)

    def push(self, scope: Scope) -> None:
        self.pop(scope.level)
        self.scopes.append(scope)

    def pop(self, level: float) -> None:
        while self.scopes and self.scopes[-1].level >= level:
            self.scopes.pop()

    def role(self) -> str:
        """The innermost decisive role; a kind heading inside an action
        section is part of that action section."""
        found = "neutral"
        for scope in reversed(self.scopes):
            if scope.role == "exclude" or scope.role == "action":
                return "action" if found == "kind" else scope.role
            if scope.role == "kind" and found == "neutral":
                found = "kind"
        return found

    def opened(self) -> tuple[Scope, ...]:
        """Scopes from the outermost action heading of the current area inward.

        A Detection / Mitigation / Prevention heading above that action
        heading describes the incident, so it is left out; one below it, or
        one standing alone, groups items and gives them its kind.
        """
        inner = None
        for index in range(len(self.scopes) - 1, -1, -1):
            if self.scopes[index].role in ("action", "kind"):
                inner = index
                break
        if inner is None:
            return tuple(self.scopes[-1:])

        start = inner
        for index in range(inner - 1, -1, -1):
            role = self.scopes[index].role
            if role == "exclude":
                break
            if role == "action":
                start = index
        return tuple(self.scopes[start:])


class _Walker:
    def __init__(self, parsed: Parsed, vocab: ExtractVocab) -> None:
        self.blocks = parsed.blocks
        self.vocab = vocab
        self.area = _Area()
        self.found: list[Candidate] = []
        self.handled: set[int] = set()
        self.groups: dict[int, Group] = {}
        self.any_action = False
        self.promises: list[Candidate] = []

    def run(self) -> list[Candidate]:
        for index, block in enumerate(self.blocks):
            getattr(self, f"on_{block.kind}")(index, block)
        return self.found

    def on_heading(self, index: int, block: Block) -> None:
        outer = self.area.role()
        scope = make_scope(block.level, block.text, self.vocab)
        self.area.push(scope)
        self.any_action |= scope.role == "action"
        if self.area.role() == "action":
            self.prose_section(index, block, nested=outer == "action")

    def prose_section(self, index: int, block: Block, *, nested: bool) -> None:
        """A sub-heading whose section is only prose: its commitments, as one item."""
        paras = self.section_paras(index, block.level) if nested else []
        if not paras:
            return

        self.handled.update(paras)
        text = " ".join(self.blocks[para].text for para in paras)
        found = prose.commitments(text)
        each = [
            (sentence, notes, self.blocks[para])
            for para in paras
            for sentence, notes in promises.find(
                self.blocks[para].text, self.vocab, loose=True
            )
        ]
        if each and (len(each) > 1 or not found):
            for sentence, notes, para_block in each:
                self.add(sentence, para_block, para_block.line, "prose", notes=notes)
        elif found:
            title = block.text.strip("*_ ")
            self.add(f"{title}: {' '.join(found)}", block, block.line, "prose")

    def section_paras(self, index: int, level: int) -> list[int]:
        paras = []
        for at in range(index + 1, len(self.blocks)):
            block = self.blocks[at]
            if block.kind == "heading" and block.level <= level:
                break
            if block.kind in ("heading", "item", "table"):
                return []
            if block.kind == "para":
                if pseudo_heading(block.text) or prose.inline_action(block.text):
                    return []
                paras.append(at)
        return paras

    def on_rule(self, index: int, block: Block) -> None:
        self.area.pop(PSEUDO_LEVEL)

    def on_para(self, index: int, block: Block) -> None:
        title = pseudo_heading(block.text) or label_line(block.text, self.vocab)
        if title is not None:
            self.area.push(make_scope(PSEUDO_LEVEL, title, self.vocab))
            self.any_action |= self.area.role() == "action"
            return

        inline = prose.inline_action(block.text)
        if inline:
            notes = self.next_note(index)
            self.add(inline, block, block.line, "inline", notes=notes)
            return

        if self.area.role() == "action" and index not in self.handled:
            lines = prose.paragraph_items(block, self.vocab)
            for text, line in lines:
                self.add(text, block, line, "prose")
            for text, notes in [] if lines else promises.find(block.text, self.vocab):
                self.add(text, block, block.line, "prose", notes=notes)
        elif self.area.role() == "neutral":
            self.promise(block)

    def promise(self, block: Block) -> None:
        """Prose commitments, kept for reports that have no action list."""
        for sentence, notes in promises.find(block.text, self.vocab):
            scopes = self.area.opened()
            self.promises.append(
                Candidate(
                    sentence, block.line, block.end, scopes, notes=notes, source="prose"
                )
            )

    def on_table(self, index: int, block: Block) -> None:
        header = [strip_markup(cell).lower() for cell in block.rows[0][1]]
        actionable = any("action" in cell for cell in header)
        if self.area.role() != "action" and not actionable:
            return

        column = _text_column(header)
        for line, cells in block.rows[1:]:
            text = cells[column] if column < len(cells) else ""
            if prose.is_placeholder(text, self.vocab):
                continue
            named = dict(zip(header, cells, strict=False))
            scopes = self.area.opened()
            self.found.append(
                Candidate(text, line, line, scopes, named, source="table")
            )

    def on_item(self, index: int, block: Block) -> None:
        if index in self.handled:
            return

        if block.depth == 0 and self.field_bullet(index, block):
            return

        parent = self.blocks[block.parent] if block.parent >= 0 else None
        if parent is not None and block.parent not in self.groups:
            return

        if self.group_bullet(index, block):
            return

        role = self.area.role()
        if role == "action" or self.marked_list(block):
            self.list_candidate(index, block)
        elif role == "kind" and prose.deliverable(block.text, self.vocab):
            self.list_candidate(index, block)

    def field_bullet(self, index: int, block: Block) -> bool:
        """``- **Review actions**: ...``: a section name that scopes what follows."""
        match = FIELD.match(block.first_paragraph)
        if not match:
            return False
        scope = make_scope(FIELD_LEVEL, match.group(2), self.vocab, exact=True)
        if scope.role == "neutral":
            return False

        self.area.push(scope)
        self.groups[index] = NO_GROUP
        rest = match.group(3).strip()
        if self.area.role() == "action":
            self.any_action = True
            if rest and not prose.is_placeholder(rest, self.vocab):
                self.add(rest, block, block.line, "list")
        return True

    def group_bullet(self, index: int, block: Block) -> bool:
        """A bullet that only names a team, or a label, for its children."""
        text = strip_markup(block.text)
        if not block.children or self.area.role() != "action":
            return False
        if not (GROUP_NAME.match(text) or TEAM_NAME.match(text)):
            return False

        name = text.rstrip(":").strip()
        hint = heading_status(name, self.vocab)
        named = TEAM_NAME.match(text) or not text.endswith(":")
        self.groups[index] = Group(None if hint or not named else name, hint)
        return True

    def marked_list(self, block: Block) -> bool:
        return self.area.role() == "neutral" and prose.status_marked(block, self.vocab)

    def list_candidate(self, index: int, block: Block) -> None:
        """A bullet and its sub-bullets: one item, or one per sub-task."""
        group = self.groups.get(block.parent, NO_GROUP)
        kids = [self.blocks[child] for child in block.children]
        tasks = [kid for kid in kids if prose.deliverable(kid.text, self.vocab)]
        self.mark_descendants(block)
        group_extra = {"owner": group.owner, "hint": group.status}
        if self.umbrella(block, kids, tasks):
            for kid in kids:
                self.add(kid.text, kid, kid.line, "list", **group_extra)
            return

        if not prose.is_observation(block.text, self.vocab):
            details = [kid.text for kid in kids if kid not in tasks]
            notes = details + self.next_note(index)
            text = _with_details(block.text, details)
            self.add(text, block, block.line, "list", notes=notes, **group_extra)
        for kid in tasks:
            self.add(kid.text, kid, kid.line, "list")

    def umbrella(self, block: Block, kids: list[Block], tasks: list[Block]) -> bool:
        """A bare heading bullet whose sub-bullets are all separate tasks."""
        if len(kids) < 2 or len(tasks) != len(kids):
            return False
        return not prose.status_marked(block, self.vocab)

    def mark_descendants(self, block: Block) -> None:
        stack = list(block.children)
        while stack:
            child = stack.pop()
            self.handled.add(child)
            stack.extend(self.blocks[child].children)

    def next_note(self, index: int) -> list[str]:
        """A status note right after an item ("This has been done.")."""
        after = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if after is None or after.kind not in ("para", "item"):
            return []
        if after.kind == "item" and after.parent >= 0:
            return []
        return [after.text] if prose.STATUS_NOTE.match(after.text) else []

    def add(self, text: str, block: Block, line: int, source: str, **extra) -> None:
        if prose.is_placeholder(text, self.vocab) or prose.is_instruction(text):
            return
        scopes = self.area.opened()
        self.found.append(
            Candidate(text, line, block.end, scopes, source=source, **extra)
        )


def _with_details(text: str, details: list[str]) -> str:
    """An item ending in a colon, read with its short sub-bullets."""
    if not details or not text.rstrip().endswith(":"):
        return text
    if any(len(detail.split()) > 10 or detail.endswith(".") for detail in details):
        return text
    return f"{text.rstrip()} {', '.join(details)}"


def _text_column(header: list[str]) -> int:
    for words in (("action",), ("item", "task", "description", "what", "title")):
        for index, cell in enumerate(header):
            if any(word in cell for word in words):
                return index
    return 0


def candidates(parsed: Parsed, vocab: ExtractVocab) -> tuple[list[Candidate], bool]:
    """The candidates of a parsed report, and whether it has an action area."""
    walker = _Walker(parsed, vocab)
    found = walker.run()
    if not found and not walker.any_action:
        found = walker.promises
    return found, walker.any_action
