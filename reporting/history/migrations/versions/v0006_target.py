"""figures.target: the målvärde a key figure's (or financial goal's) row was judged against, as the report showed it.

A plan revised during the year changes a målvärde ("Minst 88 %" at T1, "Minst 90 %" from delår):
with the text stored beside each period's rows, Tidsserier can say which målvärde each period was
judged against (see store.rows_of). Rows of other kinds, and rows stored before, have "".

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "target" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("figures")}:
        op.add_column("figures", sa.Column("target", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("target")
