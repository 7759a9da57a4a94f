"""Engines, sessions and the one commit point per request."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from shared.crypto import FieldCipher
from shared.infra import InfraTables
from shared.journal import AuditAnchor, AuditKey, CheckpointFile, CheckpointStream, Journal
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


# A pooled connection idle longer than this is pinged at checkout; a busy pool never pays the round
# trip. Connections die mostly while idle (server restart, failover, a firewall dropping quiet
# connections), and one that dies in use makes SQLAlchemy invalidate the whole pool, so every other
# pooled connection is replaced at its next checkout.
IDLE_BEFORE_PING = 10.0
# Server-side connections are replaced after this long, before any idle timeout on the way drops them.
POOL_RECYCLE = 1800


def _ping_when_idle(engine: Engine, idle_before_ping: float) -> None:
    """Check a pooled connection's liveness at checkout only when it sat idle; retry on a dead one."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < idle_before_ping:
            return
        try:
            engine.dialect.do_ping(dbapi_conn)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool discards this connection and checks out another (a fresh one if need be).
            raise DisconnectionError("pooled connection is dead") from exc


def build_engine(url: str, echo: bool = False, *, read_only: bool = False,
                 idle_before_ping: float = IDLE_BEFORE_PING) -> Engine:
    """Create the engine for a service database; `read_only` for the pool of read requests."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )
        _configure_sqlite(engine)
        return engine
    options: dict[str, Any] = {}
    if read_only:
        # Under READ COMMITTED a transaction gave each statement its own snapshot anyway, so a read
        # loses nothing in autocommit and saves BEGIN and COMMIT round trips; a read that needs rows
        # to agree fetches them in one statement. The server refuses any write on these connections.
        options = {"isolation_level": "AUTOCOMMIT",
                   "connect_args": {"options": "-c default_transaction_read_only=on"}}
    engine = create_engine(url, echo=echo, pool_size=10, max_overflow=10, pool_recycle=POOL_RECYCLE,
                           **options)
    _ping_when_idle(engine, idle_before_ping)
    return engine


# Read requests in the event loop: the async variant of each dialect's driver.
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+psycopg"}


def build_async_reader(url: str, echo: bool = False,
                       idle_before_ping: float = IDLE_BEFORE_PING) -> AsyncEngine:
    """Create the engine of read requests served in the event loop (psycopg async, aiosqlite).

    On PostgreSQL it is autocommit and read-only like the sync reader; on SQLite a read keeps its
    transaction, one snapshot for every statement of the request.
    """
    parsed = make_url(url)
    async_url = parsed.set(drivername=_ASYNC_DRIVERS[parsed.get_backend_name()])
    if parsed.get_backend_name() == "sqlite":
        engine = create_async_engine(async_url, echo=echo, connect_args={"timeout": 30})
        _configure_sqlite(engine.sync_engine)
        return engine
    engine = create_async_engine(async_url, echo=echo, pool_size=10, max_overflow=10,
                                 pool_recycle=POOL_RECYCLE, isolation_level="AUTOCOMMIT",
                                 connect_args={"options": "-c default_transaction_read_only=on"})
    _ping_when_idle(engine.sync_engine, idle_before_ping)
    return engine


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
    stream = CheckpointStream(settings.audit_nats_url, name) if settings.audit_nats_url else None
    return ServiceContext(name, infra, FieldCipher(settings.data_key, settings.hash_key),
                          AuditAnchor(key, CheckpointFile(key, settings.audit_checkpoint_dir), stream))


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

    def flush_unique(self, refusal: Callable[[], Exception], *rows: object) -> None:
        """Add rows and flush them in a savepoint; a unique key a concurrent twin took first raises refusal().

        The check before the insert answers the ordinary case; this answers the race, with the same
        refusal, and leaves the rest of the unit of work as it was.
        """
        try:
            with self.begin_nested():
                self.add_all(rows)
                self.flush()
        except IntegrityError:
            raise refusal() from None


class AsyncReadSession(ServiceSession):
    """The ServiceSession behind a read request's AsyncSession (its journal events are set on the class)."""


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

    def __init__(self, url: str, context: ServiceContext | None = None, echo: bool = False,
                 idle_before_ping: float = IDLE_BEFORE_PING) -> None:
        self.url = url
        self.engine = build_engine(url, echo, idle_before_ping=idle_before_ping)
        self.context = context
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self._read = self._factory(self.engine)
        self._write = self._factory(writer)
        # SQLite reads keep their transaction: in one process it costs no round trip and holds
        # one snapshot for every statement of the request.
        self.reader_engine = (self.engine if self.dialect == "sqlite" else
                              build_engine(url, echo, read_only=True, idle_before_ping=idle_before_ping))
        self._pure_read = self._factory(self.reader_engine)
        self.reads_autocommit = self.reader_engine is not self.engine
        self.async_reader = build_async_reader(url, echo, idle_before_ping)
        self._async_read = async_sessionmaker(self.async_reader, expire_on_commit=False,
                                              sync_session_class=AsyncReadSession, context=context)

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

    def read_session(self) -> Session:
        """Open a session for a request that only reads: on PostgreSQL autocommit and read-only."""
        return self._pure_read()

    def async_read_session(self) -> AsyncSession:
        """Open an async session for a read served in the event loop (needs the service's context)."""
        return self._async_read()

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
        """Close every pooled connection; the event loop's are let go (closed by dispose_async)."""
        self.engine.dispose()
        self.reader_engine.dispose()
        self.async_reader.sync_engine.dispose(close=False)

    async def dispose_async(self) -> None:
        """Close every pooled connection, those of the event loop's reads included."""
        await self.async_reader.dispose()
        self.dispose()


event.listen(AsyncReadSession, "before_commit", _seal)
event.listen(AsyncReadSession, "after_commit", _publish)
event.listen(AsyncReadSession, "after_rollback", _discard)
