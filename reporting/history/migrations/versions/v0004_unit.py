"""figures.unit: what a number is in (the plan's tkr/mkr, a key figure's unit as the plan writes it), up to 120 characters.

The column was there from the start, always empty; a key figure's unit as a plan writes it
("utlok/100 vpl", "besök per 1 000 invånare") may be longer than 40 characters. SQLite keeps
any length (its declared length is not enforced): only other databases are altered.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UNIT_LENGTH = 120


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(
            "figures", "unit", type_=sa.String(UNIT_LENGTH), existing_type=sa.String(40), existing_nullable=False
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("figures", "unit", type_=sa.String(40), existing_type=sa.String(UNIT_LENGTH))
