"""The employment service's declarative base, journal and consumer tables and register replica."""

from shared.consumers.tables import consumer_tables
from shared.db import ServiceBase, new_metadata
from shared.infra import infrastructure_tables
from shared.replica.tables import replica_tables


class Base(ServiceBase):
    """Base of every employment table."""

    __abstract__ = True
    metadata = new_metadata()


infra = infrastructure_tables(Base.metadata)
consumers = consumer_tables(Base.metadata)
replica = replica_tables(Base.metadata)
