"""Format detection, text decoding and one clear error for every bad input."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfWriter

from tests.extract.pdf_builder import build_drawing_pdf, build_pdf
from tracker.errors import ExtractError
from tracker.extract.reader import decode_document, read_document

LIMIT = 100_000
REPORT = "# Outage\n\n## Action items\n\n- Add an alert\n"


def decode(data: bytes, name: str = "report.md", **kwargs) -> str:
    return decode_document(data, path=name, max_bytes=LIMIT, **kwargs).format


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.md", "# Title\n", "markdown"),
        ("a.markdown", "text\n", "markdown"),
        ("a.html.md.erb", "# T\n<%= x %>\n", "erb"),
        ("a.html", "<p>x</p>", "html"),
        ("a.htm", "<p>x</p>", "html"),
        ("a.rst", "Title\n=====\n", "rst"),
        ("a.wiki", "==T==\n", "wikitext"),
        ("a.wikitext", "==T==\n", "wikitext"),
        ("a.wikitext.txt", "plain words\n", "wikitext"),
        ("a.jira", "h1. T\n", "jira"),
        ("a.confluence", "h1. T\n", "jira"),
        ("a.txt", "==Summary==\n* item\n", "wikitext"),
        ("a.txt", "h1. Summary\n* item\n", "jira"),
        ("a.txt", "Subject: outage\n\nACTION ITEMS\n- x\n", "text"),
        ("a.txt", "Just some notes.\n", "text"),
        ("report", "<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("report", "---\ntitle: x\n---\n<p>\n  hello\n</p>\n", "html"),
        ("report", "==Summary==\ntext [[Page|link]]\n", "wikitext"),
        ("report", "h2. Actions\n||a||b||\n", "jira"),
        ("report", "Title\n=====\n\n.. note:: x\n", "rst"),
        ("report", "Just words.\n", "markdown"),
        ("report", "# Heading\n- item\n", "markdown"),
    ],
)
def test_format_is_detected(name: str, content: str, expected: str) -> None:
    assert decode(content.encode(), name) == expected


def test_pdf_is_detected_by_content_whatever_the_name() -> None:
    pdf = build_pdf([["SUMMARY", "text"]])

    assert decode(pdf, "upload.bin") == "pdf"
    assert decode(pdf, "report") == "pdf"


def test_forced_format_wins_over_the_name() -> None:
    assert decode(b"h1. Title\n", "x.md", fmt="jira") == "jira"
    assert decode(b"h1. Title\n", "x.md", fmt=".rst") == "rst"


@pytest.mark.parametrize(
    "data",
    [
        REPORT.encode("utf-8-sig"),
        REPORT.encode("utf-16"),
        REPORT.encode("utf-16-be").join([b"\xfe\xff", b""]),
        REPORT.replace("\n", "\r\n").encode(),
        REPORT.replace("\n", "\r").encode(),
    ],
)
def test_boms_and_line_endings_are_accepted(data: bytes) -> None:
    document = decode_document(data, path="r.md", max_bytes=LIMIT)

    assert document.markdown == REPORT
    assert document.line_map == [1, 2, 3, 4, 5]


def test_markdown_passes_through_with_identity_line_map() -> None:
    text = "---\ntitle: x\n---\n# T\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    document = decode_document(text.encode(), path="r.md", max_bytes=LIMIT)

    assert document.markdown == text + "\n"
    assert document.line_map == list(range(1, 9))


def assert_rejected(exc: pytest.ExceptionInfo[ExtractError], name: str, *words: str):
    message = str(exc.value)
    assert message.startswith(name)
    assert "Traceback" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", ["empty"]),
        (b"  \n\t\n  ", ["only whitespace"]),
        ("\ufeff \n".encode("utf-8"), ["only whitespace"]),
        (b"# Title\x00\x01\x02 binary", ["binary", "NUL"]),
        (bytes(range(1, 32)) * 20, ["binary"]),
        (b"PK\x03\x04rest-of-a-docx", ["binary", "ZIP", ".docx"]),
        (b"\x89PNG\r\n\x1a\n....", ["binary", "PNG image"]),
    ],
)
def test_unusable_bytes_are_rejected(data: bytes, words: list[str]) -> None:
    with pytest.raises(ExtractError) as exc:
        decode_document(data, path="notes.md", max_bytes=LIMIT)

    assert_rejected(exc, "notes.md", *words)


def test_non_utf8_names_byte_and_line() -> None:
    data = "# Café\n\nline two\nna\xefve\n".encode("latin-1")

    with pytest.raises(ExtractError) as exc:
        decode_document(data, path="latin.md", max_bytes=LIMIT)

    assert_rejected(exc, "latin.md:1", "0xE9", "line 1", "save it as UTF-8")
    assert exc.value.line == 1


def test_non_utf8_on_a_later_line() -> None:
    data = b"# Title\n\n- item\n- caf\xe9 \xa0\n"

    with pytest.raises(ExtractError) as exc:
        decode_document(data, path="r.txt", max_bytes=LIMIT)

    assert exc.value.line == 4
    assert_rejected(exc, "r.txt:4", "0xE9 on line 4", "Windows-1252")


def test_broken_utf16_is_rejected() -> None:
    with pytest.raises(ExtractError) as exc:
        decode_document(b"\xff\xfe#\x00 \x00\x00\xd8", path="w.md", max_bytes=LIMIT)

    assert_rejected(exc, "w.md", "not valid UTF-16", "save it as UTF-8")


def test_oversized_bytes_name_size_limit_and_setting() -> None:
    with pytest.raises(ExtractError) as exc:
        decode_document(b"x" * 2048, path="big.md", max_bytes=1024)

    assert_rejected(
        exc, "big.md", "2,048 bytes", "1,024 bytes", "TRACKER_MAX_REPORT_BYTES"
    )


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"# x\n" * 1000)

    with pytest.raises(ExtractError) as exc:
        read_document(path, max_bytes=100)

    assert_rejected(
        exc, str(path), "4,000 bytes", "100 bytes", "TRACKER_MAX_REPORT_BYTES"
    )


@pytest.mark.parametrize(
    ("pdf", "words"),
    [
        (build_pdf([[]]), ["no text layer", "OCR"]),
        (build_pdf([[], []]), ["no text layer"]),
        (build_drawing_pdf(), ["no text layer", "scan"]),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", ["damaged", "export"]),
        (build_pdf([["SUMMARY", "text"]])[:200], ["damaged"]),
    ],
)
def test_unusable_pdfs_are_rejected(pdf: bytes, words: list[str]) -> None:
    with pytest.raises(ExtractError) as exc:
        decode_document(pdf, path="export.pdf", max_bytes=LIMIT)

    assert_rejected(exc, "export.pdf", *words)


def test_pdf_named_pdf_without_pdf_bytes_is_damaged() -> None:
    with pytest.raises(ExtractError) as exc:
        decode_document(b"just text", path="fake.pdf", max_bytes=LIMIT)

    assert_rejected(exc, "fake.pdf", "damaged or not a PDF")


def test_encrypted_pdf_is_rejected() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="s3cret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    with pytest.raises(ExtractError) as exc:
        decode_document(buffer.getvalue(), path="locked.pdf", max_bytes=LIMIT)

    assert_rejected(exc, "locked.pdf", "encrypted", "without one")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractError) as exc:
        read_document(tmp_path / "gone.md", max_bytes=LIMIT)

    assert_rejected(exc, str(tmp_path / "gone.md"), "does not exist")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ExtractError) as exc:
        read_document(tmp_path, max_bytes=LIMIT)

    assert_rejected(exc, str(tmp_path), "is a directory")


def test_path_through_a_file(tmp_path: Path) -> None:
    (tmp_path / "file.md").write_text("# x\n")

    with pytest.raises(ExtractError) as exc:
        read_document(tmp_path / "file.md" / "child.md", max_bytes=LIMIT)

    assert_rejected(exc, str(tmp_path / "file.md" / "child.md"), "cannot be read")


def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.md"
    path.write_text("# x\n")
    path.chmod(0)

    message = _read_as_unprivileged(path)

    assert str(path) in message and "permission denied" in message


def _read_as_unprivileged(path: Path) -> str:
    """The ExtractError text of reading ``path`` as a user without rights.

    Root reads any file whatever its mode, so as root the read happens in a
    forked child that has dropped to the ``nobody`` user first.
    """
    if os.geteuid() != 0:
        with pytest.raises(ExtractError) as exc:
            read_document(path, max_bytes=LIMIT)
        return str(exc.value)

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, read, report, leave at once
        os.close(read_end)
        message = "no error"
        try:
            os.setgid(65534)
            os.setuid(65534)
            read_document(path, max_bytes=LIMIT)
        except ExtractError as exc:
            message = str(exc)
        finally:
            os.write(write_end, message.encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(pid, 0)
    return message


def test_unknown_forced_format() -> None:
    with pytest.raises(ExtractError) as exc:
        decode_document(b"# x", path="r.md", max_bytes=LIMIT, fmt="docx")

    assert_rejected(exc, "r.md", "unknown format 'docx'", "markdown")


def test_html_with_script_is_not_an_error() -> None:
    page = b'<h2>Actions</h2><ul><li onmouseover="x()">Add alert</li></ul>'
    page += b"<script>document.cookie</script>"
    document = decode_document(page, path="x.html", max_bytes=LIMIT)

    assert document.markdown == "## Actions\n\n- Add alert\n"
    assert document.warnings == [
        "removed 1 <script> element",
        "removed 1 on* attribute",
    ]


def test_read_document_reads_a_real_file(tmp_path: Path) -> None:
    path = tmp_path / "review.wiki"
    path.write_text("== Actionables ==\n* Fix it [[phab:T1]]\n", encoding="utf-8")

    document = read_document(path, max_bytes=LIMIT)

    assert document.path == str(path)
    assert document.markdown == "## Actionables\n\n- Fix it [phab:T1](phab:T1)\n"
    assert document.line_map == [1, 1, 2]


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_special_files_are_refused_without_reading(tmp_path: Path, kind: str) -> None:
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "pipe.md"
        os.mkfifo(path)

    with pytest.raises(ExtractError) as exc:
        read_document(path, max_bytes=LIMIT)

    assert_rejected(exc, str(path), "not a regular file")
