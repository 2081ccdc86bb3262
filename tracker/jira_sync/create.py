"""New issues for open items, in bulk, and never twice.

For each batch: (1) the links are written as ``pending`` intents and
committed, (2) one bulk create is sent, (3) the outcome is committed. If
(2) fails in a way that may have created issues (timeout, 5xx, dropped
connection), the items' marker labels are searched and nothing of the
batch is sent again in this run: Jira's search lags its writes, so an
issue the search misses may exist. Pending links are searched again at the
start of every later run, and only those still unseen ``recreate_after``
seconds after their intent are created anew. The unique ``item_id`` of a
link keeps two runs from claiming the same item.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from integrations.jira import JiraIssue, JiraRejected, JiraUnavailable
from tracker.db import utcnow
from tracker.items.models import OPEN_STATUSES, ActionItem
from tracker.jira_sync import fields, linking
from tracker.jira_sync.context import Run
from tracker.jira_sync.models import FAILED, LINKED, PENDING, JiraLink
from tracker.people.models import Person
from tracker.reports.models import Report

log = logging.getLogger(__name__)


@dataclass
class Planned:
    """One issue to create: the fields to send and what to remember."""

    item_id: int
    fields: dict[str, Any]
    local: dict[str, Any]
    owner: linking.OwnerTarget
    assignee: str | None = None
    assignee_note: str | None = None
    warnings: list[str] = field(default_factory=list)


def create_all(run: Run) -> None:
    """Create issues for every open item that has none, batch by batch."""
    after = 0
    while True:
        with run.session() as session:
            candidates = _candidates(session, run, after)
            plans = [p for p in (_plan(run, session, i) for i in candidates) if p]
            after = max((item.id for item in candidates), default=after)
        if not candidates:
            return
        for plan in plans:
            _assign(run, plan)
        if run.dry_run:
            _describe(run, plans)
            continue
        batch = _claim(run, plans)
        if batch is not None:
            _send(run, batch, plans)


def _candidates(session: Session, run: Run, after: int) -> list[ActionItem]:
    """The next batch of open items without an issue, by id, after ``after``."""
    query = (
        select(ActionItem)
        .outerjoin(JiraLink, JiraLink.item_id == ActionItem.id)
        .where(
            ActionItem.id > after,
            ActionItem.removed.is_(False),
            ActionItem.status.in_(OPEN_STATUSES),
            or_(ActionItem.ticket.is_(None), ActionItem.ticket == ""),
            or_(JiraLink.id.is_(None), JiraLink.state == FAILED),
        )
        .options(
            selectinload(ActionItem.report).selectinload(Report.team),
            selectinload(ActionItem.owner_person).selectinload(Person.team),
            selectinload(ActionItem.owner_team),
        )
        .order_by(ActionItem.id)
    )
    return list(session.scalars(query.limit(run.jira.batch_size)))


def _plan(run: Run, session: Session, item: ActionItem) -> Planned | None:
    project = fields.project_for(item, run.jira)
    if not project:
        message = (
            "No Jira project: set TRACKER_JIRA_PROJECT or the team's "
            "jira_project in the roster."
        )
        _fail_unsent(session, item, run, message)
        return None

    data: dict[str, Any] = {
        "project": {"key": project},
        "issuetype": {"name": run.jira.issue_type},
        "summary": fields.summary_for(item.text),
        "description": fields.description_for(item, run.settings),
        "labels": _labels(run, item.id),
    }
    if item.due:
        data["duedate"] = item.due.isoformat()
    priority = fields.priority_for(item.report.severity, run.jira)
    if priority:
        data["priority"] = {"name": priority}
    local = fields.local_state(item, run.settings)
    return Planned(item.id, data, local, linking.owner_target(item))


def _assign(run: Run, plan: Planned) -> None:
    """Resolve the owner to a Jira user (network; outside any transaction)."""
    user_id, problem = linking.resolve(run, plan.owner)
    plan.assignee, plan.assignee_note = user_id, problem
    if user_id:
        plan.fields["assignee"] = fields.user_ref(user_id, cloud=run.client.cloud)


def _labels(run: Run, item_id: int) -> list[str]:
    marker = [fields.sync_label(run.jira), fields.item_label(run.jira, item_id)]
    extra = [label for label in run.jira.labels if label not in marker]
    return marker + extra


def _fail_unsent(session: Session, item: ActionItem, run: Run, message: str) -> None:
    run.summary.note(f"failed item #{item.id}: {message}")
    link = session.scalar(select(JiraLink).where(JiraLink.item_id == item.id))
    if link is None:
        link = JiraLink(item_id=item.id, state=FAILED, synced={})
        session.add(link)
    link.state = FAILED
    link.fail(message)
    run.summary.failed += 1


def _describe(run: Run, plans: list[Planned]) -> None:
    for plan in plans:
        who = plan.assignee or "unassigned"
        project = plan.fields["project"]["key"]
        run.summary.note(f"would create in {project} for item #{plan.item_id} ({who})")
        run.summary.created += 1


def _claim(run: Run, plans: list[Planned]) -> str | None:
    """Commit the intents; None when another run claimed an item first."""
    batch = uuid.uuid4().hex
    try:
        with run.session() as session:
            for plan in plans:
                link = session.scalar(
                    select(JiraLink).where(JiraLink.item_id == plan.item_id)
                )
                if link is None:
                    link = JiraLink(item_id=plan.item_id, synced={})
                    session.add(link)
                elif link.state != FAILED:
                    raise IntegrityError("claimed", None, Exception("claimed"))
                link.state, link.batch, link.intent_at = PENDING, batch, utcnow()
                link.project = plan.fields["project"]["key"]
    except IntegrityError:
        log.warning("jira create batch skipped: items claimed by another run")
        return None
    return batch


def _send(run: Run, batch: str, plans: list[Planned]) -> None:
    """Create the batch's issues; resolve an unknown outcome before resending."""
    waiting = list(plans)
    for attempt in range(run.jira.max_retries + 1):
        if not waiting:
            return
        run.keep_lease()
        try:
            waiting = _create_round(run, batch, waiting)
        except JiraUnavailable as exc:
            log.warning("jira bulk create failed batch=%s: %s", batch, exc)
            if exc.maybe_applied:
                _resolve_unknown(run, waiting)
                return
            time.sleep(_pause(run, exc, attempt))
        except JiraRejected as exc:
            _mark_failed(run, waiting, f"Jira refused the create: {exc}")
            return
    _mark_failed(run, waiting, "Jira kept failing; the next run tries again.")


def _resolve_unknown(run: Run, plans: list[Planned]) -> None:
    """After a lost reply: link what the marker search finds, send nothing.

    The rest stay ``pending``; a later run's ``recover_stale`` searches for
    them again once Jira's index has caught up.
    """
    local = {p.item_id: p.local for p in plans}
    if not recover(run, list(local), local=local):
        run.summary.note(f"{len(plans)} items wait for their marker search")
        return
    found, unseen = _split_found(run, plans)
    _flag_found(run, found)
    if unseen:
        listed = ", ".join(f"#{p.item_id}" for p in unseen)
        run.summary.note(
            f"{len(unseen)} items may have been created by a lost reply ({listed}); "
            "not sent again, the next run searches for them first"
        )


def _pause(run: Run, exc: JiraUnavailable, attempt: int) -> float:
    if exc.retry_after is not None:
        return exc.retry_after
    return min(run.jira.retry_base_delay * 2**attempt, run.jira.retry_max_delay)


def _create_round(run: Run, batch: str, plans: list[Planned]) -> list[Planned]:
    """One bulk call; returns the plans to send again without a refused field."""
    outcomes = run.client.create_issues([p.fields for p in plans])
    again: list[Planned] = []
    with run.session() as session:
        for plan, outcome in zip(plans, outcomes, strict=True):
            if outcome.issue_id and outcome.issue_key:
                _record_created(run, session, plan, outcome.issue_id, outcome.issue_key)
            elif _drop_optional(plan, outcome.errors):
                again.append(plan)
            else:
                _record_refused(run, session, plan, outcome.errors)
    return again


def _drop_optional(plan: Planned, errors: dict[str, str]) -> bool:
    """Drop the fields Jira refused when they are all optional; warn."""
    refused = [name for name in errors if name in plan.fields]
    if not refused or set(errors) - set(fields.OPTIONAL_FIELDS):
        return False
    for name in refused:
        plan.fields.pop(name)
        plan.warnings.append(f"Jira did not take {name} ({errors[name]}); kept here.")
        log.warning("jira refused field=%s item_id=%s", name, plan.item_id)
        if name == "assignee":
            plan.assignee_note = f"Jira refused the assignee: {errors[name]}"
            plan.assignee = None
    return True


def _record_created(
    run: Run, session: Session, plan: Planned, issue_id: str, key: str
) -> None:
    link = session.scalar(select(JiraLink).where(JiraLink.item_id == plan.item_id))
    assert link is not None
    remote = {
        "assignee": plan.assignee,
        "due": plan.fields.get("duedate"),
        "status": "open",
    }
    linking.mark_linked(
        session, link, issue_id=issue_id, key=key, remote=remote, local=plan.local
    )
    linking.flag_assignee(run, session, link, plan.assignee_note)
    if plan.warnings:
        link.fail("warning: " + " ".join(plan.warnings))
    run.summary.created += 1
    run.summary.note(f"created {key} for item #{plan.item_id}")
    run.created_keys.append(key)


def _record_refused(
    run: Run, session: Session, plan: Planned, errors: dict[str, str]
) -> None:
    link = session.scalar(select(JiraLink).where(JiraLink.item_id == plan.item_id))
    assert link is not None
    detail = "; ".join(f"{k or 'issue'}: {v}" for k, v in errors.items())
    link.state = FAILED
    link.fail(f"Jira refused the new issue: {detail}")
    run.summary.failed += 1
    run.summary.note(f"failed item #{plan.item_id}: {detail}")


def _mark_failed(run: Run, plans: list[Planned], message: str) -> None:
    with run.session() as session:
        for plan in plans:
            link = session.scalar(
                select(JiraLink).where(JiraLink.item_id == plan.item_id)
            )
            if link is not None and link.state == PENDING:
                link.state = FAILED
                link.fail(message)
                run.summary.failed += 1


def _split_found(run: Run, plans: list[Planned]) -> tuple[list[Planned], list[Planned]]:
    """The plans whose issue the marker search found, and those still to send."""
    ids = [p.item_id for p in plans]
    with run.session() as session:
        pending = set(
            session.scalars(
                select(JiraLink.item_id).where(
                    JiraLink.item_id.in_(ids), JiraLink.state == PENDING
                )
            )
        )
    found = [p for p in plans if p.item_id not in pending]
    return found, [p for p in plans if p.item_id in pending]


def _flag_found(run: Run, plans: list[Planned]) -> None:
    """Flag found issues whose owner Jira did not know or did not keep."""
    with run.session() as session:
        for plan in plans:
            link = session.scalar(
                select(JiraLink).where(JiraLink.item_id == plan.item_id)
            )
            if link is None or link.state != LINKED:
                continue
            kept = (link.synced.get("remote") or {}).get("assignee")
            note = plan.assignee_note
            if plan.assignee and kept != plan.assignee:
                note = f"Jira did not keep the assignee {plan.assignee}"
            linking.flag_assignee(run, session, link, note)


def recover(
    run: Run, item_ids: list[int], *, local: dict[int, dict[str, Any]] | None = None
) -> bool:
    """Find issues a lost create made, by marker; False if Jira cannot say."""
    if run.jira.recovery_delay:
        time.sleep(run.jira.recovery_delay)
    found: dict[int, JiraIssue] = {}
    try:
        for chunk in _chunks(item_ids, run.jira.page_size):
            labels = ", ".join(
                fields.quote(fields.item_label(run.jira, i)) for i in chunk
            )
            jql = f"labels in ({labels}) ORDER BY created ASC"
            for page in run.client.search_all(jql):
                for issue in page:
                    item_id = fields.item_id_from(run.jira, issue.labels)
                    if item_id is not None:
                        found.setdefault(item_id, issue)
    except JiraUnavailable as exc:
        log.warning("jira marker search failed; intents stay pending: %s", exc)
        return False

    linking.adopt(run, found, item_ids, local=local)
    return True


def recover_stale(run: Run) -> None:
    """Resolve the pending intents that earlier runs left."""
    with run.session() as session:
        ids = list(
            session.scalars(select(JiraLink.item_id).where(JiraLink.state == PENDING))
        )
    if ids and not run.dry_run:
        log.warning("jira sync resolving %d interrupted creates", len(ids))
        if recover(run, ids):
            _release_unseen(run, ids)


def _release_unseen(run: Run, item_ids: list[int]) -> None:
    """Intents still unseen ``recreate_after`` seconds on are created anew.

    Younger ones stay pending: their issue may exist and not be indexed yet.
    """
    cutoff = utcnow() - dt.timedelta(seconds=run.jira.recreate_after)
    with run.session() as session:
        links = session.scalars(
            select(JiraLink).where(
                JiraLink.item_id.in_(item_ids), JiraLink.state == PENDING
            )
        )
        for link in links:
            if link.intent_at is not None and link.intent_at > cutoff:
                run.summary.note(f"item #{link.item_id} still waits for its marker")
                continue
            link.state = FAILED
            link.fail("No issue carries this item's marker; it is created again.")


def _chunks(values: list[int], size: int) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]
