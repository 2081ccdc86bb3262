"""Ingest files and folders: one line of outcome per file, never a traceback.

Reading and extraction happen outside the database; each report is then
stored in its own transaction, so one bad file neither stops the others nor
leaves anything half-written.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from tracker.db import Database
from tracker.errors import ExtractError
from tracker.extract import extract_document
from tracker.extract.reader import decode_document, read_document
from tracker.extract.types import ExtractedReport
from tracker.extract.vocab import ExtractVocab
from tracker.people.service import RosterIndex
from tracker.reports import service
from tracker.reports.files import walk
from tracker.reports.service import IngestOutcome
from tracker.settings import Settings

log = logging.getLogger(__name__)

ACTOR = "ingest"


@dataclass
class FileResult:
    path: str
    state: str  # new, updated, unchanged, duplicate, moved, skipped, error
    message: str = ""
    report_id: int | None = None
    items: int = 0
    warnings: list[str] = field(default_factory=list)
    report: ExtractedReport | None = None

    @property
    def ok(self) -> bool:
        return self.state != "error"


def ingest_paths(
    db: Database, settings: Settings, paths: Iterable[Path]
) -> list[FileResult]:
    """Ingest every report under ``paths``; one result per file, skipped too."""
    vocab = ExtractVocab.from_mapping(settings.extract)
    with db.session() as session:
        roster = RosterIndex.load(session)
    found = walk(paths)
    results = [FileResult(str(p), "error", why) for p, why in found.refused]
    results += [FileResult(str(p), "skipped", why) for p, why in found.skipped]
    results += [ingest_file(db, settings, p, vocab, roster) for p in found.reports]
    return results


def ingest_file(
    db: Database,
    settings: Settings,
    path: Path,
    vocab: ExtractVocab,
    roster: RosterIndex,
) -> FileResult:
    source = str(path.resolve())
    try:
        doc = read_document(path, max_bytes=settings.max_report_bytes)
        extracted = extract_document(doc, vocab=vocab)
        digest = service.content_hash(path.read_bytes())
    except ExtractError as exc:
        return FileResult(str(path), "error", exc.reason)
    except OSError as exc:
        return FileResult(str(path), "error", f"cannot read the file: {exc.strerror}")

    return store(
        db,
        source=source,
        display=str(path),
        digest=digest,
        extracted=extracted,
        body=doc.markdown,
        roster=roster,
        warnings=doc.warnings,
    )


def store(
    db: Database,
    *,
    source: str,
    display: str,
    digest: str,
    extracted: ExtractedReport,
    body: str,
    roster: RosterIndex,
    warnings: list[str],
) -> FileResult:
    """Store one extracted report in its own transaction."""
    try:
        outcome = _ingest_once_more_on_conflict(
            db,
            source=source,
            digest=digest,
            extracted=extracted,
            body=body,
            roster=roster,
        )
    except SQLAlchemyError as exc:
        # The statement's parameters hold the report's text: keep them out
        # of the log unless someone asks for debug output.
        log.error("report not stored source=%s error=%s", source, type(exc).__name__)
        log.debug("report not stored source=%s", source, exc_info=True)
        reason = f"could not be stored ({type(exc).__name__}); nothing was written"
        return FileResult(display, "error", reason)

    notes = list(warnings)
    if outcome.state == "duplicate":
        notes.append(f"same content as {outcome.other_source}; skipped")
    if outcome.state == "moved":
        notes.append(f"moved from {outcome.other_source}; its items follow it")
    if outcome.unresolved_owners:
        names = ", ".join(sorted(set(outcome.unresolved_owners)))
        notes.append(f"owners not in the roster: {names}")
    return FileResult(
        display,
        outcome.state,
        report_id=outcome.report_id,
        items=len(extracted.items),
        warnings=notes,
        # Echo the report as stored, so an answer never shows text that was cut.
        report=dataclasses.replace(extracted, **service.stored_text(extracted)),
    )


def _ingest_once_more_on_conflict(db: Database, **report: Any) -> IngestOutcome:
    """Ingest; if another ingest stored the same source first, ingest again.

    Two ingests of one new file both find no report and both insert it; the
    unique source makes the database refuse the later one. Run again, that
    report's transaction sees the winner's row and classifies the file like
    any other (unchanged, updated, duplicate), so the race is no failure.
    """
    try:
        return _ingest_in_transaction(db, **report)
    except IntegrityError:
        log.info(
            "report stored meanwhile by another ingest source=%s; retrying",
            report["source"],
        )
        return _ingest_in_transaction(db, **report)


def _ingest_in_transaction(db: Database, **report: Any) -> IngestOutcome:
    with db.session() as session:
        return service.ingest(session, is_live=source_is_live, **report)


def source_is_live(source: str) -> bool:
    """Whether a stored report's source is still there (uploads always are)."""
    return source.startswith("upload:") or Path(source).exists()


def retire_missing(db: Database, folders: Iterable[Path]) -> list[FileResult]:
    """Flag the items of reports under ``folders`` whose files are gone."""
    results = []
    for folder in folders:
        prefix = str(folder.resolve()) + os.sep
        with db.session() as session:
            for report in service.under(session, prefix=prefix):
                if source_is_live(report.source) or "source_missing" in report.problems:
                    continue
                removed = service.retire(session, report=report, actor=ACTOR)
                results.append(
                    FileResult(
                        report.source, "retired", report_id=report.id, items=removed
                    )
                )
    return results


def ingest_upload(
    db: Database, settings: Settings, *, filename: str, data: bytes
) -> FileResult:
    """Ingest an uploaded report; the same file name updates the same report."""
    vocab = ExtractVocab.from_mapping(settings.extract)
    doc = decode_document(data, path=filename, max_bytes=settings.max_report_bytes)
    extracted = extract_document(doc, vocab=vocab)
    with db.session() as session:
        roster = RosterIndex.load(session)
    return store(
        db,
        source=f"upload:{filename}",
        display=filename,
        digest=service.content_hash(data),
        extracted=extracted,
        body=doc.markdown,
        roster=roster,
        warnings=doc.warnings,
    )
