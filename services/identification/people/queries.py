"""Find a person's memberships by ID number, inside the caller's region."""

from __future__ import annotations

from sqlalchemy import select

from services.identification.models import MEMBER_ID_NUMBER, Household, Member
from services.identification.people.schemas import PersonMembership
from shared.auth import Caller
from shared.db import ServiceSession


def lookup_person(session: ServiceSession, caller: Caller, id_number: str) -> list[PersonMembership]:
    """List the memberships of a person inside the caller's region, active first."""
    rows = session.execute(
        select(Member, Household).join(Household, Member.household_id == Household.id)
        .where(Member.id_number_hash == MEMBER_ID_NUMBER.hash(session.cipher, id_number))
        .order_by(Member.active.desc(), Member.created_at)
    ).all()
    return [
        PersonMembership(member_id=m.id, household_id=h.id, household_no=h.household_no,
                         region_code=h.region_code, household_status=h.status, active=m.active)
        for m, h in rows if caller.can_see(h.region_code)
    ]
