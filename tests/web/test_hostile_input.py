"""Input no database can take is refused before a query runs, on every route."""

import datetime as dt

import pytest

from tests.factories import make_item
from tests.web.support import post
from tracker.items.models import ActionItem

PG_INT_PAST = 3_000_000_000
SQLITE_INT_PAST = 2**63


@pytest.fixture
def item_id(db):
    with db.session() as s:
        return make_item(s, due=dt.date(2027, 1, 31)).id


def load(db, item_id):
    with db.session() as s:
        item = s.get(ActionItem, item_id)
        s.expunge_all()
        return item


@pytest.mark.parametrize(
    "url,field",
    [
        ("/items?owner=%00", "owner"),
        ("/items?team=a%00b", "team"),
        ("/items.csv?owner=%00", "owner"),
        ("/teams/%00", "path"),
        ("/reports?page=1%00", "page"),
    ],
)
def test_a_nul_in_a_page_address_is_a_400_page_naming_it(editor, url, field):
    response = editor.get(url)

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert f"{field}: holds a NUL character" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "action,data,field",
    [
        ("owner", {"owner": "Ben\x00Okafor"}, "owner"),
        ("status", {"status": "wont_do", "reason": "moved\x00on"}, "reason"),
    ],
)
def test_a_nul_in_an_edit_is_refused_and_stores_nothing(
    editor, db, item_id, action, data, field
):
    response = post(editor, f"/items/{item_id}/{action}", data)

    assert response.status_code == 400
    assert f"{field}: holds a NUL character" in response.get_data(as_text=True)
    item = load(db, item_id)
    assert (item.owner_raw, item.status) == (None, "open")


@pytest.mark.parametrize("number", [PG_INT_PAST, SQLITE_INT_PAST, 0])
@pytest.mark.parametrize("path", ["/items/{}", "/reports/{}", "/people/{}"])
def test_an_id_out_of_range_is_a_404(editor, path, number):
    response = editor.get(path.format(number))

    assert response.status_code == 404 and response.mimetype == "text/html"


def test_an_edit_of_an_id_out_of_range_is_a_404(editor):
    response = post(editor, f"/items/{PG_INT_PAST}/status", {"status": "done"})

    assert response.status_code == 404


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_a_wrong_method_is_a_405_before_the_csrf_check(editor, item_id, method):
    response = editor.open(f"/items/{item_id}/status", method=method)

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "csrf" not in response.get_data(as_text=True).lower()


@pytest.mark.parametrize(
    "action,day",
    [
        ("due", "0001-01-01"),
        ("due", "1999-12-31"),
        ("due", "9999-12-31"),
        ("snooze", "9999-12-31"),
    ],
)
def test_an_absurd_day_is_refused_naming_the_field(editor, db, item_id, action, day):
    response = post(
        editor, f"/items/{item_id}/{action}", {"day": day}, follow_redirects=True
    )

    assert "day: " in response.get_data(as_text=True)
    item = load(db, item_id)
    assert (item.due, item.snoozed_until) == (dt.date(2027, 1, 31), None)


def test_a_due_date_within_the_window_is_saved(editor, db, item_id):
    day = dt.date.today() + dt.timedelta(days=4 * 365)

    post(editor, f"/items/{item_id}/due", {"day": day.isoformat()})

    assert load(db, item_id).due == day


def test_the_api_answers_a_session_with_no_store(editor):
    response = editor.get("/api/v1/items")

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
