"""Contact reads: for whom, why, inside the caller's region, of a current member only; each audited."""

from __future__ import annotations

import uuid

from services.identification.codes import ContactPurpose, HouseholdStatus
from services.identification.contacts import queries
from services.identification.contacts.errors import MemberNotCurrent, OnBehalfOfNotCaller, OnBehalfOfRequired
from services.identification.contacts.schemas import MemberContactRead
from services.identification.models import HOUSEHOLD_PHONE, MEMBER_PHONE
from shared.auth import ON_BEHALF_OF, Caller
from shared.db import ServiceSession
from shared.errors import not_found

# A household out of the register (清退, or never identified) keeps its rows, but no one is contacted
# through it any more.
_OUT_OF_REGISTER = {HouseholdStatus.REMOVED, HouseholdStatus.REJECTED}


def end_user(caller: Caller, on_behalf_of: str | None) -> str:
    """Name the person the contact is read for: the user a service names, or the calling user."""
    if "service" in caller.roles:
        if not on_behalf_of:
            raise OnBehalfOfRequired.on(ON_BEHALF_OF, "A service must name the user it reads for",
                                        "服务调用须说明代哪位用户查询")
        return on_behalf_of
    if on_behalf_of not in (None, caller.subject):
        raise OnBehalfOfNotCaller.on(ON_BEHALF_OF, "A user reads contact details only for themselves",
                                     "用户只能为本人查询联系方式")
    return caller.subject


def read_contact(session: ServiceSession, caller: Caller, member_id: uuid.UUID, on_behalf_of: str | None,
                 purpose: ContactPurpose) -> MemberContactRead:
    """Give a current member's contact details in the caller's region, and audit who read them and why."""
    reader = end_user(caller, on_behalf_of)
    found = queries.member_with_household(session, member_id)
    if found is None or not caller.can_see(found[1].region_code):
        raise not_found("Member", "成员", member_id)
    member, household = found
    if not member.active or household.status in _OUT_OF_REGISTER:
        raise MemberNotCurrent.on("member_id", "The member is no longer in the register",
                                  "该成员已不在建档立卡名单内")
    cipher = session.cipher
    contact = MemberContactRead(
        member_id=member.id, household_id=household.id, region_code=household.region_code, name=member.name,
        phone=MEMBER_PHONE.open(cipher, member.phone_enc),
        household_phone=HOUSEHOLD_PHONE.open(cipher, household.phone_enc), address=household.address)
    # Which fields were given, never their values: the audit trail holds no phone in clear.
    given = [f for f in ("phone", "household_phone") if getattr(contact, f)]
    session.journal.audit(actor=caller.subject, action="contact.read", entity_type="member",
                          entity_id=member.id, region_code=household.region_code,
                          after={"on_behalf_of": reader, "purpose": purpose.value,
                                 "household_id": str(household.id), "fields": [*given, "address"]})
    return contact
