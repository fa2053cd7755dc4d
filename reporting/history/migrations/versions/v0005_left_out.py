"""figures.left_out: the units a division's figures leave out when it reported in part ("" when whole).

A division combined from some of its units ("Division Medicin (exkl. Enhet 0009)" in the
report) has its economy stored as reported, marked here, so exports and trends keep it and
readers that compare forecasts can pass it by (see store.rows_of). Rows stored before have "".

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "left_out" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("figures")}:
        op.add_column("figures", sa.Column("left_out", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("left_out")
