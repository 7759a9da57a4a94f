"""ORM classes of the supervision service, one module per sub-domain."""

from services.supervision.models.assessments import (
    Assessment,
    AssessmentIndicator,
    EvaluatedHousehold,
    Evaluation,
)
from services.supervision.models.base import Base, consumers, infra, replica
from services.supervision.models.flags import RedFlag, TargetPlace
from services.supervision.models.interviews import Inspection, Interview, RectificationItem
from services.supervision.models.misconduct import BlacklistEntry, MisconductLead
from services.supervision.models.officials import Official, TeamPosting, WorkTeam
from services.supervision.models.research import ResearchDay, ResearchQuota, TopicalStudy, YearlyReport
from services.supervision.models.visits import Visit

__all__ = [
    "Assessment",
    "AssessmentIndicator",
    "Base",
    "BlacklistEntry",
    "EvaluatedHousehold",
    "Evaluation",
    "Inspection",
    "Interview",
    "MisconductLead",
    "Official",
    "RectificationItem",
    "RedFlag",
    "ResearchDay",
    "ResearchQuota",
    "TargetPlace",
    "TeamPosting",
    "TopicalStudy",
    "Visit",
    "WorkTeam",
    "YearlyReport",
    "consumers",
    "infra",
    "replica",
]
