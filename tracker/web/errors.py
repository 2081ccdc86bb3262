"""Error pages: HTML for the dashboard, the JSON shape everywhere else."""

from __future__ import annotations

from flask import has_request_context, render_template, request

JSON_PREFIXES = ("/api/", "/hooks/", "/slack/", "/healthz")
TITLES = {
    400: "That request did not work",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed here",
    413: "Too large",
    429: "Slow down",
}


def wants_page() -> bool:
    """True for a dashboard path; the API and webhooks keep the JSON shape."""
    return has_request_context() and not request.path.startswith(JSON_PREFIXES)


def error_page(status: int, message: str):  # type: ignore[no-untyped-def]
    title = TITLES.get(status, "Something went wrong")
    page = render_template("error.html", status=status, title=title, message=message)
    return page, status
