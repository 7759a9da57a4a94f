"""Alembic, driven from code: one migration folder per service, and what readiness asks of the schema.

During a rolling update the migration job brings the database to the new release's head
while pods of the old release still serve. The old pods stay ready when the newer schema is
*compatible* with their code: every table and column their models map still exists, and
every column the newer schema adds to those tables is nullable or has a server default (so
the old code's inserts, which do not name it, still succeed). Migrations that drop or rename
what the previous release uses, or add a required column without a default, are not
compatible: they belong to the release after, once no old pod runs (expand, then contract).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, inspect

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


class SchemaState(StrEnum):
    """How a database's schema stands against the running code (数据库结构状态)."""

    CURRENT = "current"
    BEHIND = "behind"
    NEWER_COMPATIBLE = "newer_compatible"
    NEWER_INCOMPATIBLE = "newer_incompatible"


class SchemaCheck:
    """Judges a service's database schema against the running code, for readiness."""

    def __init__(self, service: str, metadata: MetaData) -> None:
        self.service, self.metadata = service, metadata
        # A newer schema's verdict, per set of revisions: probes come every few seconds.
        self._newer: dict[frozenset[str], SchemaState] = {}

    def state(self, engine: Engine) -> SchemaState:
        """Compare the database's revisions with the code's heads, and a newer schema with the models."""
        script = ScriptDirectory.from_config(alembic_config(self.service, str(engine.url)))
        with engine.connect() as conn:
            current = frozenset(MigrationContext.configure(conn).get_current_heads())
        if current == set(script.get_heads()):
            return SchemaState.CURRENT
        known = {revision.revision for revision in script.walk_revisions()}
        if not current or current <= known:
            return SchemaState.BEHIND
        if current not in self._newer:
            self._newer[current] = (SchemaState.NEWER_INCOMPATIBLE if incompatibilities(engine, self.metadata)
                                    else SchemaState.NEWER_COMPATIBLE)
        return self._newer[current]


def incompatibilities(engine: Engine, metadata: MetaData) -> list[str]:
    """Name what in the database would break code written for these models (none: compatible)."""
    inspector = inspect(engine)
    existing = set(inspector.get_table_names())
    problems = []
    for table in metadata.sorted_tables:
        if table.name not in existing:
            problems.append(f"table {table.name} is missing")
            continue
        columns = {c["name"]: c for c in inspector.get_columns(table.name)}
        problems += [f"column {table.name}.{c.name} is missing" for c in table.c if c.name not in columns]
        problems += [f"column {table.name}.{name} is required and has no default"
                     for name, column in columns.items()
                     if name not in table.c and not column["nullable"] and column.get("default") is None
                     and not column.get("identity") and not column.get("computed")]
    return problems
