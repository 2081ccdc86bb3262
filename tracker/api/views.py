"""JSON API: upload reports, list items."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from tracker.api.auth import require_reader, require_writer
from tracker.app import runtime
from tracker.errors import ExtractError, ValidationError
from tracker.items import queries
from tracker.items.schema import item_to_dict
from tracker.metrics.periods import local_today
from tracker.reports import ingest

bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_LIMIT = 500
# What most file systems allow, and well inside the report's source column.
MAX_FILENAME = 255
FLAG_VALUES = {
    "1": True,
    "true": True,
    "yes": True,
    "0": False,
    "false": False,
    "no": False,
}


@bp.before_request
def _authenticate() -> None:
    require_reader()


@bp.post("/reports")
def upload_report():  # type: ignore[no-untyped-def]
    require_writer()
    filename, data = _uploaded_file()
    result = ingest.ingest_upload(
        runtime().db, runtime().settings, filename=filename, data=data
    )
    if not result.ok:
        raise ExtractError(filename, result.message)

    body = result.report.to_json() if result.report else {}
    body.update(
        report_id=result.report_id, state=result.state, warnings=result.warnings
    )
    return jsonify(body), 201 if result.state == "new" else 200


@bp.get("/items")
def list_items():  # type: ignore[no-untyped-def]
    filters = item_filter_from(request.args)
    limit = _int_arg("limit", 100, upper=MAX_LIMIT)
    offset = _int_arg("offset", 0)
    today = local_today(runtime().settings.timezone)
    with runtime().db.session() as session:
        found = queries.get_all(
            session, filters=filters, today=today, limit=limit, offset=offset
        )
        total = queries.count(session, filters=filters, today=today)
        data = [item_to_dict(item, today=today) for item in found]
    return jsonify(items=data, total=total, limit=limit, offset=offset)


def item_filter_from(args) -> queries.ItemFilter:  # type: ignore[no-untyped-def]
    """The CLI's filters, read from query-string arguments."""
    overdue = _flag(args, "overdue")
    report = args.get("report") or None
    if report is not None and not _is_id(report):
        raise ValidationError("report", f"{report!r} is not a report id.")
    return queries.ItemFilter(
        team=args.get("team") or None,
        owner=args.get("owner") or None,
        status=args.get("status") or None,
        overdue=overdue,
        severity=args.get("severity") or None,
        kind=args.get("kind") or None,
        report_id=int(report) if report else None,
    )


def _flag(args, name: str) -> bool:  # type: ignore[no-untyped-def]
    """A yes/no argument: absent is no; a value that is neither is refused."""
    raw = args.get(name)
    if raw is None:
        return False
    if raw.lower() in FLAG_VALUES:
        return FLAG_VALUES[raw.lower()]
    raise ValidationError(
        name, f"{raw[:40]!r} is not one of 1, true, yes, 0, false, no."
    )


def _uploaded_file() -> tuple[str, bytes]:
    """The report: a multipart field 'file', or the raw body with ?filename=.

    A raw body is read before anything parses it as a form: curl sends
    ``--data-binary`` as form-encoded unless told otherwise, and parsing it
    as a form would swallow the report.
    """
    filename = request.args.get("filename")
    if filename and request.mimetype != "multipart/form-data":
        return _checked_name(filename), request.get_data(parse_form_data=False)

    upload = request.files.get("file")
    if upload is not None:
        name = upload.filename or filename or "upload"
        return _checked_name(name), upload.read()
    raise ValidationError(
        "file",
        "Send the report as a multipart field 'file', or as the raw body "
        "with ?filename=name.md.",
    )


def _checked_name(name: str) -> str:
    """A file name that can be stored and shown as sent: short and printable."""
    if len(name) > MAX_FILENAME:
        raise ValidationError(
            "filename", f"Keep the file name to {MAX_FILENAME} characters or fewer."
        )
    if not name.isprintable():
        raise ValidationError(
            "filename",
            f"{name[:40]!r} holds a control character; use a plain file name.",
        )
    return name


def _int_arg(name: str, default: int, upper: int | None = None) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not _is_id(raw):
        raise ValidationError(name, f"{raw!r} is not a whole number below 10^9.")
    value = int(raw)
    return min(value, upper) if upper else value


def _is_id(raw: str) -> bool:
    """Plain ASCII digits small enough for any database's integer column."""
    return raw.isascii() and raw.isdigit() and len(raw) <= 9
