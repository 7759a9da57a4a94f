"""HTTP routes of misconduct leads and the credit blacklist (问题线索、失信人员名单)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from services.supervision.codes import LeadKind, LeadState
from services.supervision.deps import IfMatch, Reader, Writer
from services.supervision.misconduct import service
from services.supervision.misconduct.errors import (
    AlreadyListed,
    LeadStepRefused,
    TermNotOver,
    WrongEntryState,
)
from services.supervision.misconduct.schemas import (
    AppealCreate,
    AppealDecision,
    EntryCreate,
    EntryLift,
    EntryRead,
    LeadCreate,
    LeadRead,
    LeadStep,
    LookupResult,
)
from services.supervision.models import BlacklistEntry, MisconductLead
from shared.concurrency import IfMatchRequired, IfMatchWildcard, VersionStale, etag_for
from shared.contract import ETAG, LOCATION, answers
from shared.db import ServiceSession
from shared.errors import RegionOutOfScope
from shared.pagination import MAX_LIMIT, Page
from shared.routes import Step, add_steps
from shared.schemas import REGION_PREFIX_PATTERN
from shared.session import SessionDep

leads_router = APIRouter(prefix="/api/v1/misconduct-leads", tags=["misconduct"])
blacklist_router = APIRouter(prefix="/api/v1/blacklist", tags=["blacklist"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="每页条数")]
Prefix = Annotated[str | None, Query(pattern=REGION_PREFIX_PATTERN, description="区划代码前缀")]
_VERSIONED = (IfMatchRequired, IfMatchWildcard, VersionStale)


def _lead(session: ServiceSession, caller: object, lead: MisconductLead, response: Response) -> LeadRead:
    response.headers["ETag"] = etag_for(lead.version)
    return service.render_leads(session, caller, [lead])[0]  # type: ignore[arg-type]


@leads_router.post(
    "",
    operation_id="receive_misconduct_lead",
    summary="Receive a misconduct lead (受理问题线索)",
    response_model=LeadRead,
    **answers(201, RegionOutOfScope, headers=(ETAG, LOCATION)),
)
def receive_lead(body: LeadCreate, session: SessionDep, caller: Writer, response: Response) -> LeadRead:
    """Receive a lead of embezzlement, withholding, false claims, seizure or formalism."""
    lead = service.receive_lead(session, caller, body)
    response.headers["Location"] = f"/api/v1/misconduct-leads/{lead.id}"
    return _lead(session, caller, lead, response)


@leads_router.get(
    "", operation_id="list_misconduct_leads", summary="List misconduct leads", response_model=Page[LeadRead]
)
def list_leads(
    session: SessionDep,
    caller: Reader,
    region: Prefix = None,
    kind: Annotated[LeadKind | None, Query(description="问题类型")] = None,
    state: Annotated[LeadState | None, Query(description="办理状态")] = None,
    limit: Limit = 50,
    cursor: str | None = None,
) -> Page[LeadRead]:
    """List leads in the caller's region; their accounts only with pii:read."""
    prefix = caller.narrow(region)
    if prefix is None:
        return Page[LeadRead](items=[], next_cursor=None)
    items, next_cursor = service.list_leads(session, caller, prefix, kind, state, cursor, limit)
    return Page[LeadRead](items=items, next_cursor=next_cursor)


@leads_router.get(
    "/{lead_id}",
    operation_id="get_misconduct_lead",
    summary="Read a misconduct lead",
    response_model=LeadRead,
    **answers(headers=(ETAG,)),
)
def get_lead(lead_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response) -> LeadRead:
    """Read a lead and its handling."""
    return _lead(session, caller, service.load_lead(session, caller, lead_id), response)


add_steps(leads_router, (
    Step("steps", "step_misconduct_lead", "Move a lead on (办理)",
         "Move a lead from received to investigating, then to substantiated, dismissed or transferred.",
         LeadStep, service.step_lead, (LeadStepRefused, *_VERSIONED)),
), id_name="lead_id", response_model=LeadRead, caller=Writer, if_match=IfMatch,
    render=lambda session, caller, lead: service.render_leads(session, caller, [lead])[0])


def _entry(session: ServiceSession, caller: object, entry: BlacklistEntry, response: Response) -> EntryRead:
    response.headers["ETag"] = etag_for(entry.version)
    return service.render_entry(session, caller, entry)  # type: ignore[arg-type]


@blacklist_router.get(
    "/lookups/{id_number_hash}",
    operation_id="blacklist_lookup",
    summary="Is a person listed? Asked by ID-number lookup hash (失信查询)",
    response_model=LookupResult,
)
def lookup(
    id_number_hash: Annotated[str, Path(pattern=r"^[0-9a-f]{64}$", description="身份证号码查找哈希")],
    session: SessionDep,
    caller: Reader,
) -> LookupResult:
    """Answer for the whole province, by the suite's ID-number lookup hash: never by the number itself.

    The hash is HMAC-SHA256 under the suite's hash key of `id_number`, a NUL and the 18-character
    number (upper-case X), as identification and the register replica keep it.
    """
    return service.lookup(session, id_number_hash)


@blacklist_router.post(
    "",
    operation_id="add_blacklist_entry",
    summary="List a person by a decision (列入失信名单)",
    response_model=EntryRead,
    **answers(201, RegionOutOfScope, AlreadyListed, headers=(ETAG, LOCATION)),
)
def add_entry(body: EntryCreate, session: SessionDep, caller: Writer, response: Response) -> EntryRead:
    """List a person for a reason the plan names, by a decision's reference, for a term."""
    entry = service.add_entry(session, caller, body)
    response.headers["Location"] = f"/api/v1/blacklist/{entry.id}"
    return _entry(session, caller, entry, response)


@blacklist_router.get(
    "/{entry_id}",
    operation_id="get_blacklist_entry",
    summary="Read a blacklist entry",
    response_model=EntryRead,
    **answers(headers=(ETAG,)),
)
def get_entry(entry_id: uuid.UUID, session: SessionDep, caller: Reader, response: Response) -> EntryRead:
    """Read an entry; the ID number masked unless pii:read."""
    return _entry(session, caller, service.load_entry(session, caller, entry_id), response)


add_steps(blacklist_router, (
    Step("appeal", "appeal_blacklist_entry", "File an appeal (申诉)",
         "Record the listed person's appeal; the entry stands while it is decided.", AppealCreate,
         service.appeal, (WrongEntryState, *_VERSIONED)),
    Step("appeal-decision", "decide_blacklist_appeal", "Decide an appeal (申诉决定)",
         "Upheld lifts the entry at once; refused leaves it listed.", AppealDecision, service.decide_appeal,
         (WrongEntryState, *_VERSIONED)),
    Step("lift", "lift_blacklist_entry", "Lift after the term (移出)",
         "Lift an entry on a day after its term's last day.", EntryLift, service.lift,
         (TermNotOver, WrongEntryState, *_VERSIONED)),
), id_name="entry_id", response_model=EntryRead, caller=Writer, if_match=IfMatch, render=service.render_entry)
