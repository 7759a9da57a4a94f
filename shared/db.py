"""Engines, sessions and the one commit point per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from shared.journal import discard_pending, seal_pending

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_metadata() -> MetaData:
    """Return a MetaData with the suite's constraint naming convention."""
    return MetaData(naming_convention=NAMING_CONVENTION)


class ServiceBase(DeclarativeBase):
    """Marker base; each service declares its own subclass with its own metadata."""

    __abstract__ = True


def _configure_sqlite(engine: Engine) -> None:
    """Make SQLite enforce foreign keys, wait for locks and let writers lock up front."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A write transaction takes the write lock at BEGIN, so it never fails
        # half-way with SQLITE_BUSY when another writer committed meanwhile.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def build_engine(url: str, echo: bool = False) -> Engine:
    """Create the engine for a service database."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True, pool_recycle=1800
    )


class Database:
    """A service's engine and its session factories for reads and writes."""

    def __init__(self, url: str, session_info: dict[str, Any], echo: bool = False) -> None:
        self.url = url
        self.engine = build_engine(url, echo)
        self.session_info = session_info
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(writer, expire_on_commit=False)
        for factory in (self._read, self._write):
            event.listen(factory, "before_commit", seal_pending)
            event.listen(factory, "after_rollback", discard_pending)

    @property
    def dialect(self) -> str:
        """Name the database dialect (sqlite or postgresql)."""
        return self.engine.dialect.name

    def new_session(self, write: bool = True) -> Session:
        """Open a session; write sessions lock SQLite at BEGIN."""
        session = (self._write if write else self._read)()
        session.info.update(self.session_info)
        return session

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """Run a unit of work outside HTTP: commit on success, roll back on error."""
        session = self.new_session(write)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
