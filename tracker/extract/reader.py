"""Read a report file from disk and turn it into Markdown for extraction."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import ExtractError
from tracker.extract.types import Document


def read_document(path: Path, *, max_bytes: int) -> Document:
    """Read ``path`` and convert it to Markdown, or raise ExtractError."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ExtractError(name, f"cannot read the file ({exc.strerror}).") from exc

    return decode_document(data, path=name, max_bytes=max_bytes)


def decode_document(
    data: bytes, *, path: str, max_bytes: int, fmt: str | None = None
) -> Document:
    """Convert raw bytes to a Document; only Markdown pass-through so far."""
    if len(data) > max_bytes:
        raise ExtractError(
            path,
            f"the file is {len(data)} bytes, over the limit of {max_bytes} bytes "
            "(raise TRACKER_MAX_REPORT_BYTES to accept it).",
        )

    text = data.decode("utf-8-sig")
    if not text.strip():
        raise ExtractError(path, "the file is empty.")

    lines = text.count("\n") + 1
    return Document(
        path=path,
        format=fmt or "markdown",
        markdown=text,
        line_map=list(range(1, lines + 1)),
    )
