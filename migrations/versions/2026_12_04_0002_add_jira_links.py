"""Add the Jira sync tables: a link per item and the sync state row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jira_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("batch", sa.String(length=36), nullable=True),
        sa.Column("project", sa.String(length=40), nullable=True),
        sa.Column("issue_key", sa.String(length=40), nullable=True),
        sa.Column("issue_id", sa.String(length=40), nullable=True),
        sa.Column("synced", sa.JSON(), nullable=False),
        sa.Column("remote_updated", sa.DateTime(timezone=True), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("assignee_unknown", sa.Boolean(), nullable=False),
        sa.Column("assignee_note", sa.String(length=500), nullable=True),
        sa.Column("issue_missing", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("intent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["action_items.id"],
            name=op.f("fk_jira_links_item_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jira_links")),
        sa.UniqueConstraint("item_id", name=op.f("uq_jira_links_item_id")),
    )
    with op.batch_alter_table("jira_links") as batch_op:
        for column in ("state", "batch", "issue_key", "issue_id"):
            batch_op.create_index(
                batch_op.f(f"ix_jira_links_{column}"), [column], unique=False
            )

    op.create_table(
        "jira_sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.DateTime(timezone=True), nullable=True),
        sa.Column("account_id", sa.String(length=128), nullable=True),
        sa.Column("cloud", sa.Boolean(), nullable=True),
        sa.Column("lease_owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jira_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("jira_sync_state")
    with op.batch_alter_table("jira_links") as batch_op:
        for column in ("state", "batch", "issue_key", "issue_id"):
            batch_op.drop_index(batch_op.f(f"ix_jira_links_{column}"))
    op.drop_table("jira_links")
