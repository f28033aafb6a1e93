"""one signature per participant, pledge and wording

A double tap stored two signatures with two codes. Later duplicates are removed (the first signature, whose code
was shown first, is kept), then a unique constraint keeps it so.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text(
        "DELETE FROM pledge_signatures WHERE id NOT IN (SELECT MIN(id) FROM pledge_signatures "
        "GROUP BY participant_id, pledge_id, text_version)"))
    with op.batch_alter_table("pledge_signatures", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_pledge_signatures_once", ["participant_id", "pledge_id", "text_version"])


def downgrade() -> None:
    with op.batch_alter_table("pledge_signatures", schema=None) as batch_op:
        batch_op.drop_constraint("uq_pledge_signatures_once", type_="unique")
