"""Read a report file and turn it into Markdown for extraction.

Every way a file can be unusable ends in one ExtractError whose message
names the file and says what to do; vendor errors are wrapped, never shown.
"""

from __future__ import annotations

import logging
from pathlib import Path

from tracker.errors import ExtractError
from tracker.extract.formats import Converted, convert_text_format
from tracker.extract.formats.detect import (
    ALIASES,
    format_from_name,
    sniff_bytes,
    sniff_text,
)
from tracker.extract.formats.encoding import decode_text
from tracker.extract.formats.pdf import convert_pdf_pages, read_pdf_pages
from tracker.extract.types import Document

log = logging.getLogger(__name__)


def read_document(path: Path, *, max_bytes: int) -> Document:
    """Read ``path`` and convert it to Markdown, or raise ExtractError."""
    name = str(path)
    file = Path(path)
    try:
        if file.is_dir():
            raise ExtractError(name, "is a directory, not a report file.")
        if file.exists() and not file.is_file():
            raise ExtractError(
                name, "is not a regular file (a device, pipe or socket); skipped."
            )
        _check_size(file.stat().st_size, name, max_bytes)
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may grow after stat
    except FileNotFoundError as exc:
        raise ExtractError(name, "the file does not exist; check the path.") from exc
    except PermissionError as exc:
        raise ExtractError(
            name, "permission denied; make the file readable and try again."
        ) from exc
    except IsADirectoryError as exc:
        raise ExtractError(name, "is a directory, not a report file.") from exc
    except OSError as exc:
        raise ExtractError(name, f"the file cannot be read ({exc.strerror}).") from exc

    return decode_document(data, path=name, max_bytes=max_bytes)


def decode_document(
    data: bytes, *, path: str, max_bytes: int, fmt: str | None = None
) -> Document:
    """Convert the bytes of one report to a Document, or raise ExtractError.

    ``fmt`` forces a format (a name from ``tracker.extract.formats`` or a
    file suffix such as ``md``); otherwise the file name and then the content
    decide.
    """
    _check_size(len(data), path, max_bytes)
    if not data:
        raise ExtractError(path, "the file is empty; there is nothing to extract.")

    chosen = _forced(fmt, path) or format_from_name(path)
    if sniff_bytes(data) or chosen == "pdf":
        return _pdf(data, path)

    text = decode_text(data, path)
    if not text.strip():
        raise ExtractError(
            path, "the file holds only whitespace; there is nothing to extract."
        )

    fmt_name = chosen or sniff_text(text, default=_default_format(path))
    converted = _convert(fmt_name, text, path)
    return Document(
        path=path,
        format=fmt_name,
        markdown=converted.markdown,
        line_map=converted.line_map,
        warnings=converted.warnings,
    )


def _convert(fmt: str, text: str, path: str) -> Converted:
    try:
        return convert_text_format(fmt, text, name=path).trim()
    except (RecursionError, ValueError, IndexError, KeyError) as exc:
        # A converter bug on odd input must still end in one clear line.
        log.error("conversion failed path=%s format=%s error=%r", path, fmt, exc)
        raise ExtractError(
            path,
            f"the {fmt} converter could not read this file ({type(exc).__name__}); "
            "save it as Markdown or plain text, or report the problem.",
        ) from exc


def _forced(fmt: str | None, path: str) -> str | None:
    if fmt is None:
        return None
    name = ALIASES.get(fmt.lower().lstrip("."))
    if name is None:
        known = ", ".join(sorted(set(ALIASES.values())))
        raise ExtractError(path, f"unknown format {fmt!r}; use one of: {known}.")
    return name


def _default_format(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return "text" if suffix in (".txt", ".text") else "markdown"


def _check_size(size: int, path: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise ExtractError(
            path,
            f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; "
            "split it or raise TRACKER_MAX_REPORT_BYTES.",
        )


def _pdf(data: bytes, path: str) -> Document:
    converted = convert_pdf_pages(read_pdf_pages(data, path)).trim()
    return Document(
        path=path,
        format="pdf",
        markdown=converted.markdown,
        line_map=converted.line_map,
        warnings=converted.warnings,
    )
