"""Alembic environment of the employment service."""

from services.employment.models import Base
from shared.migration_env import run

run(Base.metadata)
