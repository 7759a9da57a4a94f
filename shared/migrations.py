"""Alembic, driven from code: one migration folder per service."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

SERVICES_DIR = Path(__file__).resolve().parent.parent / "services"


def alembic_config(service: str, url: str) -> Config:
    """Build the Alembic config of a service for a database URL."""
    config = Config()
    config.set_main_option("script_location", str(SERVICES_DIR / service / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(service: str, url: str) -> None:
    """Bring a service database to the newest revision."""
    command.upgrade(alembic_config(service, url), "heads")


def at_head(service: str, engine: Engine) -> bool:
    """Tell whether the database is at every head revision of the service."""
    script = ScriptDirectory.from_config(alembic_config(service, str(engine.url)))
    with engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(script.get_heads())
