"""The body of every service's alembic env.py."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import MetaData

from shared.db import build_engine
from shared.journal import GENESIS_HASH


def run(metadata: MetaData) -> None:
    """Run migrations online against the configured URL (offline mode emits SQL)."""
    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True,
                          render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = build_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def seed_chain_head(op: Any) -> None:
    """Insert the genesis row of the audit chain and event feed."""
    op.execute(
        "INSERT INTO chain_head (id, audit_seq, audit_hash, event_position) "
        f"VALUES (1, 0, '{GENESIS_HASH}', 0)"
    )
