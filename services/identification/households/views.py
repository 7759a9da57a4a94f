"""Turn ORM rows into response bodies and audit snapshots, masking personal data."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.identification.households.rules import age_on, income_per_head, net_income
from services.identification.households.schemas import HouseholdRead, IncomeRead, MemberRead
from services.identification.models import (
    HOUSEHOLD_BANK_ACCOUNT,
    HOUSEHOLD_PHONE,
    MEMBER_DISABILITY_CARD,
    MEMBER_ID_NUMBER,
    MEMBER_ILLNESS,
    MEMBER_PHONE,
    Household,
    IncomeRecord,
    Member,
)
from shared.personal import PersonalView, is_personal


def render_member(view: PersonalView, m: Member, today: date) -> MemberRead:
    """Render a member."""
    return MemberRead(
        id=m.id, name=m.name, id_number=view.show(MEMBER_ID_NUMBER, m.id_number_enc) or "", sex=m.sex,
        birth_date=m.birth_date if view.unmasked else None, age=age_on(m.birth_date, today),
        relation=m.relation,
        education=m.education, schooling=m.schooling, health_status=m.health_status,
        illness=view.show(MEMBER_ILLNESS, m.illness_enc), disability_grade=m.disability_grade,
        disability_card=view.show(MEMBER_DISABILITY_CARD, m.disability_card_enc),
        labour_capacity=m.labour_capacity, pension_insured=m.pension_insured,
        medical_insured=m.medical_insured, critical_illness_insured=m.critical_illness_insured,
        employment=m.employment, phone=view.show(MEMBER_PHONE, m.phone_enc),
        active=m.active, left_on=m.left_on, left_reason=m.left_reason,
    )


def render_household(view: PersonalView, h: Household, region_name: str) -> HouseholdRead:
    """Render a household with its members."""
    today = date.today()
    return HouseholdRead(
        id=h.id, household_no=h.household_no, region_code=h.region_code, region_name=region_name,
        address=h.address, status=h.status, category=h.category, primary_cause=h.primary_cause,
        other_causes=h.other_causes, housing_grade=h.housing_grade,
        renovation_state=h.renovation_state, safe_drinking_water=h.safe_drinking_water,
        helper_name=h.helper_name, helper_subject=h.helper_subject,
        phone=view.show(HOUSEHOLD_PHONE, h.phone_enc), bank_name=h.bank_name,
        bank_account=view.show(HOUSEHOLD_BANK_ACCOUNT, h.bank_account_enc),
        exit_pathway=h.exit_pathway, identified_on=h.identified_on, exited_on=h.exited_on,
        member_count=sum(1 for m in h.members if m.active),
        members=[render_member(view, m, today) for m in h.members],
        created_at=h.created_at, updated_at=h.updated_at, version=h.version,
    )


def _plain_columns(row: Household | Member) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns
            if not is_personal(c) and c.key not in ("created_at", "updated_at")}


def household_snapshot(h: Household, phone: str | None, bank_account: str | None) -> dict[str, Any]:
    """Describe a household for the audit trail from the plaintext at hand, personal data masked."""
    return {**_plain_columns(h), "phone": HOUSEHOLD_PHONE.masked(phone),
            "bank_account": HOUSEHOLD_BANK_ACCOUNT.masked(bank_account)}


def member_snapshot(m: Member, id_number: str, phone: str | None) -> dict[str, Any]:
    """Describe a member for the audit trail as a reader without pii:read sees it (no birth date)."""
    plain = _plain_columns(m)
    del plain["birth_date"]
    return {**plain, "id_number": MEMBER_ID_NUMBER.masked(id_number), "phone": MEMBER_PHONE.masked(phone)}


def income(record: IncomeRecord) -> IncomeRead:
    """Render an income record with its derived net income and income per head."""
    net = net_income(record.wages, record.production_business, record.property_income,
                     record.transfer_income, record.production_costs)
    return IncomeRead(
        year=record.year, revision=record.revision, wages=record.wages,
        production_business=record.production_business, property_income=record.property_income,
        transfer_income=record.transfer_income, production_costs=record.production_costs,
        household_size=record.household_size, net_income=net,
        income_per_head=income_per_head(net, record.household_size), note=record.note,
        recorded_at=record.recorded_at, recorded_by=record.recorded_by,
    )
