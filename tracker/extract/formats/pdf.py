"""PDF reports (PagerDuty "Postmortem Report" exports and the like).

The text layer comes from pypdf; this module rebuilds structure from it:
page headers and footers go, known section labels and ALL-CAPS lines become
headings, numbered and bulleted lines become list items, and wrapped lines
(including URLs broken at the page edge) are joined again.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from tracker.errors import ExtractError
from tracker.extract.formats.base import Converted
from tracker.extract.formats.pdf_layout import page_lines, structure

log = logging.getLogger(__name__)

# pypdf logs every repair it makes ("EOF marker not found") as a WARNING;
# unreadable PDFs get one ExtractError from us instead, so only its errors
# are worth passing on.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_pdf_pages(data: bytes, path: str) -> list[str]:
    """The text of each page, or ExtractError for a PDF we cannot use."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError(
                path,
                "the PDF is encrypted with a password; export it again without one.",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractError:
        raise
    except Exception as exc:
        # pypdf raises many unrelated types on damaged input (its own errors,
        # KeyError, ValueError, struct errors...); all mean the same thing.
        log.info("pdf unreadable path=%s error=%s", path, type(exc).__name__)
        raise ExtractError(
            path,
            f"the PDF is damaged or not a PDF ({_describe(exc)}); "
            "export or download it again.",
        ) from exc

    if not any(page.strip() for page in pages):
        raise ExtractError(
            path,
            "the PDF has no text layer (it looks like a scan or an image); "
            "export it with text, or run OCR on it first.",
        )
    return pages


def _describe(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".")
    return text[:120] if text else type(exc).__name__


def convert_pdf_pages(pages: list[str]) -> Converted:
    return structure(page_lines(pages))
