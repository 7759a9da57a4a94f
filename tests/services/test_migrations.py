"""Each service's migrations build exactly the schema its models declare, journal tables included."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext


def test_migrated_schema_matches_the_models(any_service):
    with any_service.db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, any_service.metadata) == []
