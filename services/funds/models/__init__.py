"""ORM classes of the funds service, one module per sub-domain."""

from services.funds.models.assets import AssetShare, Distribution, DistributionLine
from services.funds.models.audits import Audit, AuditPopulationItem, AuditSampleItem, Finding
from services.funds.models.base import Base, consumers, infra, replica
from services.funds.models.credit import BORROWER_ID, Loan
from services.funds.models.money import Allocation, Payment, PaymentStage, Progress
from services.funds.models.performance import Evaluation, Indicator, IndicatorPeriod
from services.funds.models.projects import (
    BENEFICIARY_ACCOUNT,
    Project,
    ProjectBeneficiary,
    ProjectFund,
    ProjectStepRecord,
    ProjectVillage,
)
from services.funds.models.publicity import (
    NOTICE_HEAD_NAME,
    OBJECTOR_CONTACT,
    OBJECTOR_NAME,
    Notice,
    NoticeLine,
    NoticeObjection,
)

__all__ = [
    "BENEFICIARY_ACCOUNT",
    "BORROWER_ID",
    "NOTICE_HEAD_NAME",
    "OBJECTOR_CONTACT",
    "OBJECTOR_NAME",
    "Allocation",
    "AssetShare",
    "Audit",
    "AuditPopulationItem",
    "AuditSampleItem",
    "Base",
    "Distribution",
    "DistributionLine",
    "Evaluation",
    "Finding",
    "Indicator",
    "IndicatorPeriod",
    "Loan",
    "Notice",
    "NoticeLine",
    "NoticeObjection",
    "Payment",
    "PaymentStage",
    "Progress",
    "Project",
    "ProjectBeneficiary",
    "ProjectFund",
    "ProjectStepRecord",
    "ProjectVillage",
    "consumers",
    "infra",
    "replica",
]
