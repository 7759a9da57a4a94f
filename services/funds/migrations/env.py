"""Alembic environment of the funds service."""

from services.funds.models import Base
from shared.migration_env import run

run(Base.metadata)
