"""Build a Document from Markdown text, so tests need no files."""

from __future__ import annotations

from textwrap import dedent

from tracker.extract import extract_document
from tracker.extract.types import Document, ExtractedReport
from tracker.extract.vocab import ExtractVocab


def document(text: str, *, path: str = "report.md") -> Document:
    text = dedent(text).lstrip("\n")
    lines = text.count("\n") + 1
    return Document(path, "markdown", text, list(range(1, lines + 1)))


def extract(text: str, vocab: ExtractVocab | None = None) -> ExtractedReport:
    return extract_document(document(text), vocab=vocab)


def only(text: str, vocab: ExtractVocab | None = None):
    """The single item of a report; fails when there is not exactly one."""
    items = extract(text, vocab).items
    assert len(items) == 1, [item.text for item in items]
    return items[0]
