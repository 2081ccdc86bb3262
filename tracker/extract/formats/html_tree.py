"""A small, forgiving HTML tree built with the standard library parser.

Active content never enters the tree: ``<script>``, ``<style>`` and friends
are dropped with their content, ``on*`` attributes and ``javascript:`` links
are removed, and each removal is counted so the reader can warn about it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)
ACTIVE = frozenset("script style iframe object embed applet frame frameset".split())
MAX_DEPTH = 100
IGNORED = frozenset("head template noscript select textarea".split())

# start tag -> (open tags it closes, tags that stop the search)
_AUTOCLOSE = {
    "li": ({"li"}, {"ul", "ol", "menu"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr", "td", "th"}, {"table", "thead", "tbody", "tfoot"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "thead": ({"thead", "tbody", "tr", "td", "th"}, {"table"}),
    "tbody": ({"thead", "tbody", "tr", "td", "th"}, {"table"}),
    "tfoot": ({"thead", "tbody", "tr", "td", "th"}, {"table"}),
    "p": ({"p"}, {"div", "li", "td", "th", "blockquote", "section", "body"}),
}


@dataclass
class Text:
    data: str
    line: int


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node | Text] = field(default_factory=list)

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


@dataclass
class Tree:
    root: Node
    title: str | None
    removed: Counter[str]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, 1)
        self.stack = [self.root]
        self.removed: Counter[str] = Counter()
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            self._skip_nested(tag)
            return
        if tag in ACTIVE or tag in IGNORED:
            self._start_skipping(tag)
            return

        self._autoclose(tag)
        node = Node(tag, self._clean(attrs), self.getpos()[0])
        self.stack[-1].children.append(node)
        # Past MAX_DEPTH elements stay empty and their content goes to the
        # parent: rendering recurses, and real reports never nest this deep.
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return

        names = [node.tag for node in self.stack]
        if tag in names[1:]:
            while self.stack.pop().tag != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.stack[-1].children.append(Text(data, self.getpos()[0]))

    def _start_skipping(self, tag: str) -> None:
        if tag in ACTIVE:
            self.removed[f"<{tag}>"] += 1
        if tag not in VOID:
            self.skipping.append(tag)

    def _skip_nested(self, tag: str) -> None:
        if tag in ACTIVE:
            self.removed[f"<{tag}>"] += 1
        if tag == self.skipping[-1] and tag not in VOID:
            self.skipping.append(tag)

    def _autoclose(self, tag: str) -> None:
        closes, stops = _AUTOCLOSE.get(tag, ((), ()))
        outermost = None
        for depth in range(len(self.stack) - 1, 0, -1):
            name = self.stack[depth].tag
            if name in stops:
                break
            if name in closes:
                outermost = depth
        if outermost is not None:
            del self.stack[outermost:]

    def _clean(self, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        clean = {}
        for name, value in attrs:
            if name.startswith("on"):
                self.removed["on* attribute"] += 1
                continue
            if name in ("href", "src") and _is_script_url(value or ""):
                self.removed["javascript: link"] += 1
                continue
            clean[name] = value or ""
        return clean


def _is_script_url(value: str) -> bool:
    squeezed = "".join(value.split()).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text/html"))


class _TitleGrabber(HTMLParser):
    """Reads ``<title>`` only; the tree skips ``<head>`` entirely."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "title" and self.title is None

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.title = " ".join(data.split()) or None


def parse_html(text: str) -> Tree:
    builder = _Builder()
    builder.feed(text)
    builder.close()

    grabber = _TitleGrabber()
    grabber.feed(text[:20000])
    grabber.close()
    return Tree(builder.root, grabber.title, builder.removed)
