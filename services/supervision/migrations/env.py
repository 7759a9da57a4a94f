"""Alembic environment of the supervision service."""

from services.supervision.models import Base
from shared.migration_env import run

run(Base.metadata)
