"""The open-items list: filters, sorting, pagination and the CSV export."""

import csv
import datetime as dt
import io
import re

import pytest

from tests.factories import make_item, make_person, make_report, make_team

D = dt.date


@pytest.fixture
def items(db):
    with db.session() as s:
        pay, ops = make_team(s, slug="pay", name="Payments"), make_team(s, slug="ops")
        sarah = make_person(s, name="Sarah Chen", email="schen@example.com")
        one = make_report(s, team_id=pay.id, severity="SEV1", title="Redis outage")
        two = make_report(s, team_id=ops.id, severity="SEV3", title="Disk full")
        ids = {
            "late": make_item(
                s,
                one,
                text="Late alert",
                due=D(2020, 1, 1),
                kind="detect",
                owner_raw="Sarah Chen",
                owner_person_id=sarah.id,
            ).id,
            "soon": make_item(s, one, text="Soon TTL", due=D(2099, 1, 1)).id,
            "done": make_item(s, two, text="Done runbook", status="done").id,
            "prog": make_item(s, two, text="Busy disk alarm", status="in_progress").id,
            "gone": make_item(s, two, text="Removed thing", removed=True).id,
        }
    return ids


def texts(response) -> list[str]:
    html = response.get_data(as_text=True)
    return re.findall(r'<td class="text"><a href="/items/\d+">([^<]+)</a>', html)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("", ["Late alert", "Soon TTL", "Busy disk alarm"]),
        ("?team=pay", ["Late alert", "Soon TTL"]),
        ("?owner=schen@example.com", ["Late alert"]),
        ("?status=done", ["Done runbook"]),
        ("?status=", ["Late alert", "Soon TTL", "Done runbook", "Busy disk alarm"]),
        ("?overdue=1", ["Late alert"]),
        ("?severity=sev3", ["Busy disk alarm"]),
        ("?kind=detect", ["Late alert"]),
    ],
)
def test_filters_narrow_the_list(editor, items, query, expected):
    assert texts(editor.get("/items" + query)) == expected


def test_the_report_filter(editor, items, db):
    from tracker.items.models import ActionItem

    with db.session() as s:
        report_id = s.get(ActionItem, items["prog"]).report_id

    assert texts(editor.get(f"/items?report={report_id}")) == ["Busy disk alarm"]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("?sort=due&dir=desc", ["Soon TTL", "Late alert", "Busy disk alarm"]),
        ("?sort=severity", ["Late alert", "Soon TTL", "Busy disk alarm"]),
        ("?sort=team", ["Busy disk alarm", "Late alert", "Soon TTL"]),
        ("?sort=id&dir=desc", ["Busy disk alarm", "Soon TTL", "Late alert"]),
    ],
)
def test_sorting(editor, items, query, expected):
    assert texts(editor.get("/items" + query)) == expected


def test_pages_of_25_link_to_the_next(editor, db):
    with db.session() as s:
        report = make_report(s)
        for n in range(30):
            make_item(s, report, text=f"Item number {n:02d}")

    first = editor.get("/items?size=25&sort=id")
    second = editor.get("/items?size=25&sort=id&page=2")

    assert len(texts(first)) == 25 and len(texts(second)) == 5
    assert "Page 1 of 2" in first.get_data(as_text=True)
    assert 'href="/items?size=25&amp;sort=id&amp;page=2"' in first.get_data(
        as_text=True
    )


@pytest.mark.parametrize("query", ["?status=finished", "?page=0", "?size=7", "?sort=x"])
def test_bad_arguments_get_a_page_that_names_them(editor, query):
    response = editor.get("/items" + query)

    assert response.status_code == 400
    assert response.mimetype == "text/html"


def test_csv_export_follows_filters_and_sorting(editor, items):
    response = editor.get("/items.csv?sort=team&dir=asc")

    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["text"] for r in rows] == ["Busy disk alarm", "Late alert", "Soon TTL"]
    assert [r["team"] for r in rows] == ["ops", "pay", "pay"]


def test_csv_export_has_every_matching_row_and_defuses_formulas(editor, db):
    with db.session() as s:
        make_item(s, text='=HYPERLINK("http://evil")', owner_raw="@bob")

    response = editor.get("/items.csv?status=open_any")

    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["text"] for r in rows] == ['\'=HYPERLINK("http://evil")']
    assert rows[0]["owner"] == "'@bob"
    assert "attachment" in response.headers["Content-Disposition"]


ODD_QUERIES = [
    "/items?page=²",
    "/items?size=¹",
    "/items?report=²",
    "/reports?page=²",
    "/reports?page=99999999999999999999",
    "/items?report=99999999999999999999",
]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_numbers_in_the_query_are_a_400_not_a_500(editor, query):
    assert editor.get(query).status_code == 400


@pytest.mark.parametrize(
    "query", ["/items?page=٣", "/teams?weeks=¹²", "/items?page=1000000000"]
)
def test_more_odd_numbers_are_named_in_a_400(editor, query):
    response = editor.get(query)

    assert response.status_code == 400
    assert "is not" in response.get_data(as_text=True)


def test_a_page_past_the_end_shows_the_last_page(editor, items):
    listing = editor.get("/items?page=999999999").get_data(as_text=True)
    reports = editor.get("/reports?page=999999999").get_data(as_text=True)

    assert "page 1 of 1" in listing and "Late alert" in listing
    assert reports.count("data-report=") == 2


def test_sorting_by_owner_follows_the_name_shown(editor, db):
    with db.session() as s:
        report = make_report(s)
        zed = make_person(s, name="Zed Young")
        make_item(
            s, report, text="Written a, is Zed", owner_raw="a", owner_person_id=zed.id
        )
        make_item(s, report, text="Written Mia", owner_raw="Mia")
        make_item(s, report, text="Written bob", owner_raw="bob")
        make_item(s, report, text="No owner here")

    ascending = texts(editor.get("/items?sort=owner"))
    descending = texts(editor.get("/items?sort=owner&dir=desc"))

    assert ascending == [
        "Written bob",
        "Written Mia",
        "Written a, is Zed",
        "No owner here",
    ]
    assert descending == [
        "Written a, is Zed",
        "Written Mia",
        "Written bob",
        "No owner here",
    ]


def test_the_csv_export_is_not_cached(editor, items):
    response = editor.get("/items.csv")

    assert response.headers["Cache-Control"] == "no-store"
