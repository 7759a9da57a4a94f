"""ORM classes of the employment service; its business tables come with its features."""

from shared.db import ServiceBase, new_metadata
from shared.infra import infrastructure_tables


class Base(ServiceBase):
    """Base of every employment table."""

    __abstract__ = True
    metadata = new_metadata()


infra = infrastructure_tables(Base.metadata)
