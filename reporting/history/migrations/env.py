"""For developers only (``alembic -c <ini with script_location> -x url=sqlite:///h.sqlite revision -m …``).

The toolkit itself never runs this file: ``reporting.history.schema.migrate`` drives the
migrations from Python on the connection it already holds.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from reporting.history.schema import VERSION_TABLE
from reporting.history.store import metadata

url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///history.sqlite")
with create_engine(url).connect() as connection:
    context.configure(
        connection=connection, target_metadata=metadata, version_table=VERSION_TABLE, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()
