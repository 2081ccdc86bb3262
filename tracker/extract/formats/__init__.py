"""One converter per input format, each turning text into Markdown.

Format names: ``markdown``, ``erb`` (Markdown or HTML inside an ERB
template), ``html``, ``wikitext`` (MediaWiki), ``jira`` (Jira and Confluence
wiki markup), ``rst``, ``text`` (plain text, email style) and ``pdf``.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.extract.formats.base import Converted
from tracker.extract.formats.detect import inner_format_of_erb, sniff_text
from tracker.extract.formats.html import convert_html
from tracker.extract.formats.jira import convert_jira
from tracker.extract.formats.markdown import convert_markdown, strip_erb
from tracker.extract.formats.plaintext import convert_text
from tracker.extract.formats.rst import convert_rst
from tracker.extract.formats.wikitext import convert_wikitext

CONVERTERS: dict[str, Callable[[str], Converted]] = {
    "markdown": convert_markdown,
    "html": convert_html,
    "wikitext": convert_wikitext,
    "jira": convert_jira,
    "rst": convert_rst,
    "text": convert_text,
}


def convert_text_format(fmt: str, text: str, *, name: str) -> Converted:
    """Markdown for ``text`` in format ``fmt`` (any format except ``pdf``)."""
    if fmt == "erb":
        text, _ = strip_erb(text)
        fmt = inner_format_of_erb(name) or sniff_text(text)
    return CONVERTERS[fmt](text)


__all__ = ["CONVERTERS", "Converted", "convert_text_format"]
