"""Find a person by ID number, for other systems that hold only the number."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from services.identification.deps import Reader
from services.identification.models import MEMBER_ID_NUMBER, Household, Member
from services.identification.people.schemas import PersonLookup, PersonMembership
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/people", tags=["people (人员)"])


@router.post("/lookup", operation_id="lookup_person", summary="Find a person's households by ID number",
             response_model=list[PersonMembership])
def lookup_person(body: PersonLookup, session: SessionDep, caller: Reader) -> list[PersonMembership]:
    """List the memberships of a person inside the caller's region, active first."""
    rows = session.execute(
        select(Member, Household).join(Household, Member.household_id == Household.id)
        .where(Member.id_number_hash == MEMBER_ID_NUMBER.hash(session.cipher, body.id_number))
        .order_by(Member.active.desc(), Member.created_at)
    ).all()
    return [
        PersonMembership(member_id=m.id, household_id=h.id, household_no=h.household_no,
                         region_code=h.region_code, household_status=h.status, active=m.active)
        for m, h in rows if caller.can_see(h.region_code)
    ]
