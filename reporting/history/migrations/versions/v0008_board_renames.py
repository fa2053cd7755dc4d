"""board_renames: the nämnd ids ``history rename-board`` moved to another id, so later runs follow them.

A period judged against its saved plan (last year's, without the Nämnd-id the new year's plan was given)
still names the old id; with the rename kept here, its rows are stored and read under the new id instead of
splitting the nämnd's history again (see store.current_board). Renames made before this version were not kept.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "board_renames" not in sa.inspect(op.get_bind()).get_table_names():
        op.create_table(
            "board_renames",
            sa.Column("old", sa.String(60), primary_key=True),
            sa.Column("new", sa.String(60), nullable=False),
            sa.Column("renamed_at", sa.String(32), nullable=False),
        )


def downgrade() -> None:
    op.drop_table("board_renames")
