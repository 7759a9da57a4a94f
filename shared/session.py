"""The request's database session: the one commit point of every request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool

from shared.auth import PII_READ, current_caller
from shared.concurrency import VersionStale
from shared.db import Database, ServiceSession

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


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


# scope="function": the commit happens before the response is sent, so a failed
# commit reaches the caller as an error instead of a 200 for lost work.
SessionDep = Annotated[ServiceSession, Depends(request_session, scope="function")]
AuditedReadSessionDep = Annotated[ServiceSession, Depends(audited_read_session, scope="function")]
PublicSessionDep = Annotated[ServiceSession, Depends(public_session, scope="function")]
