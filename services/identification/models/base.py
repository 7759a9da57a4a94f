"""The identification database's declarative base and infrastructure tables."""

from shared.db import ServiceBase, new_metadata
from shared.infra import infrastructure_tables


class Base(ServiceBase):
    """Base of every identification table."""

    __abstract__ = True
    metadata = new_metadata()


infra = infrastructure_tables(Base.metadata)
