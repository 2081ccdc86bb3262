"""Accountability findings in words a report's author can act on."""

from __future__ import annotations

import re

FINDINGS = {
    "vague": (
        "Vague",
        "Nobody could say when this is done: it names no concrete change or "
        "end state (think 'better monitoring'). Rewrite it as one verifiable "
        "change, e.g. 'Alert when Redis memory passes 80%'.",
    ),
    "no_owner": (
        "No owner",
        "Nobody is named, so nobody is accountable and nobody gets reminded. "
        "Name one person.",
    ),
    "team_owner": (
        "Team owner",
        "A team owns it, but teams do not finish work, people do. Name one "
        "person in that team; keep the team for escalations.",
    ),
    "unknown_owner": (
        "Unknown owner",
        "The owner as written matches nobody in the roster, so no reminder "
        "reaches them and the item counts for the report's team. Write the "
        "name, email or handle of someone in the roster, or add them to it.",
    ),
    "no_due_date": (
        "No due date",
        "Without a date the item can never be late, so it tends never to be "
        "done. Agree a date with the owner.",
    ),
    "no_action_items": (
        "No action items",
        "The report lists no prevention work, so nothing stops the incident "
        "from happening again. Add items with an owner and a date.",
    ),
}

ACCOUNTABLE_NOTE = (
    "the share of a report's action items that had no finding when it was "
    "read: one named person as owner, a due date, and a concrete change "
    "someone can check."
)

_JIRA_KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")


def explain(code: str) -> tuple[str, str]:
    """A short label and a sentence saying why it matters and how to fix it."""
    return FINDINGS.get(code, (code.replace("_", " ").capitalize(), ""))


def ticket_url(ticket: str | None, jira_url: str | None) -> str | None:
    """A link for an item's ticket: a web address as is, a key via Jira."""
    if not ticket:
        return None
    ticket = ticket.strip()
    if ticket.startswith(("https://", "http://")):
        return ticket
    if jira_url and _JIRA_KEY.match(ticket):
        return f"{jira_url.rstrip('/')}/browse/{ticket}"
    return None
