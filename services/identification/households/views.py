"""Turn ORM rows into response bodies and audit snapshots, masking personal data."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.identification.households.rules import age_on, income_per_head, net_income
from services.identification.households.schemas import HouseholdRead, IncomeRead, MemberRead
from services.identification.models import Household, IncomeRecord, Member
from shared.crypto import FieldCipher, mask_bank_account, mask_id_number, mask_phone


class PersonalData:
    """Decrypts personal fields and masks them unless the caller may see them."""

    def __init__(self, cipher: FieldCipher, unmasked: bool) -> None:
        self.cipher = cipher
        self.unmasked = unmasked

    def show(self, blob: bytes | None, context: str, mask: Any) -> str | None:
        if blob is None:
            return None
        value = self.cipher.decrypt(blob, context)
        return value if self.unmasked else mask(value)

    def id_number(self, m: Member) -> str:
        """Show a member's ID number."""
        return self.show(m.id_number_enc, "member.id_number", mask_id_number) or ""

    def member(self, m: Member, today: date) -> MemberRead:
        """Render a member."""
        hidden = None if not self.unmasked else self.show(m.illness_enc, "member.illness", str)
        return MemberRead(
            id=m.id, name=m.name, id_number=self.id_number(m), sex=m.sex, birth_date=m.birth_date,
            age=age_on(m.birth_date, today), relation=m.relation, education=m.education,
            schooling=m.schooling, health_status=m.health_status, illness=hidden,
            disability_grade=m.disability_grade,
            disability_card=self.show(m.disability_card_enc, "member.disability_card", mask_id_number),
            labour_capacity=m.labour_capacity, pension_insured=m.pension_insured,
            medical_insured=m.medical_insured, critical_illness_insured=m.critical_illness_insured,
            employment=m.employment, phone=self.show(m.phone_enc, "member.phone", mask_phone),
            active=m.active, left_on=m.left_on, left_reason=m.left_reason,
        )

    def household(self, h: Household, region_name: str) -> HouseholdRead:
        """Render a household with its members."""
        today = date.today()
        return HouseholdRead(
            id=h.id, household_no=h.household_no, region_code=h.region_code, region_name=region_name,
            address=h.address, status=h.status, category=h.category, primary_cause=h.primary_cause,
            other_causes=h.other_causes, housing_grade=h.housing_grade,
            renovation_state=h.renovation_state, safe_drinking_water=h.safe_drinking_water,
            helper_name=h.helper_name, helper_subject=h.helper_subject,
            phone=self.show(h.phone_enc, "household.phone", mask_phone), bank_name=h.bank_name,
            bank_account=self.show(h.bank_account_enc, "household.bank_account", mask_bank_account),
            exit_pathway=h.exit_pathway, identified_on=h.identified_on, exited_on=h.exited_on,
            member_count=sum(1 for m in h.members if m.active),
            members=[self.member(m, today) for m in h.members],
            created_at=h.created_at, updated_at=h.updated_at, version=h.version,
        )


_SNAPSHOT_SKIP = {"id_number_enc", "phone_enc", "bank_account_enc", "illness_enc",
                  "disability_card_enc", "id_number_hash", "bank_account_hash", "created_at", "updated_at"}


def snapshot(row: Household | Member, masked: PersonalData) -> dict[str, Any]:
    """Describe a row for the audit trail: plain fields, personal data masked."""
    data = {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in _SNAPSHOT_SKIP}
    if isinstance(row, Member):
        data["id_number"] = masked.id_number(row)
        data["phone"] = masked.show(row.phone_enc, "member.phone", mask_phone)
    else:
        data["phone"] = masked.show(row.phone_enc, "household.phone", mask_phone)
        data["bank_account"] = masked.show(row.bank_account_enc, "household.bank_account",
                                            mask_bank_account)
    return data


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
