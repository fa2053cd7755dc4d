"""Alembic migrations of the history database; run by ``reporting.history.schema.migrate`` at open_history."""
