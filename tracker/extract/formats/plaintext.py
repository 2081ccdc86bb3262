"""Plain-text reports, typically emails, to Markdown.

Headings are ALL-CAPS lines, lines underlined with ``===`` or ``---`` and
short label lines such as ``Action items:``. Quoted replies and the
signature are dropped; ``Subject:`` and ``Date:`` become front matter.
"""

from __future__ import annotations

import re

from tracker.extract.formats.base import Converted, escape_line_start
from tracker.extract.formats.plaintext_headers import (
    front_matter,
    read_headers,
    title_line,
)

_ITEM = re.compile(
    r"^(\s*)([-*•+]|\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+|\(?[a-z][)])"
    r"(\s+)(\S.*)$"
)
_NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+(\S.*)$")
# Emoji sit in several blocks: ⏳ and ⌛ among the technical symbols, ⬜ among
# the arrows and shapes, 🆕 among the enclosed letters, the rest higher up.
_EMOJI_LEAD = re.compile(
    r"^\s*(?::[a-z0-9_+-]{1,40}:|[\u231a\u231b\u23e9-\u23fa\u2600-\u27bf"
    r"\u2b1b-\u2b55\U0001f000-\U0001faff])"
)
_FIELD_GAP = re.compile(r"\s{2,}(?=[A-Z][\w ]{1,20}:\s)")
_STARRED = re.compile(r"^\*([^*]{2,60})\*(?:\s*:[a-z0-9_+-]{2,40}:)*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+)\s*$")
_WROTE = re.compile(r"^On .{6,200} wrote:\s*$")
_LISTISH = re.compile(r"^(\s*(- |\d+\. )|\s+\S)")
_LABEL = re.compile(r"^([A-Z][\w'&/() -]{1,60}):\s*$")
# A chat paste's speaker line: "Noor Haddad  4:23 PM", "Sam [16:05]".
_SPEAKER = re.compile(
    r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}"
    r"(?:\s{2,}|\s+(?=\[?\d{1,2}:\d{2}\s?[AP]M)|\s+(?=\[))"
    r"\[?\d{1,2}:\d{2}(?:\s?[AP]M)?\]?$"
)


def is_chat_paste(text: str) -> bool:
    """Two or more speaker lines: a Slack or Teams thread pasted as text."""
    return len(_speaker_lines(text.split("\n"))) >= 2


def _speaker_lines(lines: list[str]) -> set[int]:
    return {i for i, line in enumerate(lines) if _SPEAKER.match(line.strip())}


def convert_text(text: str) -> Converted:
    lines = _without_speakers(text.split("\n"))
    headers, start = read_headers(lines)
    if not headers:
        headers, start = title_line(lines)
    out = Converted()
    for line, number in front_matter(headers):
        out.add(line, number)
    _Body(lines, out).run(start)
    return out


def _without_speakers(lines: list[str]) -> list[str]:
    """Blank a chat paste's speaker lines: they say who spoke, not what, and
    left in they glue a ``*Action items*`` label to the line above. One such
    line alone (an email's "Rollback  10:41") is kept."""
    speakers = _speaker_lines(lines)
    if len(speakers) < 2:
        return lines
    return ["" if i in speakers else line for i, line in enumerate(lines)]


class _Body:
    def __init__(self, lines: list[str], out: Converted) -> None:
        self.lines = lines
        self.out = out
        self.cols: list[tuple[int, int]] = []
        self.level = 1
        self.last_label: int | None = None
        self.just_headed = False

    def run(self, start: int) -> None:
        index = start
        while index < len(self.lines):
            line = self.lines[index]
            if line.rstrip() in ("--", "-- "):
                return
            index = self.step(index, line)

    def step(self, i: int, line: str) -> int:
        if _is_quote(line) or (_WROTE.match(line.strip()) and self._quote_follows(i)):
            return i + 1
        if not line.strip():
            self.out.blank(i + 1)
            return i + 1
        index = self.block(i, line)
        self.just_headed = (
            self.out.lines[-1:] == [""] and index == i + 1 and self._headed()
        )
        return index

    def _headed(self) -> bool:
        return len(self.out.lines) > 1 and self.out.lines[-2].startswith("#")

    def block(self, i: int, line: str) -> int:

        nxt = self.lines[i + 1] if i + 1 < len(self.lines) else ""
        underline = _UNDERLINE.match(nxt)
        if underline and len(nxt.strip()) >= 3 and not _ITEM.match(line):
            level = 1 if underline.group(1)[0] == "=" else 2
            self.heading(line.strip(), level, i + 1)
            return i + 2
        if self.is_caps_heading(i, line):
            self.heading(_NUMBERED.sub(r"\1", line).strip().rstrip(":"), 2, i + 1)
            return i + 1
        if self.is_numbered_heading(i, line):
            depth = line.split()[0].rstrip(".").count(".")
            self.heading(_NUMBERED.sub(r"\1", line).strip(), min(depth + 2, 6), i + 1)
            return i + 1
        starred = _STARRED.match(line.strip())
        if starred and self.prev_blank(i):
            self.heading(starred.group(1).strip().rstrip(":"), 2, i + 1)
            return i + 1
        if self.is_emoji_bullet(i, line):
            self.out.add("- " + line.strip(), i + 1)
            return i + 1
        label = _LABEL.match(line.strip())
        if label and self.is_label(i, label.group(1)):
            self.heading(label.group(1), self.label_level(), i + 1, structural=False)
            return i + 1
        self.body_line(i, line)
        return i + 1

    def label_level(self) -> int:
        """A label right under a heading is its child; later ones are siblings."""
        if self.last_label is not None:
            return self.last_label
        if self.just_headed:
            return min(self.level + 1, 6)
        return max(self.level, 2)

    def _quote_follows(self, i: int) -> bool:
        rest = [ln for ln in self.lines[i + 1 : i + 4] if ln.strip()]
        return bool(rest) and _is_quote(rest[0])

    def is_caps_heading(self, i: int, line: str) -> bool:
        text = line.strip().rstrip(":")
        numbered = _NUMBERED.match(text)
        if numbered and not line[:1].isspace():
            text = numbered.group(1)
        elif _ITEM.match(line):
            return False
        letters = [c for c in text if c.isalpha()]
        if len(letters) < 3 or any(c.islower() for c in letters):
            return False
        return len(text.split()) <= 10 and not text.endswith(".") and self.prev_blank(i)

    def is_numbered_heading(self, i: int, line: str) -> bool:
        """``5.1 Completed``: a short numbered line standing alone after a heading."""
        numbered = _NUMBERED.match(line)
        if not numbered or line[:1].isspace() or "." not in line.split()[0][:-1]:
            return False
        words = numbered.group(1).split()
        return (
            len(words) <= 4
            and not numbered.group(1).endswith((".", ","))
            and self.prev_blank(i)
            and not self.next_line(i).strip()
        )

    def is_emoji_bullet(self, i: int, line: str) -> bool:
        """Slack-style lines that each start with an emoji form a list."""
        if not _EMOJI_LEAD.match(line):
            return False
        near = (self.lines[i - 1] if i else "", self.next_line(i))
        return any(_EMOJI_LEAD.match(other) for other in near)

    def next_line(self, i: int) -> str:
        return self.lines[i + 1] if i + 1 < len(self.lines) else ""

    def is_label(self, i: int, label: str) -> bool:
        words = label.split()
        return len(words) <= 6 and self.prev_blank(i) and not self.cols_open(i)

    def prev_blank(self, i: int) -> bool:
        return i == 0 or not self.lines[i - 1].strip()

    def cols_open(self, i: int) -> bool:
        line = self.lines[i]
        return (
            bool(self.cols) and len(line) - len(line.lstrip()) >= self.cols[-1][0] > 0
        )

    def heading(
        self, text: str, level: int, number: int, *, structural: bool = True
    ) -> None:
        if structural:
            self.level = level
        self.last_label = None if structural else level
        self.cols.clear()
        self.out.blank(number)
        self.out.add("#" * level + " " + text, number)
        self.out.add("", number)

    def body_line(self, i: int, line: str) -> None:
        indent = len(line) - len(line.lstrip())
        while self.cols and indent < self.cols[-1][0]:
            self.cols.pop()
        item = _ITEM.match(line)
        if item:
            self.list_item(i, item)
            return
        pad = " " * (self.cols[-1][1] if self.cols else 0)
        text = line.strip()
        if _LABEL.match(text.split(": ")[0] + ":"):
            text = _FIELD_GAP.sub("; ", text)
        self.out.add(pad + escape_line_start(text), i + 1)

    def list_item(self, i: int, item: re.Match[str]) -> None:
        lead, marker, gap, body = item.groups()
        number = marker.lstrip("(").rstrip(".)")
        md_marker = f"{number}. " if number.isdigit() else "- "
        col = self.cols[-1][1] if self.cols else 0
        previous = self.out.lines[-1] if self.out.lines else ""
        if previous.strip() and not _LISTISH.match(previous):
            self.out.add("", i + 1)
        self.cols.append((len(lead) + len(marker) + len(gap), col + len(md_marker)))
        self.out.add(" " * col + md_marker + body.rstrip(), i + 1)


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith(">")
