import datetime as dt

import pytest

from tests.factories import make_item
from tracker.errors import ValidationError
from tracker.items import service


def test_update_writes_one_event_per_changed_field(session):
    item = make_item(session, due=dt.date(2026, 11, 1))

    changed = service.update(
        session, item=item, actor="user:ana", due=dt.date(2026, 12, 1), kind=None
    )

    assert changed == ["due"]
    event = item.events[-1]
    assert (event.field, event.old_value, event.new_value, event.actor) == (
        "due",
        "2026-11-01",
        "2026-12-01",
        "user:ana",
    )


def test_done_dates_the_item_and_reopen_clears_it(session):
    item = make_item(session)

    service.set_status(
        session, item=item, status="done", actor="jira", on=dt.date(2026, 11, 3)
    )
    assert (item.status, item.completed_on) == ("done", dt.date(2026, 11, 3))

    service.set_status(session, item=item, status="open", actor="jira")
    assert (item.status, item.completed_on) == ("open", None)


def test_wont_do_needs_a_reason(session):
    item = make_item(session)

    with pytest.raises(ValidationError, match="reason"):
        service.set_status(session, item=item, status="wont_do", actor="user:ana")


@pytest.mark.parametrize("field,value", [("status", "finished"), ("report_id", 3)])
def test_update_refuses_unknown_values(session, field, value):
    item = make_item(session)

    with pytest.raises(ValidationError, match=field):
        service.update(session, item=item, actor="x", **{field: value})


def test_removed_items_are_kept_and_logged(session):
    item = make_item(session)

    service.mark_removed(session, item=item, actor="ingest")
    service.mark_removed(session, item=item, actor="ingest")

    assert item.removed
    assert [e.action for e in item.events] == ["created", "removed"]


def test_saving_the_same_status_again_keeps_the_completion_date(session):
    item = make_item(session)
    service.set_status(
        session, item=item, status="done", actor="t", on=dt.date(2026, 11, 5)
    )

    changed = service.set_status(
        session, item=item, status="done", actor="t", on=dt.date(2026, 12, 1)
    )

    assert changed == [] and item.completed_on == dt.date(2026, 11, 5)
