"""Rules that every request meets before any view reads it.

PostgreSQL refuses text holding a NUL character and integers past
2**31 - 1, SQLite integers past 2**63 - 1; either would fail deep inside a
query as a 500. Checked here once, they hold for every route, also for
routes added later.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import request
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import IntegerConverter, Map

from tracker.db import MAX_ID
from tracker.errors import ValidationError

SIGNED_PREFIXES = ("/hooks/", "/slack/")
API_PREFIX = "/api/"


class IdConverter(IntegerConverter):
    """``<id:name>``: an id any database can look up; anything else is a 404."""

    # At most ten digits, so int() never meets a 5,000-digit number.
    regex = r"\d{1,10}"

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def check_request() -> None:
    """``before_request`` for the whole app, run before sign-in and CSRF.

    A method a route does not take is a 405 even for a caller who is not
    signed in or sent no CSRF token: the answer says what is wrong with
    the request, not with the caller.
    """
    if isinstance(request.routing_exception, MethodNotAllowed):
        raise request.routing_exception

    if "\x00" in request.path:
        raise _nul_error("path")
    for name, value in _fields():
        if "\x00" in name or "\x00" in value:
            raise _nul_error(name.replace("\x00", "\\x00"))


def _fields() -> Iterator[tuple[str, str]]:
    """Query arguments, form fields and upload file names, as (field, value).

    The webhooks' bodies are read by their own parsers after the signature
    check, and an API upload sent as a raw body is a report, not a form,
    so neither is parsed as a form here.
    """
    yield from request.args.items(multi=True)
    if request.path.startswith(SIGNED_PREFIXES):
        return
    if request.path.startswith(API_PREFIX) and not _is_multipart():
        return
    yield from request.form.items(multi=True)
    for upload in request.files.values():
        yield "filename", upload.filename or ""


def _is_multipart() -> bool:
    return request.mimetype == "multipart/form-data"


def _nul_error(field: str) -> ValidationError:
    return ValidationError(
        field,
        "holds a NUL character (\\x00), which no field may contain; "
        "remove it and send the request again.",
    )
