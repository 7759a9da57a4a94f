"""The request's database session: the one commit point of every request."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Concatenate, ParamSpec, TypeVar

from fastapi import Depends, Request
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool

from shared.auth import PII_READ, current_caller
from shared.concurrency import VersionStale
from shared.db import Database, ServiceSession

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
P = ParamSpec("P")
T = TypeVar("T")


def _stale() -> VersionStale:
    return VersionStale("The resource changed meanwhile; read it again", "资源已被同时修改，请重新读取")


def _commit(session: ServiceSession) -> None:
    """Commit and close; a version that changed meanwhile answers 412."""
    try:
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise _stale() from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _roll_back(session: ServiceSession) -> None:
    """Roll back and close."""
    try:
        session.rollback()
    finally:
        session.close()


async def request_session(request: Request) -> AsyncIterator[ServiceSession]:
    """Yield a session; commit when the handler succeeds, roll back when it raises."""
    caller = await current_caller(request)
    # Unmasked reads are audited, so they write; SQLite must then lock at BEGIN.
    write = request.method not in SAFE_METHODS or caller.has(PII_READ)
    async with _unit_of_work(request, write) as session:
        yield session


async def audited_read_session(request: Request) -> AsyncIterator[ServiceSession]:
    """Yield a writing session for a GET that audits every answer (a contact read), whoever asks."""
    await current_caller(request)
    async with _unit_of_work(request, True) as session:
        yield session


async def public_session(request: Request) -> AsyncIterator[ServiceSession]:
    """Yield the session of a public route (no caller: it never sees personal data unmasked)."""
    async with _unit_of_work(request, request.method not in SAFE_METHODS) as session:
        yield session


@asynccontextmanager
async def _unit_of_work(request: Request, write: bool) -> AsyncIterator[ServiceSession]:
    """Open the request's session; commit it when the handler succeeds, roll it back when it raises."""
    db: Database = request.app.state.db
    session = db.new_session(write=True) if write else db.read_session()
    # Ending an autocommit read sends nothing to the server, so it needs no hop to the thread pool.
    inline = not write and db.reads_autocommit
    try:
        yield session
    except BaseException as exc:
        if inline:
            _roll_back(session)
        else:
            await run_in_threadpool(_roll_back, session)
        if isinstance(exc, StaleDataError):  # a flush in the handler found the version changed
            raise _stale() from exc
        raise
    if inline:
        _commit(session)
    else:
        await run_in_threadpool(_commit, session)


class ReadUnit:
    """The unit of work of a read request: `await unit.run(fn, *args)` calls fn(session, *args), then ends it.

    A read that writes nothing (the caller sees personal data masked) runs fn in the event loop on the
    async driver: SQLAlchemy runs the synchronous service code in a greenlet and every statement
    awaits, so the request takes no hop to the thread pool. A read that audits (an unmasked answer)
    writes, so it runs in one hop to the thread pool on a writing session, committed before it returns.
    """

    def __init__(self, db: Database, write: bool) -> None:
        self.db, self.write = db, write

    async def run(self, fn: Callable[Concatenate[ServiceSession, P], T],
                  *args: P.args, **kwargs: P.kwargs) -> T:
        """Run fn on this read's session and commit; what fn raises rolls it back and propagates."""
        if self.write:
            return await run_in_threadpool(self._written, fn, *args, **kwargs)
        async with self.db.async_read_session() as session:
            result = await session.run_sync(fn, *args, **kwargs)
            await session.commit()
            return result

    def _written(self, fn: Callable[Concatenate[ServiceSession, P], T],
                 *args: P.args, **kwargs: P.kwargs) -> T:
        """Run fn on a writing session in this worker thread; commit (412 on a stale version) or roll back."""
        session = self.db.new_session(write=True)
        try:
            result = fn(session, *args, **kwargs)
        except StaleDataError as exc:
            _roll_back(session)
            raise _stale() from exc
        except BaseException:
            _roll_back(session)
            raise
        _commit(session)
        return result


async def read_unit(request: Request) -> ReadUnit:
    """The read unit of a GET (FastAPI dependency): in the event loop unless its answer is audited."""
    caller = await current_caller(request)
    return ReadUnit(request.app.state.db, caller.has(PII_READ))


# scope="function": the commit happens before the response is sent, so a failed
# commit reaches the caller as an error instead of a 200 for lost work.
SessionDep = Annotated[ServiceSession, Depends(request_session, scope="function")]
AuditedReadSessionDep = Annotated[ServiceSession, Depends(audited_read_session, scope="function")]
PublicSessionDep = Annotated[ServiceSession, Depends(public_session, scope="function")]
ReadDep = Annotated[ReadUnit, Depends(read_unit)]
