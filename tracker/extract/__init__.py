"""Pull action items out of a postmortem: text in, a report with items out.

Pure: no database and no network. ``extract_document`` works on a
Document (Markdown plus a line map); ``extract_file`` and ``extract_bytes``
read and convert the input first.
"""

from __future__ import annotations

from pathlib import Path

from tracker.extract import crossref, meta, structure, trailer
from tracker.extract.blocks import parse_blocks
from tracker.extract.dedupe import dedupe
from tracker.extract.items import DocContext, build
from tracker.extract.lint import NO_ITEMS, item_problems
from tracker.extract.reader import decode_document, read_document
from tracker.extract.tickets import home_tracker, issue_header, named_repository
from tracker.extract.types import Document, ExtractedItem, ExtractedReport, Problem
from tracker.extract.vocab import DEFAULT, ExtractVocab

__all__ = [
    "ExtractVocab",
    "extract_bytes",
    "extract_document",
    "extract_file",
]

EXCERPT_BEFORE = 2
EXCERPT_AFTER = 2


def extract_document(
    doc: Document, *, vocab: ExtractVocab | None = None
) -> ExtractedReport:
    """The report metadata and action items of one converted document."""
    vocab = vocab or DEFAULT
    lines = doc.markdown.split("\n")
    head = meta.front_matter(lines)
    parsed = parse_blocks(lines, head.body_start)

    title = meta.title_of(head, parsed.blocks)
    found, _ = structure.candidates(parsed, vocab)
    anchor = meta.incident_date(head, title, lines, _item_lines(found))
    texts = [candidate.text for candidate in found]
    ctx = DocContext(
        parsed.refdefs,
        _home(doc.markdown, found),
        anchor,
        vocab,
        paren_owners=trailer.convention(texts),
        dash_owners=trailer.convention(texts, trailer.DASH_HANDLE),
        markdown=doc.markdown,
    )
    pairs = [(candidate, build(candidate, ctx)) for candidate in found]
    kept = dedupe([(c, item) for c, item in pairs if item is not None])
    crossref.apply_merges(lines, parsed.refdefs, [item for _, item in kept])

    items = [_finish(doc, lines, candidate, item, vocab) for candidate, item in kept]
    return ExtractedReport(
        path=doc.path,
        title=title,
        incident_date=anchor,
        severity=meta.severity_of(head, title, lines),
        format=doc.format,
        items=items,
        problems=[] if items else [Problem("no_action_items", NO_ITEMS)],
    )


def extract_file(
    path: Path | str, *, max_bytes: int, vocab: ExtractVocab | None = None
) -> ExtractedReport:
    """Read, convert and extract one file; raises ExtractError on bad input."""
    doc = read_document(Path(path), max_bytes=max_bytes)
    return extract_document(doc, vocab=vocab)


def extract_bytes(
    data: bytes,
    *,
    path: str,
    max_bytes: int,
    vocab: ExtractVocab | None = None,
) -> ExtractedReport:
    """Convert and extract an upload; ``path`` names it in errors."""
    doc = decode_document(data, path=path, max_bytes=max_bytes)
    return extract_document(doc, vocab=vocab)


def _item_lines(found: list[structure.Candidate]) -> frozenset[int]:
    spans = {(c.line - 1, max(c.end, c.line)) for c in found}
    return frozenset(index for start, end in spans for index in range(start, end))


def _home(markdown: str, found: list) -> str | None:
    if "#" not in "".join(candidate.text for candidate in found):
        return None
    return (
        issue_header(markdown)
        or home_tracker(crossref.issue_urls(markdown))
        or named_repository(markdown)
    )


def _finish(
    doc: Document,
    lines: list[str],
    candidate: structure.Candidate,
    item: ExtractedItem,
    vocab: ExtractVocab,
) -> ExtractedItem:
    start = max(candidate.line - 1 - EXCERPT_BEFORE, 0)
    end = min(max(candidate.end, candidate.line) + EXCERPT_AFTER - 1, len(lines))
    item.excerpt = "\n".join(lines[start:end]).strip("\n")
    item.line = doc.source_line(candidate.line)
    item.problems = item_problems(item, vocab)
    return item
