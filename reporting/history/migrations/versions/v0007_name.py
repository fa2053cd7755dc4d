"""figures.name: a key figure's name as the plan gave it when the row was stored.

History keys a key figure by its id; an id reused at the turn of the year for another measure ("N21" once
"Andel … tandvård", now "Andel patienter med fast tandläkarkontakt") would set last year's values of one key
figure against this year's of another. With the name stored beside each row, Tidsserier sees that the id
changed meaning and compares nothing across it (see store.rows_of, trends.same_name). Rows of other kinds, and
rows stored before, have "".

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "name" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("figures")}:
        op.add_column("figures", sa.Column("name", sa.Text, nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("name")
