"""kolada.status: Kolada's status of a value (e.g. "Preliminär"); files from before it lack the column.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("kolada")}
    if "status" not in columns:
        op.add_column("kolada", sa.Column("status", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("kolada") as batch:
        batch.drop_column("status")
