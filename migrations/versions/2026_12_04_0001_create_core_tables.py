"""Create the core tables: teams, people, reports, items and events.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from alembic import op
import sqlalchemy as sa


revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("slack_channel", sa.String(length=80), nullable=True),
        sa.Column("jira_project", sa.String(length=40), nullable=True),
        sa.Column("pagerduty_routing_key", sa.String(length=80), nullable=True),
        sa.Column("pagerduty_escalation_policy", sa.String(length=40), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
        sa.UniqueConstraint("slug", name=op.f("uq_teams_slug")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("handles", sa.JSON(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("slack_id", sa.String(length=40), nullable=True),
        sa.Column("jira_account_id", sa.String(length=128), nullable=True),
        sa.Column("pagerduty_id", sa.String(length=40), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["people.id"],
            name=op.f("fk_people_lead_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_people_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email", name=op.f("uq_people_email")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_people_team_id"), ["team_id"], unique=False
        )
    # teams and people point at each other; the second key comes after both.
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.create_foreign_key(
            op.f("fk_teams_lead_id_people"),
            "people",
            ["lead_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("incident_date", sa.Date(), nullable=True),
        sa.Column("severity", sa.String(length=20), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("accountable_share", sa.Float(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_reports_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("source", name=op.f("uq_reports_source")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reports_severity"), ["severity"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reports_team_id"), ["team_id"], unique=False
        )

    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner_raw", sa.String(length=200), nullable=True),
        sa.Column("owner_kind", sa.String(length=10), nullable=True),
        sa.Column("owner_person_id", sa.Integer(), nullable=True),
        sa.Column("owner_team_id", sa.Integer(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("due_raw", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_reason", sa.String(length=500), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("ticket", sa.String(length=500), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("extracted", sa.JSON(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("snoozed_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_person_id"],
            ["people.id"],
            name=op.f("fk_action_items_owner_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_team_id"],
            ["teams.id"],
            name=op.f("fk_action_items_owner_team_id_teams"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["reports.id"],
            name=op.f("fk_action_items_report_id_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_due"), ["due"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_action_items_owner_person_id"),
            ["owner_person_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_action_items_owner_team_id"), ["owner_team_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_items_removed"), ["removed"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_items_report_id"), ["report_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_action_items_status"), ["status"], unique=False
        )

    op.create_table(
        "item_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["action_items.id"],
            name=op.f("fk_item_events_item_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_events")),
    )
    with op.batch_alter_table("item_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_events_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_item_events_item_id"), ["item_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("item_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_events_item_id"))
        batch_op.drop_index(batch_op.f("ix_item_events_at"))

    op.drop_table("item_events")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_status"))
        batch_op.drop_index(batch_op.f("ix_action_items_report_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_removed"))
        batch_op.drop_index(batch_op.f("ix_action_items_owner_team_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_owner_person_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_due"))

    op.drop_table("action_items")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_team_id"))
        batch_op.drop_index(batch_op.f("ix_reports_severity"))

    op.drop_table("reports")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_team_id"))

    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_teams_lead_id_people"), type_="foreignkey")

    op.drop_table("people")
    op.drop_table("teams")
