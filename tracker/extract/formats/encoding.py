"""Bytes to text for reports: BOMs, binary files and non-UTF-8 input."""

from __future__ import annotations

import codecs

from tracker.errors import ExtractError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip file)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc or .xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
)
_TEXT_CONTROLS = {9, 10, 12, 13, 27}


def decode_text(data: bytes, path: str) -> str:
    """Decode a text report, with newlines normalised to ``\\n``."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return _normalise(_decode(data[len(bom) :], codec, label, path))

    _reject_binary(data, path)
    return _normalise(_decode(data, "utf-8", "UTF-8", path))


def _decode(data: bytes, codec: str, label: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        line = data[: exc.start].count(b"\n") + 1
        hint = _likely_encoding(data) if label == "UTF-8" else ""
        raise ExtractError(
            path,
            f"the file is not valid {label} text: byte 0x{bad:02X} on line {line} "
            f"cannot be decoded{hint}; save it as UTF-8 and try again.",
            line=line,
        ) from exc


def _likely_encoding(data: bytes) -> str:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return " (it looks like Windows-1252 or Latin-1)"


def _reject_binary(data: bytes, path: str) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise ExtractError(
                path,
                f"the file is binary ({what}), not a text report; export it as "
                "Markdown, HTML, plain text or PDF.",
            )

    sample = data[:8192]
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROLS)
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise ExtractError(
            path,
            "the file is binary (it holds NUL or control bytes), not a text "
            "report; export it as Markdown, HTML, plain text or PDF.",
        )


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
