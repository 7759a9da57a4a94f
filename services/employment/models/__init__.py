"""ORM classes of the employment service, one module per sub-domain, and its shared tables."""

from services.employment.models.base import Base, consumers, infra, replica
from services.employment.models.jobs import Employer, Position
from services.employment.models.labour import Labourer
from services.employment.models.placements import Contact, Counselling, FollowUp, Placement, PlanStep
from services.employment.models.training import Attendance, Enrolment, Programme, Subsidy

__all__ = ["Attendance", "Base", "Contact", "Counselling", "Employer", "Enrolment", "FollowUp", "Labourer",
           "Placement", "PlanStep", "Position", "Programme", "Subsidy", "consumers", "infra", "replica"]
