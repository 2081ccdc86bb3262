import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from tracker.items import service as items
from tracker.items.models import ActionItem, ItemEvent
from tracker.people.roster import load_roster, read_roster
from tracker.reports import ingest as ingest_mod
from tracker.reports.ingest import ingest_paths
from tracker.reports.models import Report

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def reports(tmp_path, db, settings):
    folder = tmp_path / "reports"
    shutil.copytree(FIXTURES, folder)
    with db.session() as session:
        load_roster(session, roster=read_roster(settings.roster_path))
    return folder


def stored_items(db):
    """Every item, with what the assertions read loaded before the session ends."""
    query = (
        select(ActionItem)
        .options(joinedload(ActionItem.owner_person))
        .order_by(ActionItem.report_id, ActionItem.position)
    )
    with db.session() as session:
        return list(session.scalars(query))


def count(db, model):
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_ingest_stores_items_and_resolves_owners(db, settings, reports):
    results = ingest_paths(db, settings, [reports])

    assert [r.state for r in results] == ["new", "new"]
    by_text = {item.text: item for item in stored_items(db)}
    alert = by_text["Add a Redis memory alert at 80% of maxmemory"]
    assert alert.owner_raw == "@schen"
    assert alert.owner_person.email == "schen@example.com"
    assert alert.due == dt.date(2026, 11, 15)
    assert alert.ticket == "PAY-101"
    with db.session() as session:
        report = session.get(Report, alert.report_id)
        assert report.team.slug == "payments"


def test_same_file_twice_changes_nothing(db, settings, reports):
    ingest_paths(db, settings, [reports])
    events = count(db, ItemEvent)

    results = ingest_paths(db, settings, [reports])

    assert [r.state for r in results] == ["unchanged", "unchanged"]
    assert count(db, ItemEvent) == events
    assert count(db, ActionItem) == len(stored_items(db))


def test_edited_report_updates_in_place_and_flags_removed(db, settings, reports):
    ingest_paths(db, settings, [reports])
    before = {i.text: i.id for i in stored_items(db)}
    path = reports / "checkout-latency.md"
    text = path.read_text()
    text = text.replace("| @schen | 2026-11-15 |", "| @schen | 2026-11-30 |")
    text = text.replace("| Better monitoring | | | |\n", "")
    path.write_text(text)

    [result] = ingest_paths(db, settings, [path])

    assert result.state == "updated"
    after = {i.text: i for i in stored_items(db)}
    alert = after["Add a Redis memory alert at 80% of maxmemory"]
    assert alert.id == before[alert.text]
    assert alert.due == dt.date(2026, 11, 30)
    assert after["Better monitoring"].removed
    with db.session() as session:
        events = session.scalars(
            select(ItemEvent).where(ItemEvent.item_id == alert.id)
        ).all()
        assert events[0].action == "created"
        assert {e.field for e in events[1:]} == {"due", "due_raw"}
        assert all(e.actor == "ingest" for e in events)


def test_reingest_keeps_edits_made_in_the_tracker(db, settings, reports):
    ingest_paths(db, settings, [reports])
    with db.session() as session:
        item = session.scalars(
            select(ActionItem).where(ActionItem.ticket == "PLAT-77")
        ).one()
        items.set_status(session, item=item, status="done", actor="user:ana")
    path = reports / "checkout-latency.md"
    path.write_text(path.read_text().replace("2026-11-15", "2026-11-20"))

    ingest_paths(db, settings, [path])

    done = [i for i in stored_items(db) if i.ticket == "PLAT-77"]
    assert done[0].status == "done"


def test_a_failing_report_leaves_nothing_behind(db, settings, reports, monkeypatch):
    real_create = items.create
    calls = []

    def create_then_fail(session, **kwargs):
        calls.append(kwargs["text"])
        if len(calls) == 2:
            raise ingest_mod.SQLAlchemyError("disk full")
        return real_create(session, **kwargs)

    monkeypatch.setattr(items, "create", create_then_fail)

    [result] = ingest_paths(db, settings, [reports / "checkout-latency.md"])

    assert result.state == "error"
    assert "nothing was written" in result.message
    assert count(db, Report) == 0
    assert count(db, ActionItem) == 0


def test_done_items_without_a_date_count_from_the_incident_date(db, settings, reports):
    ingest_paths(db, settings, [reports / "search-outage.md"])

    [done] = [i for i in stored_items(db) if i.status == "done"]
    assert done.completed_on == dt.date(2026, 9, 3)


def test_overlong_fields_are_shortened_not_refused(db, settings, tmp_path):
    report = tmp_path / "long.md"
    severity = "Critical (customer facing, revenue impacting)"
    owner = "x" * 300
    report.write_text(
        f"---\ntitle: {'T' * 700}\nseverity: {severity}\n---\n"
        f"## Action items\n\n- Add a disk alert at 80% (Owner: {owner})\n"
    )

    [result] = ingest_paths(db, settings, [report])

    assert result.state == "new", result.message
    with db.session() as session:
        stored = session.scalars(select(Report)).one()
        assert stored.severity == severity[:19] + "…"
        assert len(stored.title) == 500


@pytest.mark.parametrize(
    "written,stored",
    [
        ("SEV2 (customer-facing, multi-region, revenue impacting)", "SEV2"),
        ("sev-1: total outage", "SEV1"),
        ("Sev 3", "SEV3"),
        ("High", "High"),
        ("P1", "P1"),
    ],
)
def test_severity_is_stored_as_its_sev_label_when_it_starts_with_one(
    db, settings, tmp_path, written, stored
):
    report = tmp_path / "sev.md"
    report.write_text(
        f"---\ntitle: Sev\nseverity: {written}\n---\n"
        "## Action items\n\n- Add a disk alert at 80% (Owner: @schen)\n"
    )

    ingest_paths(db, settings, [report])

    with db.session() as session:
        assert session.scalars(select(Report.severity)).one() == stored


def test_a_copy_is_skipped_and_a_move_keeps_the_items(db, settings, reports):
    original = reports / "search-outage.md"
    ingest_paths(db, settings, [original])
    ids = sorted(i.id for i in stored_items(db))

    copy = reports / "copy.md"
    shutil.copy(original, copy)
    [copied] = ingest_paths(db, settings, [copy])
    moved_to = reports / "renamed.md"
    original.rename(moved_to)
    [moved] = ingest_paths(db, settings, [moved_to])

    assert copied.state == "duplicate"
    assert moved.state == "moved"
    assert sorted(i.id for i in stored_items(db)) == ids
    with db.session() as session:
        [report] = session.scalars(select(Report)).all()
        assert report.source == str(moved_to.resolve())


def test_prune_flags_items_of_deleted_reports(db, settings, reports):
    from tracker.reports.ingest import retire_missing

    ingest_paths(db, settings, [reports])
    (reports / "search-outage.md").unlink()

    [retired] = retire_missing(db, [reports])

    assert retired.state == "retired" and retired.items == 3
    removed = [i for i in stored_items(db) if i.removed]
    assert len(removed) == 3
    assert retire_missing(db, [reports]) == []
