"""One file per schema version, oldest first (v0001, v0002, …); each is idempotent for pre-Alembic databases."""
