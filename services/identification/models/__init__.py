"""All ORM classes of the identification service, one module per sub-domain."""

from services.identification.models.base import Base, infra
from services.identification.models.bulk import ImportFile, ImportJob, ImportRowError
from services.identification.models.campaigns import (
    CampaignHousehold,
    CrossCheckImport,
    RuralPopulation,
    VerificationCampaign,
    VerificationCase,
    VerificationResult,
    VillageDisaster,
)
from services.identification.models.policy import PolicyStandard, StoredEvaluation, VillageIncome
from services.identification.models.register import (
    Household,
    HouseholdStatusChange,
    IncomeRecord,
    Member,
    NaturalVillage,
    Region,
)
from services.identification.models.procedures import (
    Objection,
    Procedure,
    ProcedureStep,
    VillageExit,
)

__all__ = [
    "Base",
    "Household",
    "HouseholdStatusChange",
    "ImportFile",
    "ImportJob",
    "ImportRowError",
    "IncomeRecord",
    "Member",
    "NaturalVillage",
    "PolicyStandard",
    "Region",
    "StoredEvaluation",
    "VillageIncome",
    "infra",
    "Objection",
    "Procedure",
    "ProcedureStep",
    "VillageExit",
    "CampaignHousehold",
    "CrossCheckImport",
    "RuralPopulation",
    "VerificationCampaign",
    "VerificationCase",
    "VerificationResult",
    "VillageDisaster",
]
