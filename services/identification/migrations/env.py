"""Alembic environment of the identification service."""

from services.identification.models import Base
from shared.migration_env import run

run(Base.metadata)
