"""Ingest reports: extract items, resolve owners, store, and re-ingest.

One transaction per report. A report seen before with the same bytes
changes nothing; an edited one updates its items in place, matched to the
previous version, and flags items it no longer lists as removed.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.db import fit, utcnow
from tracker.extract.types import ExtractedItem, ExtractedReport
from tracker.items import service as items
from tracker.items.models import ActionItem
from tracker.people.models import Person
from tracker.people.service import RosterIndex
from tracker.reports.models import Report

log = logging.getLogger(__name__)

ACTOR = "ingest"
MATCH_THRESHOLD = 0.6
_SEV_LABEL = re.compile(r"\s*sev(?:erity)?[\s_-]*(\d)(?!\d)", re.I)


@dataclass
class IngestOutcome:
    report_id: int
    state: str  # new, updated, unchanged
    created: int = 0
    updated: int = 0
    removed: int = 0
    unresolved_owners: list[str] = field(default_factory=list)
    other_source: str | None = None  # the twin of a duplicate, or a move's origin


def get(session: Session, *, report_id: int) -> Report | None:
    return session.get(Report, report_id)


def under(session: Session, *, prefix: str) -> list[Report]:
    """Reports whose source path starts with ``prefix``."""
    query = select(Report).where(Report.source.startswith(prefix, autoescape=True))
    return list(session.scalars(query))


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(
    session: Session,
    *,
    source: str,
    digest: str,
    extracted: ExtractedReport,
    body: str,
    roster: RosterIndex,
    is_live: Callable[[str], bool] = lambda source: True,
) -> IngestOutcome:
    """Store one extracted report; the caller commits or rolls back.

    Content seen before under another source is a copy while that source is
    still there (``is_live``), and is skipped; otherwise the file moved, and
    the report follows it with its items and their links.
    """
    report = session.scalars(select(Report).where(Report.source == source)).first()
    if report is not None and report.content_hash == digest:
        return IngestOutcome(report.id, "unchanged")
    if report is None:
        twin = session.scalars(
            select(Report).where(Report.content_hash == digest).order_by(Report.id)
        ).first()
        if twin is not None:
            return _copy_or_move(twin, source, is_live)

    state = "new" if report is None else "updated"
    report = report or Report(source=source)
    _fill_report(report, extracted, digest, body)
    session.add(report)
    session.flush()

    outcome = IngestOutcome(report.id, state)
    _sync_items(session, report, _dated(extracted), roster, outcome)
    report.team_id = _majority_team_id(session, report.id)
    log.info(
        "report ingested report_id=%s state=%s created=%s updated=%s removed=%s",
        report.id,
        state,
        outcome.created,
        outcome.updated,
        outcome.removed,
    )
    return outcome


def _copy_or_move(
    twin: Report, source: str, is_live: Callable[[str], bool]
) -> IngestOutcome:
    if is_live(twin.source):
        return IngestOutcome(twin.id, "duplicate", other_source=twin.source)

    previous, twin.source = twin.source, source
    log.info("report moved report_id=%s from=%s to=%s", twin.id, previous, source)
    return IngestOutcome(twin.id, "moved", other_source=previous)


def retire(session: Session, *, report: Report, actor: str) -> int:
    """The report's file is gone: flag its items removed; return how many."""
    if "source_missing" not in report.problems:
        report.problems = [*report.problems, "source_missing"]
    live = [item for item in report.items if not item.removed]
    for item in live:
        items.mark_removed(session, item=item, actor=actor)
    return len(live)


def _dated(extracted: ExtractedReport) -> list[ExtractedItem]:
    """Give done items a completion date when the report names none.

    A report that marks an item done says it was done by the time of
    writing; the incident date is the best single day we have (most such
    items are steps taken during the response), else the day of ingest.
    The metrics need a day to count a completion at all.
    """
    fallback = extracted.incident_date or utcnow().date()
    return [
        dataclasses.replace(item, completed_on=item.completed_on or fallback)
        if item.status == "done"
        else item
        for item in extracted.items
    ]


def stored_text(extracted: ExtractedReport) -> dict[str, Any]:
    """The title and severity as the report's row keeps them: a severity
    that starts with a SEV label as that label, both cut to fit."""
    severity = severity_label(extracted.severity)
    return fit(Report, {"title": extracted.title, "severity": severity})


def _fill_report(
    report: Report, extracted: ExtractedReport, digest: str, body: str
) -> None:
    text = stored_text(extracted)
    report.format = extracted.format
    report.title = text["title"]
    report.incident_date = extracted.incident_date
    report.severity = text["severity"]
    report.content_hash = digest
    report.body = body
    report.problems = [p.code for p in extracted.problems]
    report.accountable_share = extracted.accountable_share
    report.updated_at = utcnow()


def severity_label(written: str | None) -> str | None:
    """``SEV2`` for "SEV2 (customer-facing, …)", "sev-2" or "Sev 2: major".

    Filters, the Jira priority map and the digest group reports by this
    label, so the words after it would split one severity into many (and
    the 20-character column cut them mid-word). Text that does not start
    with a SEV label ("High", "P1") is kept as written; the report's body
    keeps the full wording.
    """
    if written is None:
        return None
    found = _SEV_LABEL.match(written)
    return f"SEV{found.group(1)}" if found else written.strip()


def _sync_items(
    session: Session,
    report: Report,
    fresh: list[ExtractedItem],
    roster: RosterIndex,
    outcome: IngestOutcome,
) -> None:
    previous = list(
        session.scalars(select(ActionItem).where(ActionItem.report_id == report.id))
    )
    pairs, unmatched_old = match_items(previous, fresh)
    for position, new in enumerate(fresh):
        fields = _item_fields(new, roster, outcome)
        fields["position"] = position
        old = pairs.get(position)
        if old is None:
            items.create(session, actor=ACTOR, report_id=report.id, **fields)
            outcome.created += 1
        elif _apply_report_changes(session, old, fields):
            outcome.updated += 1
    for old in unmatched_old:
        if not old.removed:
            items.mark_removed(session, item=old, actor=ACTOR)
            outcome.removed += 1


def match_items(
    previous: list[ActionItem], fresh: list[ExtractedItem]
) -> tuple[dict[int, ActionItem], list[ActionItem]]:
    """Pair new items with old ones: same text first, then most similar."""
    pairs: dict[int, ActionItem] = {}
    left = list(previous)
    for position, new in enumerate(fresh):
        same = next((o for o in left if _key(o.text) == _key(new.text)), None)
        if same is not None:
            pairs[position] = same
            left.remove(same)

    candidates = sorted(
        (
            (difflib.SequenceMatcher(None, _key(o.text), _key(n.text)).ratio(), p, o)
            for p, n in enumerate(fresh)
            if p not in pairs
            for o in left
        ),
        key=lambda c: -c[0],
    )
    for score, position, old in candidates:
        if score < MATCH_THRESHOLD:
            break
        if position not in pairs and old in left:
            pairs[position] = old
            left.remove(old)
    return pairs, left


def _item_fields(
    new: ExtractedItem, roster: RosterIndex, outcome: IngestOutcome
) -> dict[str, Any]:
    resolution = roster.resolve(new.owner, new.owner_kind)
    problems = new.problem_codes
    if new.owner and not resolution.resolved:
        problems = [*problems, "unknown_owner"]
        outcome.unresolved_owners.append(new.owner)
    snapshot = {
        "text": new.text,
        "owner_raw": new.owner,
        "owner_kind": new.owner_kind,
        "due": new.due.isoformat() if new.due else None,
        "due_raw": new.due_raw,
        "status": new.status,
        "ticket": new.ticket,
        "kind": new.kind,
    }
    return {
        "text": new.text,
        "owner_raw": new.owner,
        "owner_kind": new.owner_kind,
        "owner_person_id": resolution.person.id if resolution.person else None,
        "owner_team_id": resolution.team.id if resolution.team else None,
        "due": new.due,
        "due_raw": new.due_raw,
        "status": new.status,
        "completed_on": new.completed_on,
        "ticket": new.ticket,
        "kind": new.kind,
        "line": new.line,
        "excerpt": new.excerpt,
        "problems": problems,
        "extracted": snapshot,
    }


def _apply_report_changes(
    session: Session, item: ActionItem, fields: dict[str, Any]
) -> bool:
    """Apply only what the report itself changed; edits in the tracker stay."""
    before = item.extracted or {}
    after = fields.pop("extracted")
    changes = {
        name: value
        for name, value in fields.items()
        if _report_changed(name, before, after)
    }
    if item.removed:
        items.restore(session, item=item, actor=ACTOR)
    changed = items.update(session, item=item, actor=ACTOR, **changes)
    item.extracted = after
    return any(name not in items.QUIET for name in changed)


def _report_changed(name: str, before: dict, after: dict) -> bool:
    owner_fields = ("owner_person_id", "owner_team_id")
    if name in owner_fields:
        name = "owner_raw"
    if name == "completed_on":
        name = "status"
    if name not in after:
        return True
    return before.get(name) != after.get(name)


def _majority_team_id(session: Session, report_id: int) -> int | None:
    """The team that owns most of the report's items, if any owner resolved."""
    team_id = func.coalesce(Person.team_id, ActionItem.owner_team_id)
    query = (
        select(team_id)
        .select_from(ActionItem)
        .outerjoin(Person, ActionItem.owner_person_id == Person.id)
        .where(ActionItem.report_id == report_id, ActionItem.removed.is_(False))
    )
    votes = Counter(tid for tid in session.scalars(query) if tid is not None)
    return votes.most_common(1)[0][0] if votes else None


def _key(text: str) -> str:
    return " ".join(text.lower().split())
