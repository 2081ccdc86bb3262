"""The digest as an email: a plain-text part and an HTML part.

Templates live in tracker/templates/digest/; the HTML part escapes every
piece of report text (autoescape), and both parts carry the same figures.
"""

from __future__ import annotations

import email.utils
from email.message import EmailMessage

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tracker.digest.build import Digest
from tracker.metrics.format import change, percent, points

_env = Environment(
    loader=PackageLoader("tracker", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters.update(percent=percent, points=points)
_env.globals.update(change=change)


def render_text(digest: Digest) -> str:
    return _env.get_template("digest/email.txt").render(d=digest)


def render_html(digest: Digest) -> str:
    return _env.get_template("digest/email.html").render(d=digest)


def subject(digest: Digest) -> str:
    week = digest.week.week_key
    if digest.partial:
        week = f"{week} (partial, as of {digest.as_of})"
    if digest.is_empty:
        return f"Postmortem follow-up, week {week}: nothing to report"
    return (
        f"Postmortem follow-up, week {week}: "
        f"{percent(digest.totals.completion_rate)} of due items done, "
        f"{digest.overdue_total} overdue"
    )


def message_id(week_key: str, sender: str) -> str:
    """One id per week, so that every retry sends the same message."""
    domain = sender.rpartition("@")[2] or "localhost"
    return f"<digest-{week_key}@{domain}>"


def to_message(
    digest: Digest, *, sender: str, recipients: tuple[str, ...]
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject(digest)
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = email.utils.formatdate(localtime=False)
    message["Message-ID"] = message_id(digest.week.week_key, sender)
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message
