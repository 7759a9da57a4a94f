"""All ORM classes of the identification service, one module per sub-domain."""

from services.identification.models.base import Base, infra
from services.identification.models.bulk import ImportFileChunk, ImportJob, ImportRowError
from services.identification.models.campaigns import (
    CASE_DEPARTMENT_ROW,
    CampaignHousehold,
    CrossCheckImport,
    RuralPopulation,
    VerificationCampaign,
    VerificationCase,
    VerificationResult,
    VillageDisaster,
)
from services.identification.models.policy import PolicyStandard, StoredEvaluation, VillageIncome
from services.identification.models.procedures import (
    Objection,
    Procedure,
    ProcedureStep,
    VillageExit,
)
from services.identification.models.register import (
    HOUSEHOLD_BANK_ACCOUNT,
    HOUSEHOLD_PHONE,
    HOUSEHOLD_SECRET,
    MEMBER_DISABILITY_CARD,
    MEMBER_ID_NUMBER,
    MEMBER_ILLNESS,
    MEMBER_PHONE,
    MEMBER_SECRET,
    Household,
    HouseholdStatusChange,
    IncomeRecord,
    Member,
    NaturalVillage,
    Region,
)

__all__ = [
    "CASE_DEPARTMENT_ROW",
    "HOUSEHOLD_BANK_ACCOUNT",
    "HOUSEHOLD_PHONE",
    "HOUSEHOLD_SECRET",
    "MEMBER_DISABILITY_CARD",
    "MEMBER_ID_NUMBER",
    "MEMBER_ILLNESS",
    "MEMBER_PHONE",
    "MEMBER_SECRET",
    "Base",
    "CampaignHousehold",
    "CrossCheckImport",
    "Household",
    "HouseholdStatusChange",
    "ImportFileChunk",
    "ImportJob",
    "ImportRowError",
    "IncomeRecord",
    "Member",
    "NaturalVillage",
    "Objection",
    "PolicyStandard",
    "Procedure",
    "ProcedureStep",
    "Region",
    "RuralPopulation",
    "StoredEvaluation",
    "VerificationCampaign",
    "VerificationCase",
    "VerificationResult",
    "VillageDisaster",
    "VillageExit",
    "VillageIncome",
    "infra",
]
