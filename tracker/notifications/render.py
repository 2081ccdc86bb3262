"""What a notification says: Block Kit with a text fallback, page texts, files.

Item text comes from reports and is untrusted: every piece of it goes
through ``escape`` so it can neither mention @channel nor inject links.
"""

from __future__ import annotations

from tracker.notifications.message import Line, Message

MAX_ITEMS_WITH_BUTTONS = 20
MAX_TEXT_ITEMS = 50
SECTION_TITLES = {
    "remind": "Due and overdue",
    "lead": "Escalated: overdue items on your team",
    "unowned": "Items without an owner",
}


def escape(text: str | None) -> str:
    """Slack mrkdwn control characters as entities, as Slack asks."""
    value = text or ""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slack_text(message: Message) -> str:
    """The plain-text fallback, also the body written to the outbox."""
    lines = [message.preface] if message.preface else []
    count = len(message.lines)
    noun = "items need" if count != 1 else "item needs"
    lines.append(f"{count} postmortem action {noun} attention:")
    for line in message.lines[:MAX_TEXT_ITEMS]:
        text = escape(clip(line.text, 300))
        lines.append(f"• #{line.item_id} {text} ({escape(line.reason)})")
    if count > MAX_TEXT_ITEMS:
        lines.append(f"…and {count - MAX_TEXT_ITEMS} more.")
    return "\n".join(lines)


def slack_blocks(message: Message) -> list[dict]:
    blocks: list[dict] = []
    if message.preface:
        blocks.append(_mrkdwn(escape(message.preface)))
    shown = 0
    for rule, title in SECTION_TITLES.items():
        lines = [line for line in message.lines if line.rule == rule]
        if not lines or shown >= MAX_ITEMS_WITH_BUTTONS:
            continue
        blocks.append({"type": "header", "text": _plain(title)})
        for line in lines[: MAX_ITEMS_WITH_BUTTONS - shown]:
            blocks.extend(item_blocks(line))
            shown += 1
    if len(message.lines) > shown:
        more = len(message.lines) - shown
        blocks.append(_context(f"…and {more} more; see the tracker."))
    return blocks


def item_blocks(line: Line, *, done_note: str | None = None) -> list[dict]:
    """A section for the item, then its buttons (or a note once acted on)."""
    details = [escape(line.reason)]
    if line.severity:
        details.append(escape(line.severity))
    if line.report_title:
        details.append(f"from _{escape(line.report_title)}_")
    text = f"*{escape(clip(line.text, 2000))}*\n#{line.item_id} · " + " · ".join(
        details
    )
    section = _mrkdwn(text, block_id=f"item-{line.item_id}")
    if done_note:
        return [section, _context(escape(done_note))]
    return [section, _buttons(line)]


def _buttons(line: Line) -> dict:
    value = str(line.item_id)
    buttons = [
        _button("Mark done", "mark_done", value, style="primary"),
        _button("Snooze a week", "snooze_week", value),
    ]
    if line.ticket_url:
        jira = _button("Open in Jira", "open_jira", value)
        jira["url"] = line.ticket_url
        buttons.append(jira)
    return {"type": "actions", "block_id": f"act-{line.item_id}", "elements": buttons}


def _button(label: str, action: str, value: str, style: str | None = None) -> dict:
    button = {
        "type": "button",
        "text": _plain(label),
        "action_id": action,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _plain(text: str) -> dict:
    return {"type": "plain_text", "text": text[:150], "emoji": True}


def _mrkdwn(text: str, block_id: str | None = None) -> dict:
    block: dict = {"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}
    if block_id:
        block["block_id"] = block_id
    return block


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:3000]}]}


def dedup_key(item_id: int) -> str:
    """Stable per item and escalation level (a page is level 2)."""
    return f"postmortem-tracker/item-{item_id}/level-2"


def page_summary(line: Line) -> str:
    severity = f"[{line.severity}] " if line.severity else ""
    return (
        f"{severity}Postmortem action item #{line.item_id}: {line.reason}: {line.text}"
    )


def page_details(line: Line) -> dict[str, str]:
    return {
        "item_id": str(line.item_id),
        "item": line.text[:500],
        "owner": line.owner_raw or "(none)",
        "report": line.report_title or "",
        "why": line.reason,
    }


def outbox_text(message: Message, *, channel: str, body: str) -> str:
    """One readable file per message for the embedded default."""
    header = [
        f"To: {message.recipient_label}",
        f"Via: {channel} (written to the outbox; not configured)",
        f"Kind: {message.kind}",
        f"Period: {message.period}",
        f"Key: {message.key}",
        f"Notification: {message.notification_id}",
        f"Created: {message.created_at.isoformat()}",
    ]
    return "\n".join(header) + "\n\n" + body + "\n"


def page_text(message: Message, action: str) -> str:
    """What an outbox file says for a page or a resolve."""
    lines = []
    for line in message.lines:
        lines.append(f"PagerDuty {action} dedup_key={dedup_key(line.item_id)}")
        lines.append(page_summary(line))
    return "\n".join(lines)
