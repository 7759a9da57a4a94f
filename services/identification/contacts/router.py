"""A member's contact details for one end user and purpose (联系方式), audited at every read."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response

from services.identification.codes import ContactPurpose
from services.identification.contacts import service
from services.identification.contacts.errors import MemberNotCurrent, OnBehalfOfNotCaller, OnBehalfOfRequired
from services.identification.contacts.schemas import MemberContactRead
from services.identification.deps import ContactsReader
from shared.auth import ON_BEHALF_OF
from shared.contract import NO_STORE, answers
from shared.session import AuditedReadSessionDep

router = APIRouter(prefix="/api/v1/members", tags=["contacts"])

EXAMPLE = {"member_id": "6f1c2e0b-8a57-4e7e-9a55-1f0c8e3b9d21",
           "household_id": "0b6f1c2e-8a57-4e7e-9a55-1f0c8e3b9d21", "region_code": "441882100201",
           "name": "黄志强", "phone": "13800138000", "household_phone": "07636612345",
           "address": "三古滩村12号"}


@router.get(
    "/{member_id}/contact",
    operation_id="read_member_contact",
    summary="Read one member's contact details (联系方式)",
    response_model=MemberContactRead,
    **answers(200, MemberNotCurrent, OnBehalfOfRequired, OnBehalfOfNotCaller, headers=(NO_STORE,),
              example=EXAMPLE),
)
def read_member_contact(
    member_id: uuid.UUID,
    session: AuditedReadSessionDep,
    caller: ContactsReader,
    response: Response,
    purpose: Annotated[ContactPurpose, Header(alias="Access-Purpose", description="why the contact is read "
                                              "(查询用途); recorded in the audit trail",
                                              examples=["employment_counselling"])],
    on_behalf_of: Annotated[str | None, Header(
        alias=ON_BEHALF_OF, min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$",
        description="the end user a service reads for (its token subject, e.g. the employment counsellor); "
                    "required of a service token, and a user may name only themselves (代查询的用户)",
        examples=["helper-0001"])] = None,
) -> MemberContactRead:
    """Give a member's name, phones and address in clear, and nothing else of the record.

    For a counsellor or cadre who must reach the person, and for other services on their behalf:
    a service token carries `contacts:read` (never `pii:read`) and names the end user in
    `On-Behalf-Of`; a user holding `pii:read` has `contacts:read` with it. The region scope of the
    token applies (outside it: 404). A member who left the household, or whose household was
    removed or rejected, answers 404 `member_not_current`. Every answer writes an audit entry:
    the token's subject as actor, the end user, the purpose and which fields were given, never
    their values. Answers are `Cache-Control: no-store`.
    """
    response.headers["Cache-Control"] = NO_STORE.example
    return service.read_contact(session, caller, member_id, on_behalf_of, purpose)
