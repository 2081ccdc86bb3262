"""Build small, valid PDFs in raw PDF syntax for the reader tests."""

from __future__ import annotations


def build_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list; each string is one line of Helvetica text.

    A page given as an empty list gets an empty content stream, which is
    what a scan without OCR looks like to a text extractor.
    """
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    kids = []
    for lines in pages:
        stream = _text_stream(lines) if lines else ""
        objects.append(_stream_object(stream))
        content = len(objects)
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    return _assemble(objects)


def build_drawing_pdf() -> bytes:
    """One page that paints a grey square and holds no text at all."""
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        _stream_object("q 0.5 g 72 600 200 100 re f Q"),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>",
    ]
    return _assemble(objects)


def _text_stream(lines: list[str]) -> str:
    shown = " T* ".join(f"({_escape(line)}) Tj" for line in lines)
    return f"BT /F1 11 Tf 14 TL 72 740 Td {shown} ET"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _stream_object(stream: str) -> str:
    data = stream.encode("latin-1")
    return f"<< /Length {len(data)} >>\nstream\n{stream}\nendstream"


def _assemble(objects: list[str]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
    out += f"{trailer}startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
