"""timestamps are moments in UTC, with their time zone

Every timestamp was a naive UTC wall time. On PostgreSQL each becomes a ``timestamptz``, the old values read as UTC
(``USING col AT TIME ZONE 'UTC'``). SQLite has no time zone type and its DATETIME text stays as it is (UTC wall time,
``YYYY-MM-DD HH:MM:SS.ffffff``): the store's ``UTCDateTime`` type attaches the UTC zone on reading, so there is
nothing to rewrite there. (Recreating the tables in batch mode would change no byte of data, and cannot drop a table
that other tables' foreign keys point to while they are enforced.)

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIMESTAMPS = {
    "participants": ("locked_until", "created_at", "updated_at"),
    "staff_accounts": ("created_at", "last_login_at"),
    "live_sessions": ("created_at", "closed_at"),
    "session_members": ("joined_at",),
    "attempts": ("started_at", "finished_at"),
    "answers": ("answered_at",),
    "pledge_signatures": ("created_at",),
    "self_assessments": ("created_at",),
    "certificates": ("issued_at",),
    "audit_log": ("at",),
}


def _convert(aware: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    old, new = sa.DateTime(timezone=not aware), sa.DateTime(timezone=aware)
    for table, columns in TIMESTAMPS.items():
        for column in columns:
            # timestamp AT TIME ZONE 'UTC' is the timestamptz of that UTC wall time; the reverse gives it back.
            op.alter_column(table, column, existing_type=old, type_=new,
                            postgresql_using=f"\"{column}\" AT TIME ZONE 'UTC'")


def upgrade() -> None:
    _convert(aware=True)


def downgrade() -> None:
    _convert(aware=False)
