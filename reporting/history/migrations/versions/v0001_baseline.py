"""The tables as versions before migrations created them (figures without board, kolada without status).

Idempotent: a database written by such a version already has them, and nothing is done.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    tables = set(sa.inspect(op.get_bind()).get_table_names())
    if "figures" not in tables:
        op.create_table(
            "figures",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("year", sa.Integer, nullable=False),
            sa.Column("period", sa.String(8), nullable=False),
            sa.Column("division", sa.String(40), nullable=False),
            sa.Column("unit", sa.String(40), nullable=False),
            sa.Column("kind", sa.String(20), nullable=False),
            sa.Column("item", sa.String(40), nullable=False),
            sa.Column("metric", sa.String(30), nullable=False),
            sa.Column("value", sa.String(40)),
            sa.Column("text", sa.Text),
            sa.Column("stored_at", sa.String(32), nullable=False),
            sa.UniqueConstraint("year", "period", "division", "unit", "kind", "item", "metric", name="uq_figure"),
        )
    if "kolada" not in tables:
        op.create_table(
            "kolada",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("kpi", sa.String(20), nullable=False),
            sa.Column("municipality", sa.String(10), nullable=False),
            sa.Column("period", sa.Integer, nullable=False),
            sa.Column("gender", sa.String(2), nullable=False),
            sa.Column("value", sa.String(40)),
            sa.Column("imported_at", sa.String(32), nullable=False),
            sa.UniqueConstraint("kpi", "municipality", "period", "gender", name="uq_kolada"),
        )


def downgrade() -> None:
    op.drop_table("kolada")
    op.drop_table("figures")
