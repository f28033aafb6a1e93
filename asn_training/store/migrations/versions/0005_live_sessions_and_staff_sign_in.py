"""live sessions and staff sign-in

A trainer's session keeps its whole state in its row: the scenarios in their fixed order, the position on screen,
whether the answer is revealed, and a revision bumped with every trainer action (participants' kernels compare one
integer; two trainer tabs cannot overwrite each other). Staff accounts count failed sign-ins and may be locked.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None
AWARE = {("live_sessions", "position_started_at"), ("staff_accounts", "locked_until")}  # created as timestamptz


def upgrade() -> None:
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("scenario_ids", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("seconds_per_scenario", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("position_started_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("place", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("unit", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("expected", sa.Integer(), nullable=True))
        batch_op.create_index("ix_live_sessions_status", ["status"])
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("failed_count", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.create_index("ix_attempts_session_participant", ["session_id", "participant_id"])


def downgrade() -> None:
    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_attempts_session_participant")
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_count")
    with op.batch_alter_table("live_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_live_sessions_status")
        for column in ("expected", "unit", "place", "position_started_at", "seconds_per_scenario", "scenario_ids",
                       "revision"):
            batch_op.drop_column(column)
