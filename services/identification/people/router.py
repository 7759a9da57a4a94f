"""Find a person by ID number, for other systems that hold only the number."""

from __future__ import annotations

from fastapi import APIRouter

from services.identification.deps import Reader
from services.identification.people import queries
from services.identification.people.schemas import PersonLookup, PersonMembership
from shared.session import SessionDep

router = APIRouter(prefix="/api/v1/people", tags=["people"])


@router.post("/lookup", operation_id="lookup_person", summary="Find a person's households by ID number",
             response_model=list[PersonMembership])
def lookup_person(body: PersonLookup, session: SessionDep, caller: Reader) -> list[PersonMembership]:
    """List the memberships of a person inside the caller's region, active first."""
    return queries.lookup_person(session, caller, body.id_number)
