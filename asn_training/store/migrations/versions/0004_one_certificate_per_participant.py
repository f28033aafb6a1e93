"""one certificate per participant

Two tabs opening the certificate page at once could each issue a certificate with its own code on PostgreSQL.
Later duplicates are removed (the first, whose code was shown first, is kept), then a unique key keeps it so.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM certificates WHERE id NOT IN (SELECT MIN(id) FROM certificates "
                       "GROUP BY participant_id)"))
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_certificates_participant_id", ["participant_id"])


def downgrade() -> None:
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_constraint("uq_certificates_participant_id", type_="unique")
