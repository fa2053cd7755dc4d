"""figures.board: one history for a whole region; rows keyed by nämnd, year, period and reporter.

Rows stored before this version get board "" (no nämnd named yet); the first nämnd
that stores a period into such a history takes them over (see store.store).
SQLite cannot change a unique constraint in place: the table is copied into the new
shape (all inside the migration's transaction); other databases alter it.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KEY = ["board", "year", "period", "division", "unit", "kind", "item", "metric"]
COLUMNS = ["id", "year", "period", "division", "unit", "kind", "item", "metric", "value", "text", "stored_at"]


def _new_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("board", sa.String(60), nullable=False, server_default=""),
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
        sa.UniqueConstraint(*KEY, name="uq_figure_board"),
    )


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    if "board" in {c["name"] for c in inspector.get_columns("figures")}:
        return
    if bind.dialect.name == "sqlite":
        _new_table("figures_new")
        names = ", ".join(COLUMNS)
        op.execute(f"INSERT INTO figures_new ({names}, board) SELECT {names}, '' FROM figures")
        op.drop_table("figures")
        op.rename_table("figures_new", "figures")
    else:
        op.add_column("figures", sa.Column("board", sa.String(60), nullable=False, server_default=""))
        for constraint in inspector.get_unique_constraints("figures"):
            if constraint["name"]:
                op.drop_constraint(constraint["name"], "figures", type_="unique")
        op.create_unique_constraint("uq_figure_board", "figures", KEY)


def downgrade() -> None:
    raise NotImplementedError("a history with several nämnder cannot go back to one without board")
