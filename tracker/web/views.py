"""Dashboard pages: parse the request, load or change through a service, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from tracker.app import runtime
from tracker.auth import guard
from tracker.errors import ValidationError
from tracker.metrics.periods import local_today
from tracker.web import actions, charts, export, forms, listing, pages, scoreboard
from tracker.web.findings import ACCOUNTABLE_NOTE, explain, ticket_url

bp = Blueprint("web", __name__)

REPORTS_PER_PAGE = 50


def today() -> dt.date:
    """Today in the configured timezone."""
    return local_today(runtime().settings.timezone)


def url_with(**changes: object) -> str:
    """This page's address with some query arguments changed (None drops one)."""
    args = request.args.to_dict()
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = str(value)
    values: dict[str, Any] = {**(request.view_args or {}), **args}
    return url_for(request.endpoint or "web.index", **values)


for _helper in (explain, today, url_with):
    bp.add_app_template_global(_helper)


@bp.app_context_processor
def _notes() -> dict[str, str]:
    return {"accountable_note": ACCOUNTABLE_NOTE}


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    return redirect(url_for("web.items"))


@bp.get("/items")
def items():  # type: ignore[no-untyped-def]
    filters = forms.item_filter(request.args)
    order = listing.Order(
        request.args.get("sort", "due"), request.args.get("dir", "asc")
    )
    size = forms.choice(request.args, "size", listing.PAGE_SIZES, 50)
    number = forms.positive_int(request.args, "page", 1)
    with runtime().db.session() as session:
        page = listing.page_of_items(
            session,
            filters=filters,
            order=order,
            today=today(),
            number=number,
            size=size,
        )
        choices = listing.filter_choices(session)
        return render_template(
            "items/list.html", page=page, filters=filters, order=order, choices=choices
        )


@bp.get("/items.csv")
def items_csv():  # type: ignore[no-untyped-def]
    filters = forms.item_filter(request.args)
    order = listing.Order(
        request.args.get("sort", "due"), request.args.get("dir", "asc")
    )
    day, db = today(), runtime().db

    def generate():  # type: ignore[no-untyped-def]
        with db.session() as session:
            found = listing.iter_items(session, filters=filters, order=order, today=day)
            yield from export.csv_lines(found, today=day)

    headers = {
        "Content-Disposition": f'attachment; filename="items-{day}.csv"',
        "Cache-Control": "no-store",
    }
    return Response(
        stream_with_context(generate()), mimetype="text/csv", headers=headers
    )


@bp.get("/items/<id:item_id>")
def item(item_id: int):  # type: ignore[no-untyped-def]
    with runtime().db.session() as session:
        detail = pages.item_detail(session, item_id=item_id)
        link = ticket_url(detail.item.ticket, runtime().settings.jira.url)
        return render_template("items/detail.html", detail=detail, ticket_link=link)


@bp.post("/items/<id:item_id>/<any(owner, due, status, snooze):action>")
def edit(item_id: int, action: str):  # type: ignore[no-untyped-def]
    principal = guard.require("editor")
    try:
        change = forms.parse_edit(action, request.form, today=today())
        message = actions.edit_item(
            runtime().db,
            item_id=item_id,
            actor=principal.actor,
            edit=change,
            today=today(),
        )
    except ValidationError as exc:
        flash(exc.message, "error")
    else:
        flash(message, "info")
    return redirect(url_for("web.item", item_id=item_id))


@bp.get("/reports")
def reports():  # type: ignore[no-untyped-def]
    number = forms.positive_int(request.args, "page", 1)
    with runtime().db.session() as session:
        found = pages.reports_page(session, number=number, size=REPORTS_PER_PAGE)
        return render_template("reports/list.html", page=found)


@bp.get("/reports/<id:report_id>")
def report(report_id: int):  # type: ignore[no-untyped-def]
    with runtime().db.session() as session:
        detail = pages.report_detail(session, report_id=report_id)
        return render_template("reports/detail.html", detail=detail)


@bp.get("/teams")
def teams():  # type: ignore[no-untyped-def]
    weeks = forms.choice(request.args, "weeks", scoreboard.WINDOWS, 4)
    sort = request.args.get("sort", "completion")
    with runtime().db.session() as session:
        board = scoreboard.scoreboard(
            session,
            weeks=weeks,
            today=today(),
            tz=runtime().settings.timezone,
            sort=sort,
        )
        chart = charts.trend_chart(board.trend, title="All teams, last 12 weeks")
        return render_template(
            "teams/scoreboard.html",
            board=board,
            chart=chart,
            weeks=weeks,
            sort=sort,
            windows=scoreboard.WINDOWS,
            sparkline=charts.sparkline,
        )


@bp.get("/teams/<slug>")
def team(slug: str):  # type: ignore[no-untyped-def]
    weeks = forms.choice(request.args, "weeks", scoreboard.WINDOWS, 4)
    with runtime().db.session() as session:
        view = scoreboard.team_page(
            session,
            slug=slug,
            weeks=weeks,
            today=today(),
            tz=runtime().settings.timezone,
        )
        chart = charts.trend_chart(view.trend, title=f"{view.team.name}, last 12 weeks")
        return render_template(
            "teams/detail.html",
            view=view,
            chart=chart,
            weeks=weeks,
            windows=scoreboard.WINDOWS,
        )


@bp.get("/people/<id:person_id>")
def person(person_id: int):  # type: ignore[no-untyped-def]
    with runtime().db.session() as session:
        detail = pages.person_detail(session, person_id=person_id, today=today())
        return render_template("people/detail.html", detail=detail)


@bp.get("/me")
def me():  # type: ignore[no-untyped-def]
    principal = guard.require("viewer")
    with runtime().db.session() as session:
        found = pages.person_for_email(session, email=principal.email)
        person_id = found.id if found else None
    if person_id is None:
        flash(
            f"No one in the roster has the email of {principal.login}; "
            "showing every open item instead.",
            "info",
        )
        return redirect(url_for("web.items"))
    return redirect(url_for("web.person", person_id=person_id))
