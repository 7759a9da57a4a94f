"""Engines, sessions and the one commit point per request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from shared.crypto import FieldCipher
from shared.infra import InfraTables
from shared.journal import AuditAnchor, AuditKey, CheckpointFile, Journal
from shared.personal import PersonalField, PersonalView
from shared.settings import ServiceSettings

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


@dataclass(frozen=True)
class ServiceContext:
    """What every unit of work of a service carries: its name, journal tables, cipher and audit anchor."""

    name: str
    infra: InfraTables
    cipher: FieldCipher
    anchor: AuditAnchor


def service_context(name: str, infra: InfraTables, settings: ServiceSettings) -> ServiceContext:
    """Build a service's context from its settings: the field cipher, the audit key and checkpoints."""
    key = AuditKey(settings.audit_key, name)
    return ServiceContext(name, infra, FieldCipher(settings.data_key, settings.hash_key),
                          AuditAnchor(key, CheckpointFile(key, settings.audit_checkpoint_dir)))


class ServiceSession(Session):
    """A service's unit of work: the session, its journal (sealed at commit), tables and field cipher."""

    def __init__(self, *args: Any, context: ServiceContext, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cipher = context.cipher
        self.infra = context.infra
        self.journal = Journal(context.name, context.infra, context.anchor)
        self._sealed: dict[tuple[str, bytes], str] = {}

    def seal(self, field: PersonalField, value: str | None) -> bytes | None:
        """Encrypt a personal field for a row this unit of work writes, remembering its plaintext."""
        blob = field.seal(self.cipher, value)
        if blob is not None and value is not None:
            self._sealed[field.context, blob] = value
        return blob

    def personal_view(self, unmasked: bool) -> PersonalView:
        """Show personal data as a caller may see it; what this unit of work sealed is not decrypted."""
        return PersonalView(self.cipher, unmasked, self._sealed)


def _seal(session: ServiceSession) -> None:
    session.journal.seal(session)


def _publish(session: ServiceSession) -> None:
    session.journal.publish()


def _discard(session: ServiceSession) -> None:
    session.journal.discard()


class Database:
    """A database's engine and its session factories for reads and writes.

    With a service's context its sessions are ServiceSessions that seal their journal at
    commit; without one (the outbox relay, which only reads and stamps the outbox) they are
    plain sessions.
    """

    def __init__(self, url: str, context: ServiceContext | None = None, echo: bool = False) -> None:
        self.url = url
        self.engine = build_engine(url, echo)
        self.context = context
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read = self._factory(self.engine)
        self._write = self._factory(writer)

    def _factory(self, bind: Engine) -> sessionmaker[Session]:
        if self.context is None:
            return sessionmaker(bind, expire_on_commit=False)
        factory = sessionmaker(bind, class_=ServiceSession, expire_on_commit=False, context=self.context)
        event.listen(factory, "before_commit", _seal)
        event.listen(factory, "after_commit", _publish)
        event.listen(factory, "after_rollback", _discard)
        return factory

    @property
    def dialect(self) -> str:
        """Name the database dialect (sqlite or postgresql)."""
        return self.engine.dialect.name

    def new_session(self, write: bool = True) -> Session:
        """Open a session; write sessions lock SQLite at BEGIN."""
        return (self._write if write else self._read)()

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
