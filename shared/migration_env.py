"""The body of every service's alembic env.py."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from shared.db import build_engine


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

