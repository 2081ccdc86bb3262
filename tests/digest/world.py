"""A small week of data whose digest figures are counted by hand.

Week 2026-W49 runs Mon 30 Nov to Sun 6 Dec; the digest is judged on Mon 7
Dec. Payments: 2 of 3 due items done (67%), 1 of 2 on time (50%); the week
before 1 of 2 (50%) and 1 of 1 (100%): +17 and -50 points. Operations: 1 of
1 and 1 of 1, nothing the week before. The oldest overdue item is Sarah
Chen's, due 1 Sep: 97 days. One postmortem came in during the week, with
one item lacking an owner, one lacking a date and one vague, and a title
that tries to run a script. One lead escalation went out on 3 Dec.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from tests.factories import make_item, make_person, make_report, make_team

D = dt.date
OLD = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
HOSTILE_TITLE = "Checkout <script>alert(1)</script> outage"


def build_world(session: Session) -> dict[str, int]:
    pay = make_team(session, slug="pay", name="Payments")
    ops = make_team(session, slug="ops", name="Operations")
    sarah = make_person(session, name="Sarah Chen", team_id=ops.id)
    pay_report = make_report(session, team_id=pay.id, ingested_at=OLD)
    ops_report = make_report(session, team_id=ops.id, ingested_at=OLD)

    def pay_item(due, status="open", done=None):
        return make_item(
            session,
            pay_report,
            owner_raw="x",
            due=due,
            status=status,
            completed_on=done,
        )

    pay_item(D(2026, 12, 1), "done", D(2026, 12, 1))
    pay_item(D(2026, 12, 3), "done", D(2026, 12, 5))
    pay_item(D(2026, 12, 4))
    pay_item(D(2026, 11, 24), "done", D(2026, 11, 24))
    pay_item(D(2026, 11, 25))
    make_item(
        session,
        ops_report,
        due=D(2026, 12, 2),
        status="done",
        completed_on=D(2026, 12, 2),
    )
    oldest = make_item(
        session,
        ops_report,
        text="Add Redis memory alerts at 80% threshold",
        owner_raw="Sarah Chen",
        owner_person_id=sarah.id,
        due=D(2026, 9, 1),
    )
    new = make_report(
        session,
        team_id=pay.id,
        title=HOSTILE_TITLE,
        severity="SEV1",
        ingested_at=dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC),
    )
    make_item(session, new, due=D(2027, 1, 10), problems=["no_owner"])
    make_item(session, new, owner_raw="x", problems=["no_due_date"])
    make_item(
        session,
        new,
        owner_raw="x",
        due=D(2027, 1, 10),
        problems=["vague"],
        text="Better monitoring",
    )
    _escalate(session, oldest.id)
    return {"oldest": oldest.id, "new_report": new.id}


def _escalate(session: Session, item_id: int) -> None:
    from tracker.notifications.service import Link, enqueue

    sent = dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC)
    note = enqueue(
        session,
        recipient="lead@example.com",
        kind="reminder",
        period="2026-12-03",
        team_slug="ops",
        links=[Link(item_id, "lead:2026-12-03", "lead", "overdue 93 days")],
        now=sent,
    )
    assert note is not None
    note.state, note.sent_at = "sent", sent
